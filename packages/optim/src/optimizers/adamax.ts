import type { GradientTransformation } from "../core/transformation";
import { checkOptions } from "../core/validate";
import type { LearningRate } from "../schedules/schedule";
import {
  type ScaleByAdamaxOptions,
  type ScaleByAdamaxState,
  scaleByAdamaxFor,
} from "../transforms/scaleByAdamax";
import { type AdamFamilyState, adamFamily } from "./adamFamily";

/** Options of `adamax` (defaults as `torch.optim.Adamax`). */
export interface AdamaxOptions extends ScaleByAdamaxOptions {
  /** γ ≥ 0 or a schedule; default 2e-3. */
  readonly learningRate?: LearningRate;
  /** L2 weight decay λ ≥ 0; default 0. */
  readonly weightDecay?: number;
}

/** The state of `adamax`. */
export type AdamaxState = AdamFamilyState<ScaleByAdamaxState>;

/**
 * Adamax (Kingma & Ba; PyTorch): `g ← g + λθ`, `m = β₁m + (1−β₁)g`, `u = max(β₂u, |g| + ε)`,
 * `θ ← θ − γ·m/((1 − β₁ᵗ)·u)`. Defaults γ = 2e-3, β = (0.9, 0.999), ε = 1e-8.
 * NOTE: ε inside the maximum (PyTorch); Keras and Optax add it to u.
 *
 * @example
 * const opt = adamax({ learningRate: 2e-3 })
 */
export const adamax = (opts?: AdamaxOptions): GradientTransformation<AdamaxState> => {
  const o = checkOptions("adamax", opts);
  return adamFamily("adamax", o.learningRate ?? 2e-3, { weightDecay: o.weightDecay }, (n) =>
    scaleByAdamaxFor(n, o),
  );
};
