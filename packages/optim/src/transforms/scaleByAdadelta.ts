import { add, div, mul, sqrt, type Tensor, type Tree, tree } from "@tapegrad/autograd";
import { ema } from "../core/moments";
import type { GradientTransformation } from "../core/transformation";
import { perParameter, zerosLikeParams } from "../core/trees";
import { checkNumber, checkOptions, NON_NEGATIVE, UNIT } from "../core/validate";

/** Options of `scaleByAdadelta` (Adadelta's step, without the learning rate). */
export interface ScaleByAdadeltaOptions {
  /** Decay ρ of both running averages, in [0, 1]; default 0.9. */
  readonly rho?: number;
  /** ε ≥ 0 inside both roots; default 1e-6. */
  readonly eps?: number;
}

/** The state of `scaleByAdadelta`: the running averages of g² and of the squared steps. */
export type ScaleByAdadeltaState = { readonly squareAvg: Tree; readonly accDelta: Tree };

/** @internal `scaleByAdadelta` whose errors name `owner`. */
export const scaleByAdadeltaFor = (
  owner: string,
  opts?: ScaleByAdadeltaOptions,
): GradientTransformation<ScaleByAdadeltaState> => {
  const o = checkOptions(owner, opts);
  const rho = checkNumber(owner, "rho", o.rho ?? 0.9, UNIT);
  const eps = checkNumber(owner, "eps", o.eps ?? 1e-6, NON_NEGATIVE);
  return {
    init: (params) => {
      return {
        squareAvg: zerosLikeParams(`${owner}.init`, params),
        accDelta: zerosLikeParams(`${owner}.init`, params),
      };
    },
    update: (grads, state) => {
      const { def, g, s } = perParameter(`${owner}.update`, grads, state, ["squareAvg", "accDelta"]);
      const sq = g.map((gi, i) => ema(s.squareAvg[i]!, mul(gi, gi), rho));
      // δ = √(u + ε)/√(v + ε) · g
      const delta = g.map(
        (gi, i): Tensor => mul(div(sqrt(add(s.accDelta[i]!, eps)), sqrt(add(sq[i]!, eps))), gi),
      );
      const acc = delta.map((d, i) => ema(s.accDelta[i]!, mul(d, d), rho));
      return {
        updates: tree.unflatten(def, delta),
        state: { squareAvg: tree.unflatten(def, sq), accDelta: tree.unflatten(def, acc) },
      };
    },
  };
};

/**
 * Adadelta's step (Zeiler; PyTorch): `v = ρv + (1−ρ)g²`, `δ = √(u + ε)/√(v + ε)·g`,
 * `u = ρu + (1−ρ)δ²`; the output is δ (PyTorch then scales by γ = 1 by default).
 *
 * @example
 * const opt = chain(scaleByAdadelta({ rho: 0.95 }), scaleByLearningRate(1))
 */
export const scaleByAdadelta = (
  opts?: ScaleByAdadeltaOptions,
): GradientTransformation<ScaleByAdadeltaState> => scaleByAdadeltaFor("scaleByAdadelta", opts);
