import { abs, add, div, maximum, mul, type Tensor } from "@tapegrad/autograd";
import {
  checkMomentOptions,
  ema,
  type MomentOptions,
  type MomentsState,
  momentsTransformation,
} from "../core/moments";
import type { GradientTransformation } from "../core/transformation";

/** Options of `scaleByAdamax` (Adamax's step, without the learning rate). */
export type ScaleByAdamaxOptions = MomentOptions;

/** The state of `scaleByAdamax`: the step count, the first moment mu and the infinity norm nu. */
export type ScaleByAdamaxState = MomentsState;

/** @internal `scaleByAdamax` whose errors name `owner`. */
export const scaleByAdamaxFor = (
  owner: string,
  opts?: ScaleByAdamaxOptions,
): GradientTransformation<ScaleByAdamaxState> => {
  const { b1, b2, eps } = checkMomentOptions(owner, opts);
  return momentsTransformation(owner, (t, g, m0, u0) => {
    const bc1 = 1 - b1 ** t;
    const mu = g.map((gi, i) => ema(m0[i]!, gi, b1));
    const nu = g.map((gi, i): Tensor => maximum(mul(u0[i]!, b2), add(abs(gi), eps)));
    return { mu, nu, updates: mu.map((m, i) => div(div(m, bc1), nu[i]!)) };
  });
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
