import type { GradientTransformation } from "../core/transformation";
import { checkOptions } from "../core/validate";
import type { LearningRate } from "../schedules/schedule";
import {
  type ScaleByRadamOptions,
  type ScaleByRadamState,
  scaleByRadamFor,
} from "../transforms/scaleByRadam";
import { type AdamFamilyState, adamFamily, type WeightDecayOptions } from "./adamFamily";

/** Options of `radam` (defaults as `torch.optim.RAdam`). */
export interface RadamOptions extends ScaleByRadamOptions, WeightDecayOptions {
  /** γ ≥ 0 or a schedule; default 1e-3. */
  readonly learningRate?: LearningRate;
}

/** The state of `radam`. */
export type RadamState = AdamFamilyState<ScaleByRadamState>;

/**
 * RAdam (Liu et al.; PyTorch): Adam whose adaptive step is switched on, and rectified, once the
 * variance of its estimate is tractable: with `ρ_t = ρ_∞ − 2tβ₂ᵗ/(1−β₂ᵗ)`, `θ ← θ − γ·m̂·r_t·√(1−β₂ᵗ)/(√v + ε)`
 * when `ρ_t > 5`, else `θ ← θ − γ·m̂`. Defaults γ = 1e-3, β = (0.9, 0.999), ε = 1e-8; weight
 * decay L2 unless `decoupledWeightDecay`.
 * NOTE: ε on the uncorrected √v, as PyTorch.
 *
 * @example
 * const opt = radam({ learningRate: 1e-3 })
 */
export const radam = (opts?: RadamOptions): GradientTransformation<RadamState> => {
  const o = checkOptions("radam", opts);
  return adamFamily("radam", o.learningRate ?? 1e-3, o, (n) => scaleByRadamFor(n, o));
};
