import { add, div, mul, sqrt, sub, type Tensor, type Tree, tree } from "@tapegrad/autograd";
import { ema } from "../core/moments";
import type { GradientTransformation } from "../core/transformation";
import { perParameter, zerosLikeParams } from "../core/trees";
import { checkBoolean, checkNumber, checkOptions, NON_NEGATIVE, UNIT } from "../core/validate";

/** Options of `scaleByRms` and `scaleByStddev` (RMSprop's scaling, without the learning rate). */
export interface ScaleByRmsOptions {
  /** Decay α of the mean square, in [0, 1]; default 0.99 (PyTorch; Keras 0.9). */
  readonly alpha?: number;
  /** ε ≥ 0; default 1e-8 (PyTorch; Keras 1e-7). */
  readonly eps?: number;
  /** `g/√(v + ε)` (Keras, Optax) instead of `g/(√v + ε)` (PyTorch, the default). */
  readonly epsInsideSqrt?: boolean;
}

/** The state of `scaleByRms`: the mean square nu (v), shaped like the parameters. */
export type ScaleByRmsState = { readonly nu: Tree };
/** The state of `scaleByStddev`: the mean gradient mu (ḡ) and the mean square nu (v). */
export type ScaleByStddevState = { readonly mu: Tree; readonly nu: Tree };

const settings = (owner: string, opts?: ScaleByRmsOptions) => {
  const o = checkOptions(owner, opts);
  return {
    alpha: checkNumber(owner, "alpha", o.alpha ?? 0.99, UNIT),
    eps: checkNumber(owner, "eps", o.eps ?? 1e-8, NON_NEGATIVE),
    inside: checkBoolean(owner, "epsInsideSqrt", o.epsInsideSqrt ?? false),
  };
};

// g / (√v + ε), or g / √(v + ε)
const scaled = (g: Tensor, v: Tensor, eps: number, inside: boolean): Tensor =>
  div(g, inside ? sqrt(add(v, eps)) : add(sqrt(v), eps));

/** @internal `scaleByRms` whose errors name `owner`. */
export const scaleByRmsFor = (
  owner: string,
  opts?: ScaleByRmsOptions,
): GradientTransformation<ScaleByRmsState> => {
  const { alpha, eps, inside } = settings(owner, opts);
  return {
    init: (params) => ({ nu: zerosLikeParams(`${owner}.init`, params) }),
    update: (grads, state) => {
      const { def, g, s } = perParameter(`${owner}.update`, grads, state, ["nu"]);
      const nu = g.map((gi, i) => ema(s.nu[i]!, mul(gi, gi), alpha));
      return {
        updates: tree.unflatten(
          def,
          g.map((gi, i) => scaled(gi, nu[i]!, eps, inside)),
        ),
        state: { nu: tree.unflatten(def, nu) },
      };
    },
  };
};

/**
 * RMSprop's scaling (PyTorch `RMSprop`): `v = αv + (1−α)g²`, `u = g/(√v + ε)`.
 * NOTE: ε outside the root, as PyTorch; `epsInsideSqrt: true` gives Keras/Optax's `g/√(v + ε)`.
 *
 * @example
 * const opt = chain(scaleByRms({ alpha: 0.9 }), scaleByLearningRate(1e-3))
 */
export const scaleByRms = (opts?: ScaleByRmsOptions): GradientTransformation<ScaleByRmsState> =>
  scaleByRmsFor("scaleByRms", opts);

/** @internal `scaleByStddev` whose errors name `owner`. */
export const scaleByStddevFor = (
  owner: string,
  opts?: ScaleByRmsOptions,
): GradientTransformation<ScaleByStddevState> => {
  const { alpha, eps, inside } = settings(owner, opts);
  return {
    init: (params) => ({
      mu: zerosLikeParams(`${owner}.init`, params),
      nu: zerosLikeParams(`${owner}.init`, params),
    }),
    update: (grads, state) => {
      const { def, g, s } = perParameter(`${owner}.update`, grads, state, ["mu", "nu"]);
      const mu = g.map((gi, i) => ema(s.mu[i]!, gi, alpha));
      const nu = g.map((gi, i) => ema(s.nu[i]!, mul(gi, gi), alpha));
      const updates = g.map((gi, i) => scaled(gi, sub(nu[i]!, mul(mu[i]!, mu[i]!)), eps, inside));
      return {
        updates: tree.unflatten(def, updates),
        state: { mu: tree.unflatten(def, mu), nu: tree.unflatten(def, nu) },
      };
    },
  };
};

/**
 * Centered RMSprop's scaling (PyTorch `RMSprop(centered=True)`): `v = αv + (1−α)g²`,
 * `ḡ = αḡ + (1−α)g`, `u = g/(√(v − ḡ²) + ε)`. NOTE: ε placement as in `scaleByRms`.
 *
 * @example
 * const opt = chain(scaleByStddev(), scaleByLearningRate(1e-3))
 */
export const scaleByStddev = (opts?: ScaleByRmsOptions): GradientTransformation<ScaleByStddevState> =>
  scaleByStddevFor("scaleByStddev", opts);
