import { chainFor } from "../core/chain";
import { named } from "../core/named";
import { type EmptyState, type GradientTransformation, optional } from "../core/transformation";
import { checkBoolean, checkNumber, NON_NEGATIVE } from "../core/validate";
import type { LearningRate } from "../schedules/schedule";
import { addWeightDecayFor } from "../transforms/addWeightDecay";
import { type ScaleByLearningRateState, scaleByLearningRateFor } from "../transforms/scaleByLearningRate";

/** Weight-decay options shared by the Adam family. */
export interface WeightDecayOptions {
  /** λ ≥ 0. */
  readonly weightDecay?: number;
  /** Decoupled (AdamW: `θ ← θ − γλθ`) instead of L2 (`g ← g + λθ`). */
  readonly decoupledWeightDecay?: boolean;
}

/**
 * The state of an Adam-family optimizer (adam, adamw, amsgrad, kerasAdam, nadam, radam, adamax):
 * the four stages `[L2 weight decay, moments, decoupled weight decay, learning rate]`; the
 * weight-decay stages keep no state.
 */
export type AdamFamilyState<S> = readonly [EmptyState, S, EmptyState, ScaleByLearningRateState];

/**
 * @internal `chain(addWeightDecay?, moments, addWeightDecay?, scaleByLearningRate)` named `owner`,
 * with weight decay before the moments (L2, the default) or after them (decoupled).
 */
export const adamFamily = <S>(
  owner: string,
  learningRate: LearningRate,
  decay: WeightDecayOptions,
  moments: (owner: string) => GradientTransformation<S>,
  defaultWeightDecay = 0,
): GradientTransformation<AdamFamilyState<S>> => {
  const lr = scaleByLearningRateFor(owner, learningRate);
  const wd = checkNumber(owner, "weightDecay", decay.weightDecay ?? defaultWeightDecay, NON_NEGATIVE);
  const decoupled = checkBoolean(owner, "decoupledWeightDecay", decay.decoupledWeightDecay ?? false);
  const stages = [
    optional(wd > 0 && !decoupled, addWeightDecayFor(owner, wd)),
    moments(owner),
    optional(wd > 0 && decoupled, addWeightDecayFor(owner, wd)),
    lr,
  ] as const;
  return named(owner, chainFor(owner, stages), wd > 0);
};
