import { abs, add, div, maximum, mul, type Tensor, type Tree, tree, zerosLike } from "@tapegrad/autograd";
import { nextCount, readCount, type StepCount, zeroCount } from "../core/count";
import type { GradientTransformation } from "../core/transformation";
import { checkParams, perParameter } from "../core/trees";
import { checkNumber, checkOptions, NON_NEGATIVE, UNIT_OPEN } from "../core/validate";

/** Options of `scaleByAdamax` (Adamax's step, without the learning rate). */
export interface ScaleByAdamaxOptions {
  /** Decay of the first moment, in [0, 1); default 0.9. */
  readonly beta1?: number;
  /** Decay of the infinity norm, in [0, 1); default 0.999. */
  readonly beta2?: number;
  /** ε ≥ 0 added to |g| inside the maximum; default 1e-8. */
  readonly eps?: number;
}

/** The state of `scaleByAdamax`: the step count, the first moment mu and the infinity norm nu. */
export type ScaleByAdamaxState = { readonly count: StepCount; readonly mu: Tree; readonly nu: Tree };

/** @internal `scaleByAdamax` whose errors name `owner`. */
export const scaleByAdamaxFor = (
  owner: string,
  opts?: ScaleByAdamaxOptions,
): GradientTransformation<ScaleByAdamaxState> => {
  const o = checkOptions(owner, opts);
  const b1 = checkNumber(owner, "beta1", o.beta1 ?? 0.9, UNIT_OPEN);
  const b2 = checkNumber(owner, "beta2", o.beta2 ?? 0.999, UNIT_OPEN);
  const eps = checkNumber(owner, "eps", o.eps ?? 1e-8, NON_NEGATIVE);
  return {
    init: (params) => {
      const [leaves, def] = checkParams(`${owner}.init`, params);
      const zeros = (): Tree => tree.unflatten(def, leaves.map(zerosLike));
      return { count: zeroCount(), mu: zeros(), nu: zeros() };
    },
    update: (grads, state) => {
      const owned = `${owner}.update`;
      const n = readCount(owned, state?.count);
      const { def, g, s } = perParameter(owned, grads, state, ["mu", "nu"]);
      const bc1 = 1 - b1 ** (n + 1);
      const mu = g.map((gi, i): Tensor => add(mul(s.mu[i]!, b1), mul(gi, 1 - b1)));
      const nu = g.map((gi, i): Tensor => maximum(mul(s.nu[i]!, b2), add(abs(gi), eps)));
      return {
        updates: tree.unflatten(
          def,
          mu.map((m, i) => div(div(m, bc1), nu[i]!)),
        ),
        state: { count: nextCount(n), mu: tree.unflatten(def, mu), nu: tree.unflatten(def, nu) },
      };
    },
  };
};

/**
 * Adamax's step (Kingma & Ba; PyTorch): `m = β₁m + (1−β₁)g`, `u = max(β₂u, |g| + ε)`,
 * output `m/((1 − β₁ᵗ)·u)`, t counted from 1. NOTE: ε inside the maximum, as PyTorch (Optax adds
 * it to the denominator).
 *
 * @example
 * const opt = chain(scaleByAdamax(), scaleByLearningRate(2e-3))
 */
export const scaleByAdamax = (opts?: ScaleByAdamaxOptions): GradientTransformation<ScaleByAdamaxState> =>
  scaleByAdamaxFor("scaleByAdamax", opts);
