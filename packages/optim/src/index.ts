/**
 * @packageDocumentation
 * `@tapegrad/optim`: optimizers as pure gradient transformations (Optax style). A
 * transformation is `{ init(params) → state, update(grads, state, params?) → { updates, state } }`;
 * `applyUpdates(params, updates)` steps the parameters. Named optimizers are chains of small
 * transformations; their state is a tuple of typed, plain-data states (trees of tensors).
 */

// core
export { applyUpdates } from "./core/applyUpdates";
export { type ChainState, chain } from "./core/chain";
export type { StepCount } from "./core/count";
export type { MomentOptions, MomentsState } from "./core/moments";
export type { EmptyState, GradientTransformation, TransformationState } from "./core/transformation";
export { type AdadeltaOptions, type AdadeltaState, adadelta } from "./optimizers/adadelta";
export { type AdagradOptions, type AdagradState, adagrad } from "./optimizers/adagrad";
// named optimizers
export {
  type AdamOptions,
  type AdamState,
  adam,
  adamw,
  amsgrad,
  type KerasAdamOptions,
  kerasAdam,
} from "./optimizers/adam";
export { type AdamaxOptions, type AdamaxState, adamax } from "./optimizers/adamax";
export type { AdamFamilyState, WeightDecayOptions } from "./optimizers/adamFamily";
export { type NadamOptions, type NadamState, nadam } from "./optimizers/nadam";
export { type RadamOptions, type RadamState, radam } from "./optimizers/radam";
export {
  type KerasRmspropOptions,
  kerasRmsprop,
  type RmspropOptions,
  type RmspropState,
  rmsprop,
} from "./optimizers/rmsprop";
export { type SgdOptions, type SgdState, sgd } from "./optimizers/sgd";
// schedules
export {
  type CosineDecayOptions,
  cosineDecay,
  type WarmupCosineDecayOptions,
  warmupCosineDecay,
} from "./schedules/cosine";
export type { LearningRate, Schedule } from "./schedules/schedule";
export {
  constantSchedule,
  type ExponentialDecayOptions,
  exponentialDecay,
  type LinearScheduleOptions,
  linearSchedule,
  type PiecewiseConstantScheduleOptions,
  piecewiseConstantSchedule,
  type StepDecayOptions,
  stepDecay,
} from "./schedules/simple";
// transformations
export { addWeightDecay } from "./transforms/addWeightDecay";
export { type ClipByGlobalNormOptions, clipByGlobalNorm, globalNorm } from "./transforms/clipByGlobalNorm";
export { clipByValue } from "./transforms/clipByValue";
export {
  type ScaleByAdadeltaOptions,
  type ScaleByAdadeltaState,
  scaleByAdadelta,
} from "./transforms/scaleByAdadelta";
export { type ScaleByAdamOptions, type ScaleByAdamState, scaleByAdam } from "./transforms/scaleByAdam";
export {
  type ScaleByAdamaxOptions,
  type ScaleByAdamaxState,
  scaleByAdamax,
} from "./transforms/scaleByAdamax";
export { type ScaleByLearningRateState, scaleByLearningRate } from "./transforms/scaleByLearningRate";
export { type ScaleByNadamOptions, type ScaleByNadamState, scaleByNadam } from "./transforms/scaleByNadam";
export { type ScaleByRadamOptions, type ScaleByRadamState, scaleByRadam } from "./transforms/scaleByRadam";
export {
  type ScaleByRmsOptions,
  type ScaleByRmsState,
  type ScaleByStddevState,
  scaleByRms,
  scaleByStddev,
} from "./transforms/scaleByRms";
export { type ScaleByRssOptions, type ScaleByRssState, scaleByRss } from "./transforms/scaleByRss";
export {
  type TraceMomentumOptions,
  type TraceMomentumState,
  traceMomentum,
} from "./transforms/traceMomentum";
