import { add, div, mul, sqrt, type Tensor } from "@tapegrad/autograd";
import {
  checkMomentOptions,
  ema,
  type MomentOptions,
  type MomentsState,
  momentsTransformation,
} from "../core/moments";
import type { GradientTransformation } from "../core/transformation";

/** Options of `scaleByRadam` (RAdam's step, without the learning rate). */
export type ScaleByRadamOptions = MomentOptions;

/** The state of `scaleByRadam`: the step count and the moments mu (m) and nu (v). */
export type ScaleByRadamState = MomentsState;

/** @internal `scaleByRadam` whose errors name `owner`. */
export const scaleByRadamFor = (
  owner: string,
  opts?: ScaleByRadamOptions,
): GradientTransformation<ScaleByRadamState> => {
  const { b1, b2, eps } = checkMomentOptions(owner, opts);
  const rhoInf = 2 / (1 - b2) - 1;
  return momentsTransformation(owner, (t, g, m0, v0) => {
    const bc1 = 1 - b1 ** t;
    const bc2 = 1 - b2 ** t;
    // ρ_t = ρ_∞ − 2tβ₂ᵗ/(1 − β₂ᵗ)
    const rhoT = rhoInf - (2 * t * b2 ** t) / bc2;
    const mu = g.map((gi, i) => ema(m0[i]!, gi, b1));
    const nu = g.map((gi, i) => ema(v0[i]!, mul(gi, gi), b2));
    let updates: Tensor[];
    if (rhoT > 5) {
      // r = √((ρ_t−4)(ρ_t−2)ρ_∞ / ((ρ_∞−4)(ρ_∞−2)ρ_t)); u = m̂ · r · √(1−β₂ᵗ)/(√v + ε)
      const rect = Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
      const c = (rect * Math.sqrt(bc2)) / bc1;
      updates = mu.map((m, i) => div(mul(m, c), add(sqrt(nu[i]!), eps)));
    } else updates = mu.map((m) => div(m, bc1));
    return { mu, nu, updates };
  });
};

/**
 * RAdam's step (Liu et al.; PyTorch): Adam's moments, and with `ρ_∞ = 2/(1−β₂) − 1`,
 * `ρ_t = ρ_∞ − 2tβ₂ᵗ/(1−β₂ᵗ)`: if `ρ_t > 5` the output is `m̂·r_t·√(1−β₂ᵗ)/(√v + ε)` with the
 * rectification `r_t = √((ρ_t−4)(ρ_t−2)ρ_∞/((ρ_∞−4)(ρ_∞−2)ρ_t))`, else plain momentum `m̂`.
 * NOTE: ε is added to the uncorrected √v, as PyTorch does.
 *
 * @example
 * const opt = chain(scaleByRadam(), scaleByLearningRate(1e-3))
 */
export const scaleByRadam = (opts?: ScaleByRadamOptions): GradientTransformation<ScaleByRadamState> =>
  scaleByRadamFor("scaleByRadam", opts);
