/**
 * @packageDocumentation
 * `@tapegrad/losses`: loss functions `(pred, target, { reduction = 'mean', ...options })`,
 * formulas and defaults as PyTorch, differences from Keras noted on each.
 */

export {
  type BceWithLogitsOptions,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
} from "./binaryCrossEntropy";
export { type CosineSimilarityOptions, cosineSimilarity, cosineSimilarityLoss } from "./cosineSimilarity";
export { type HingeOptions, hinge, squaredHinge } from "./hinge";
export { type HuberOptions, huber, type SmoothL1Options, smoothL1 } from "./huber";
export { type KlDivergenceOptions, klDivergence } from "./klDivergence";
export { logCosh } from "./logCosh";
export { mae } from "./mae";
export { mse } from "./mse";
export { nll } from "./nll";
export type { Reduction, ReductionOptions } from "./reduction";
export { type SoftmaxCrossEntropyOptions, softmaxCrossEntropy } from "./softmaxCrossEntropy";
