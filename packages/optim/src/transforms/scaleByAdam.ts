import {
  add,
  div,
  fusedAdamMoments,
  maximum,
  mul,
  sqrt,
  type Tensor,
  type Tree,
  tree,
} from "@tapegrad/autograd";
import { nextCount, readCount, type StepCount } from "../core/count";
import { FUSE_SCALE, type Fusible } from "../core/fusion";
import { checkMomentOptions, ema, type MomentOptions, zeroMoments } from "../core/moments";
import type { GradientTransformation } from "../core/transformation";
import { perParameter, zerosLikeParams } from "../core/trees";
import { checkBoolean, checkChoice } from "../core/validate";

/** Options of `scaleByAdam` (the moment estimation of Adam, without the learning rate). */
export interface ScaleByAdamOptions extends MomentOptions {
  /** Divide by the running maximum of the second moment (AMSGrad); default false. */
  readonly amsgrad?: boolean;
  /**
   * Where ε goes. `'pytorch'` (default, also Optax): `√v̂ + ε`. `'keras'`: `√v + ε` on the
   * *uncorrected* v, i.e. `√v̂ + ε/√(1 − β₂ᵗ)`.
   */
  readonly epsConvention?: "pytorch" | "keras";
  /**
   * What AMSGrad takes the maximum of. `'pytorch'` (default, also Keras): the raw second moment,
   * `v_max = max(v_max, v)`, then `v̂ = v_max/(1 − β₂ᵗ)`. `'optax'` (NUMERICS.md's line):
   * the corrected one, `v̂_max = max(v̂_max, v/(1 − β₂ᵗ))`.
   */
  readonly amsgradConvention?: "pytorch" | "optax";
}

/**
 * The state of `scaleByAdam`: the step count, the moments mu (m) and nu (v) shaped like the
 * parameters, and with AMSGrad the running maximum nuMax.
 */
export type ScaleByAdamState = {
  readonly count: StepCount;
  readonly mu: Tree;
  readonly nu: Tree;
  /** Present only with `amsgrad: true`. */
  readonly nuMax?: Tree;
};

/** @internal `scaleByAdam` whose errors name `owner`. */
export const scaleByAdamFor = (
  owner: string,
  opts?: ScaleByAdamOptions,
): GradientTransformation<ScaleByAdamState> => {
  const { o, b1, b2, eps } = checkMomentOptions(owner, opts);
  const amsgrad = checkBoolean(owner, "amsgrad", o.amsgrad ?? false);
  const keras =
    checkChoice(owner, "epsConvention", o.epsConvention ?? "pytorch", ["pytorch", "keras"]) === "keras";
  const maxOfCorrected =
    checkChoice(owner, "amsgradConvention", o.amsgradConvention ?? "pytorch", ["pytorch", "optax"]) ===
    "optax";
  // One fused pass per leaf (the ops' values bit for bit): m, v and the direction times `scale`
  // (1 alone; −γ when chain folds the learning rate in, see core/fusion.ts).
  const fusedUpdate = (
    grads: Tree,
    state: ScaleByAdamState,
    scale: () => number,
  ): { readonly updates: Tree; readonly state: ScaleByAdamState } => {
    const owned = `${owner}.update`;
    const n = readCount(owned, state?.count);
    const { def, g, s } = perParameter(owned, grads, state, ["mu", "nu"]);
    const t = n + 1;
    const bc2 = 1 - b2 ** t;
    const o = {
      beta1: b1,
      beta2: b2,
      bc1: 1 - b1 ** t,
      bc2,
      eps: keras ? eps / Math.sqrt(bc2) : eps,
      scale: scale(),
    };
    const fused = g.map((gi, i) => fusedAdamMoments(gi, s.mu[i]!, s.nu[i]!, o));
    return {
      updates: tree.unflatten(
        def,
        fused.map((f) => f[2]),
      ),
      state: {
        count: nextCount(n),
        mu: tree.unflatten(
          def,
          fused.map((f) => f[0]),
        ),
        nu: tree.unflatten(
          def,
          fused.map((f) => f[1]),
        ),
      },
    };
  };
  const transformation: Fusible<ScaleByAdamState> = {
    init: (params) => {
      const base = zeroMoments(owner, params);
      return amsgrad ? { ...base, nuMax: zerosLikeParams(`${owner}.init`, params) } : base;
    },
    update: (grads, state) => {
      if (!amsgrad) return fusedUpdate(grads, state, () => 1);
      const owned = `${owner}.update`;
      const n = readCount(owned, state?.count);
      const { def, g, s } = perParameter(owned, grads, state, ["mu", "nu", "nuMax"]);
      const t = n + 1;
      const bc1 = 1 - b1 ** t;
      const bc2 = 1 - b2 ** t;
      const epsEff = keras ? eps / Math.sqrt(bc2) : eps;
      const mu = g.map((gi, i) => ema(s.mu[i]!, gi, b1));
      const nu = g.map((gi, i) => ema(s.nu[i]!, mul(gi, gi), b2));
      // AMSGrad: v̂ is the running maximum (of raw v, then corrected; or of v̂)
      const nuMax = maxOfCorrected
        ? nu.map((v, i) => maximum(s.nuMax![i]!, div(v, bc2)))
        : nu.map((v, i) => maximum(s.nuMax![i]!, v));
      const nuHat = maxOfCorrected ? nuMax : nuMax.map((v) => div(v, bc2));
      // u = m̂ / (√v̂ + ε)
      const updates = mu.map((m, i): Tensor => div(div(m, bc1), add(sqrt(nuHat[i]!), epsEff)));
      return {
        updates: tree.unflatten(def, updates),
        state: {
          count: nextCount(n),
          mu: tree.unflatten(def, mu),
          nu: tree.unflatten(def, nu),
          nuMax: tree.unflatten(def, nuMax),
        },
      };
    },
    ...(amsgrad
      ? {}
      : {
          [FUSE_SCALE]: (grads: Tree, state: ScaleByAdamState, _p: unknown, scale: () => number) =>
            fusedUpdate(grads, state, scale),
        }),
  };
  return transformation;
};

/**
 * Adam's direction (Kingma & Ba; PyTorch/Optax): `m = β₁m + (1−β₁)g`, `v = β₂v + (1−β₂)g²`,
 * `u = m̂/(√v̂ + ε)` with `m̂ = m/(1−β₁ᵗ)`, `v̂ = v/(1−β₂ᵗ)`, t counted from 1. Chain it with
 * `scaleByLearningRate`. NOTE: `epsConvention: 'keras'` puts ε on the uncorrected √v, and
 * AMSGrad takes the maximum of the raw v by default (PyTorch, Keras); see the options.
 *
 * @example
 * const opt = chain(scaleByAdam({ beta2: 0.99 }), scaleByLearningRate(1e-3))
 */
export const scaleByAdam = (opts?: ScaleByAdamOptions): GradientTransformation<ScaleByAdamState> =>
  scaleByAdamFor("scaleByAdam", opts);
