import { add, div, isTensor, mul, scalar, sqrt, type Tensor, type Tree, tree } from "@tapegrad/autograd";
import { nextCount, readCount, type StepCount } from "../core/count";
import { optimError } from "../core/errors";
import { checkMomentOptions, ema, type MomentOptions, zeroMoments } from "../core/moments";
import type { GradientTransformation } from "../core/transformation";
import { perParameter, stateField } from "../core/trees";
import { checkNumber, NON_NEGATIVE } from "../core/validate";

/** Options of `scaleByNadam` (NAdam's step as in PyTorch ≥ 2.0, without the learning rate). */
export interface ScaleByNadamOptions extends MomentOptions {
  /** ψ ≥ 0, the momentum decay of the μ_t schedule; default 4e-3. */
  readonly momentumDecay?: number;
}

/**
 * The state of `scaleByNadam`: the step count, the product Π μ_i of the momentum schedule so far
 * (a float64 scalar tensor), and the moments mu (m) and nu (v).
 */
export type ScaleByNadamState = {
  readonly count: StepCount;
  readonly muProduct: Tensor;
  readonly mu: Tree;
  readonly nu: Tree;
};

/** @internal `scaleByNadam` whose errors name `owner`. */
export const scaleByNadamFor = (
  owner: string,
  opts?: ScaleByNadamOptions,
): GradientTransformation<ScaleByNadamState> => {
  const { o, b1, b2, eps } = checkMomentOptions(owner, opts);
  const psi = checkNumber(owner, "momentumDecay", o.momentumDecay ?? 4e-3, NON_NEGATIVE);
  // μ_t = β₁(1 − ½·0.96^(tψ))
  const muAt = (t: number): number => b1 * (1 - 0.5 * 0.96 ** (t * psi));
  return {
    init: (params) => {
      const { count, mu, nu } = zeroMoments(owner, params);
      return { count, muProduct: scalar(1, "float64"), mu, nu };
    },
    update: (grads, state) => {
      const owned = `${owner}.update`;
      const n = readCount(owned, state?.count);
      const prod = stateField(owned, state, "muProduct");
      if (!isTensor(prod) || prod.size !== 1)
        throw optimError(owned, "state.muProduct must be a scalar tensor");
      const { def, g, s } = perParameter(owned, grads, state, ["mu", "nu"]);
      const t = n + 1;
      const muT = muAt(t);
      const muNext = muAt(t + 1);
      const muProduct = prod.item() * muT;
      const bc2 = 1 - b2 ** t;
      // c_g = (1 − μ_t)/(1 − Π_t),  c_m = μ_{t+1}/(1 − Π_t·μ_{t+1})
      const cg = (1 - muT) / (1 - muProduct);
      const cm = muNext / (1 - muProduct * muNext);
      const mu = g.map((gi, i) => ema(s.mu[i]!, gi, b1));
      const nu = g.map((gi, i) => ema(s.nu[i]!, mul(gi, gi), b2));
      // u = (c_g·g + c_m·m) / (√(v/(1−β₂ᵗ)) + ε)
      const updates = g.map(
        (gi, i): Tensor => div(add(mul(gi, cg), mul(mu[i]!, cm)), add(sqrt(div(nu[i]!, bc2)), eps)),
      );
      return {
        updates: tree.unflatten(def, updates),
        state: {
          count: nextCount(n),
          muProduct: scalar(muProduct, "float64"),
          mu: tree.unflatten(def, mu),
          nu: tree.unflatten(def, nu),
        },
      };
    },
  };
};

/**
 * NAdam's step (Dozat; PyTorch ≥ 2.0 with momentum decay ψ): `μ_t = β₁(1 − ½·0.96^(tψ))`,
 * `Π_t = Π_{i≤t} μ_i`, `m = β₁m + (1−β₁)g`, `v = β₂v + (1−β₂)g²`, `d = √(v/(1−β₂ᵗ)) + ε`,
 * output `(1−μ_t)/(1−Π_t)·g/d + μ_{t+1}/(1−Π_t·μ_{t+1})·m/d`.
 *
 * @example
 * const opt = chain(scaleByNadam(), scaleByLearningRate(2e-3))
 */
export const scaleByNadam = (opts?: ScaleByNadamOptions): GradientTransformation<ScaleByNadamState> =>
  scaleByNadamFor("scaleByNadam", opts);
