import { chainFor } from "../core/chain";
import { named } from "../core/named";
import { type EmptyState, type GradientTransformation, optional } from "../core/transformation";
import { checkNumber, checkOptions, NON_NEGATIVE } from "../core/validate";
import type { LearningRate } from "../schedules/schedule";
import { addWeightDecayFor } from "../transforms/addWeightDecay";
import {
  type ScaleByAdadeltaOptions,
  type ScaleByAdadeltaState,
  scaleByAdadeltaFor,
} from "../transforms/scaleByAdadelta";
import { type ScaleByLearningRateState, scaleByLearningRateFor } from "../transforms/scaleByLearningRate";

/** Options of `adadelta` (defaults as `torch.optim.Adadelta`). */
export interface AdadeltaOptions extends ScaleByAdadeltaOptions {
  /** γ ≥ 0 or a schedule; default 1. */
  readonly learningRate?: LearningRate;
  /** L2 weight decay λ ≥ 0; default 0. */
  readonly weightDecay?: number;
}

/** The state of `adadelta`: [weight decay, running averages, learning rate]. */
export type AdadeltaState = readonly [EmptyState, ScaleByAdadeltaState, ScaleByLearningRateState];

/**
 * Adadelta (Zeiler; PyTorch): `g ← g + λθ`, `v = ρv + (1−ρ)g²`, `δ = √(u + ε)/√(v + ε)·g`,
 * `u = ρu + (1−ρ)δ²`, `θ ← θ − γδ`. Defaults γ = 1, ρ = 0.9, ε = 1e-6.
 * NOTE: Keras's defaults differ (γ = 1e-3, ρ = 0.95, ε = 1e-7).
 *
 * @example
 * const opt = adadelta({ rho: 0.95 })
 */
export const adadelta = (opts?: AdadeltaOptions): GradientTransformation<AdadeltaState> => {
  const o = checkOptions("adadelta", opts);
  const lr = scaleByLearningRateFor("adadelta", o.learningRate ?? 1);
  const wd = checkNumber("adadelta", "weightDecay", o.weightDecay ?? 0, NON_NEGATIVE);
  const stages = [
    optional(wd > 0, addWeightDecayFor("adadelta", wd)),
    scaleByAdadeltaFor("adadelta", o),
    lr,
  ] as const;
  return named("adadelta", chainFor("adadelta", stages), wd > 0);
};
