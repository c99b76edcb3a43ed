import type { GradientTransformation } from "../core/transformation";
import { checkOptions } from "../core/validate";
import type { LearningRate } from "../schedules/schedule";
import { type ScaleByAdamOptions, type ScaleByAdamState, scaleByAdamFor } from "../transforms/scaleByAdam";
import { type AdamFamilyState, adamFamily, type WeightDecayOptions } from "./adamFamily";

/** Options of `adam`, `amsgrad` and `adamw` (defaults as `torch.optim.Adam`/`AdamW`). */
export interface AdamOptions extends ScaleByAdamOptions, WeightDecayOptions {
  /** γ ≥ 0 or a schedule; default 1e-3. */
  readonly learningRate?: LearningRate;
}

/** The state of `adam`, `amsgrad`, `adamw`, `kerasAdam`. */
export type AdamState = AdamFamilyState<ScaleByAdamState>;

// `over` overrides the caller's options (adamw's decoupledWeightDecay: true, …).
const build = (owner: string, opts: AdamOptions | undefined, over: AdamOptions, defaultWeightDecay = 0) => {
  const o = { ...checkOptions(owner, opts), ...over };
  return adamFamily(owner, o.learningRate ?? 1e-3, o, (n) => scaleByAdamFor(n, o), defaultWeightDecay);
};

/**
 * Adam (PyTorch/Optax): `m = β₁m + (1−β₁)g`, `v = β₂v + (1−β₂)g²`, `θ ← θ − γ·m̂/(√v̂ + ε)`,
 * `m̂ = m/(1−β₁ᵗ)`, `v̂ = v/(1−β₂ᵗ)`. Defaults γ = 1e-3, β = (0.9, 0.999), ε = 1e-8.
 * NOTE: `weightDecay` is L2 (added to g before the moments) as in PyTorch's Adam; use `adamw`
 * (or `decoupledWeightDecay: true`) for decoupled decay. `epsConvention: 'keras'` moves ε onto
 * the uncorrected √v; see also `kerasAdam`.
 *
 * @example
 * const opt = adam({ learningRate: 1e-3 })
 */
export const adam = (opts?: AdamOptions): GradientTransformation<AdamState> => build("adam", opts, {});

/**
 * AMSGrad: `adam` with `amsgrad: true`, dividing by the running maximum of the second moment.
 * NOTE: by default the maximum of the raw v, then bias-corrected (PyTorch, Keras); see
 * `amsgradConvention`.
 *
 * @example
 * const opt = amsgrad({ learningRate: 1e-3 })
 */
export const amsgrad = (opts?: AdamOptions): GradientTransformation<AdamState> =>
  build("amsgrad", opts, { amsgrad: true });

/**
 * AdamW (Loshchilov & Hutter; PyTorch): `θ ← θ − γλθ`, then the Adam step. Default λ = 1e-2.
 * NOTE: λ defaults to PyTorch's 1e-2 (Optax 1e-4, Keras 0.004), and it is scaled by γ as in
 * PyTorch and Optax.
 *
 * @example
 * const opt = adamw({ learningRate: 1e-3, weightDecay: 0.05 })
 */
export const adamw = (opts?: AdamOptions): GradientTransformation<AdamState> =>
  build("adamw", opts, { decoupledWeightDecay: true }, 1e-2);

/** Options of `kerasAdam` (defaults as `keras.optimizers.Adam`). */
export interface KerasAdamOptions {
  /** γ ≥ 0 or a schedule; default 1e-3. */
  readonly learningRate?: LearningRate;
  /** default 0.9. */
  readonly beta1?: number;
  /** default 0.999. */
  readonly beta2?: number;
  /** ε, on the uncorrected √v; default 1e-7. */
  readonly eps?: number;
  /** default false. */
  readonly amsgrad?: boolean;
  /** Decoupled weight decay λ, as every Keras 3 optimizer applies it (`θ ← θ − γλθ`); default 0. */
  readonly weightDecay?: number;
}

/**
 * Adam with Keras's conventions: ε = 1e-7 added to the *uncorrected* √v, i.e.
 * `θ ← θ − γ·m̂/(√v̂ + ε/√(1−β₂ᵗ))`, and decoupled weight decay. Same as
 * `adam({ eps: 1e-7, epsConvention: 'keras', decoupledWeightDecay: true, … })`.
 *
 * @example
 * const opt = kerasAdam({ learningRate: 1e-3 })
 */
export const kerasAdam = (opts?: KerasAdamOptions): GradientTransformation<AdamState> => {
  const o = checkOptions("kerasAdam", opts);
  return build(
    "kerasAdam",
    { ...o, eps: o.eps ?? 1e-7 },
    { epsConvention: "keras", decoupledWeightDecay: true },
  );
};
