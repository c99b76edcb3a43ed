import { clip, type Tensor, tree } from "@tapegrad/autograd";
import { optimError } from "../core/errors";
import { type EmptyState, emptyState, type GradientTransformation } from "../core/transformation";
import { flattenTree } from "../core/trees";
import { checkNumber, NON_NEGATIVE } from "../core/validate";

const bound = (name: string, v: unknown, open: number): number =>
  v === undefined ? open : checkNumber("clipByValue", name, v);

/**
 * Clips every gradient element into `[lo, hi]`: `g ← min(max(g, lo), hi)` (PyTorch
 * `clip_grad_value_`, Optax `clip`). With one argument it is `[−maxAbs, maxAbs]`; with two, an
 * `undefined` bound is open.
 *
 * @example
 * clipByValue(1)            // [−1, 1]
 * clipByValue(-0.5, 2)      // [−0.5, 2]
 * clipByValue(undefined, 5) // (−∞, 5]
 */
export function clipByValue(maxAbs: number): GradientTransformation<EmptyState>;
export function clipByValue(
  lo: number | undefined,
  hi: number | undefined,
): GradientTransformation<EmptyState>;
export function clipByValue(...args: readonly (number | undefined)[]): GradientTransformation<EmptyState> {
  let lo: number;
  let hi: number;
  if (args.length === 1) {
    hi = checkNumber("clipByValue", "maxAbs", args[0], NON_NEGATIVE);
    lo = -hi;
  } else {
    lo = bound("lo", args[0], -Infinity);
    hi = bound("hi", args[1], Infinity);
    if (lo > hi) throw optimError("clipByValue", `needs lo ≤ hi, got lo = ${lo} and hi = ${hi}`);
  }
  return {
    init: () => emptyState(),
    update: (grads, state) => {
      const [leaves, def] = flattenTree("clipByValue.update", "the gradient tree", grads);
      return {
        updates: tree.unflatten(
          def,
          leaves.map((g): Tensor => clip(g, lo, hi)),
        ),
        state,
      };
    },
  };
}
