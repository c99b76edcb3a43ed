import { add, div, full, mul, sqrt, type Tensor, type Tree, tree } from "@tapegrad/autograd";
import type { GradientTransformation } from "../core/transformation";
import { checkParams, perParameter } from "../core/trees";
import { checkNumber, checkOptions, NON_NEGATIVE } from "../core/validate";

/** Options of `scaleByRss` (Adagrad's scaling, without the learning rate). */
export interface ScaleByRssOptions {
  /** The starting value s₀ ≥ 0 of the accumulator; default 0. */
  readonly initialAccumulatorValue?: number;
  /** ε ≥ 0 added to the root; default 1e-10. */
  readonly eps?: number;
}

/** The state of `scaleByRss`: the running sum of squared gradients, shaped like the parameters. */
export type ScaleByRssState = { readonly sumOfSquares: Tree };

/** @internal `scaleByRss` whose errors name `owner`. */
export const scaleByRssFor = (
  owner: string,
  opts?: ScaleByRssOptions,
): GradientTransformation<ScaleByRssState> => {
  const o = checkOptions(owner, opts);
  const s0 = checkNumber(owner, "initialAccumulatorValue", o.initialAccumulatorValue ?? 0, NON_NEGATIVE);
  const eps = checkNumber(owner, "eps", o.eps ?? 1e-10, NON_NEGATIVE);
  return {
    init: (params) => {
      const [leaves, def] = checkParams(`${owner}.init`, params);
      return {
        sumOfSquares: tree.unflatten(
          def,
          leaves.map((p) => full(p.shape, s0, p.dtype)),
        ),
      };
    },
    update: (grads, state) => {
      const { def, g, s } = perParameter(`${owner}.update`, grads, state, ["sumOfSquares"]);
      const sums = g.map((gi, i): Tensor => add(s.sumOfSquares[i]!, mul(gi, gi)));
      return {
        updates: tree.unflatten(
          def,
          g.map((gi, i) => div(gi, add(sqrt(sums[i]!), eps))),
        ),
        state: { sumOfSquares: tree.unflatten(def, sums) },
      };
    },
  };
};

/**
 * Adagrad's scaling (PyTorch): `s ← s + g²`, `u = g/(√s + ε)`. NOTE: ε outside the root as
 * PyTorch (Optax's `scale_by_rss` puts it inside).
 *
 * @example
 * const opt = chain(scaleByRss(), scaleByLearningRate(1e-2))
 */
export const scaleByRss = (opts?: ScaleByRssOptions): GradientTransformation<ScaleByRssState> =>
  scaleByRssFor("scaleByRss", opts);
