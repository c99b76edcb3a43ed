import { abs, add, div, maximum, mul, type Tensor, type Tree, tree } from "@tapegrad/autograd";
import { nextCount, readCount, zeroCount } from "../core/count";
import { checkMomentOptions, type MomentOptions, type MomentsState } from "../core/moments";
import type { GradientTransformation } from "../core/transformation";
import { perParameter, zerosLikeParams } from "../core/trees";
import { checkOptions } from "../core/validate";

/** Options of `scaleByAdamax` (Adamax's step, without the learning rate). */
export type ScaleByAdamaxOptions = MomentOptions;

/** The state of `scaleByAdamax`: the step count, the first moment mu and the infinity norm nu. */
export type ScaleByAdamaxState = MomentsState;

/** @internal `scaleByAdamax` whose errors name `owner`. */
export const scaleByAdamaxFor = (
  owner: string,
  opts?: ScaleByAdamaxOptions,
): GradientTransformation<ScaleByAdamaxState> => {
  const o = checkOptions(owner, opts);
  const { b1, b2, eps } = checkMomentOptions(owner, o);
  return {
    init: (params) => {
      const zeros = (): Tree => zerosLikeParams(`${owner}.init`, params);
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
