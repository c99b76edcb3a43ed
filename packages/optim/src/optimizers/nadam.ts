import type { GradientTransformation } from "../core/transformation";
import { checkOptions } from "../core/validate";
import type { LearningRate } from "../schedules/schedule";
import {
  type ScaleByNadamOptions,
  type ScaleByNadamState,
  scaleByNadamFor,
} from "../transforms/scaleByNadam";
import { type AdamFamilyState, adamFamily, type WeightDecayOptions } from "./adamFamily";

/** Options of `nadam` (defaults as `torch.optim.NAdam`, PyTorch ≥ 2.0). */
export interface NadamOptions extends ScaleByNadamOptions, WeightDecayOptions {
  /** γ ≥ 0 or a schedule; default 2e-3. */
  readonly learningRate?: LearningRate;
}

/** The state of `nadam`. */
export type NadamState = AdamFamilyState<ScaleByNadamState>;

/**
 * NAdam (Dozat; PyTorch ≥ 2.0): Adam's moments with Nesterov momentum under the schedule
 * `μ_t = β₁(1 − ½·0.96^(tψ))`: `θ ← θ − γ(1−μ_t)/(1−Π_t)·g/d − γμ_{t+1}/(1−Π_tμ_{t+1})·m/d`,
 * `d = √(v/(1−β₂ᵗ)) + ε`, `Π_t = Π_{i≤t} μ_i`. Defaults γ = 2e-3, β = (0.9, 0.999), ε = 1e-8,
 * ψ = 4e-3; weight decay L2 unless `decoupledWeightDecay` (PyTorch's NAdamW).
 * NOTE: Keras's Nadam has no momentum decay schedule (ψ = 0 here is close, not equal).
 *
 * @example
 * const opt = nadam({ learningRate: 2e-3 })
 */
export const nadam = (opts?: NadamOptions): GradientTransformation<NadamState> => {
  const o = checkOptions("nadam", opts);
  return adamFamily("nadam", o.learningRate ?? 2e-3, o, (n) => scaleByNadamFor(n, o));
};
