import { add, div, mul, sqrt, type Tensor, type Tree, tree } from "@tapegrad/autograd";
import { nextCount, readCount, zeroCount } from "../core/count";
import { checkMomentOptions, type MomentOptions, type MomentsState } from "../core/moments";
import type { GradientTransformation } from "../core/transformation";
import { perParameter, zerosLikeParams } from "../core/trees";
import { checkOptions } from "../core/validate";

/** Options of `scaleByRadam` (RAdam's step, without the learning rate). */
export type ScaleByRadamOptions = MomentOptions;

/** The state of `scaleByRadam`: the step count and the moments mu (m) and nu (v). */
export type ScaleByRadamState = MomentsState;

/** @internal `scaleByRadam` whose errors name `owner`. */
export const scaleByRadamFor = (
  owner: string,
  opts?: ScaleByRadamOptions,
): GradientTransformation<ScaleByRadamState> => {
  const o = checkOptions(owner, opts);
  const { b1, b2, eps } = checkMomentOptions(owner, o);
  const rhoInf = 2 / (1 - b2) - 1;
  return {
    init: (params) => {
      const zeros = (): Tree => zerosLikeParams(`${owner}.init`, params);
      return { count: zeroCount(), mu: zeros(), nu: zeros() };
    },
    update: (grads, state) => {
      const owned = `${owner}.update`;
      const n = readCount(owned, state?.count);
      const { def, g, s } = perParameter(owned, grads, state, ["mu", "nu"]);
      const t = n + 1;
      const bc1 = 1 - b1 ** t;
      const bc2 = 1 - b2 ** t;
      // ρ_t = ρ_∞ − 2tβ₂ᵗ/(1 − β₂ᵗ)
      const rhoT = rhoInf - (2 * t * b2 ** t) / bc2;
      const mu = g.map((gi, i): Tensor => add(mul(s.mu[i]!, b1), mul(gi, 1 - b1)));
      const nu = g.map((gi, i): Tensor => add(mul(s.nu[i]!, b2), mul(mul(gi, gi), 1 - b2)));
      let updates: Tensor[];
      if (rhoT > 5) {
        // r = √((ρ_t−4)(ρ_t−2)ρ_∞ / ((ρ_∞−4)(ρ_∞−2)ρ_t)); u = m̂ · r · √(1−β₂ᵗ)/(√v + ε)
        const rect = Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
        const c = (rect * Math.sqrt(bc2)) / bc1;
        updates = mu.map((m, i) => div(mul(m, c), add(sqrt(nu[i]!), eps)));
      } else updates = mu.map((m) => div(m, bc1));
      return {
        updates: tree.unflatten(def, updates),
        state: { count: nextCount(n), mu: tree.unflatten(def, mu), nu: tree.unflatten(def, nu) },
      };
    },
  };
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
