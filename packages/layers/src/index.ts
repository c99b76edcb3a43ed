/**
 * @packageDocumentation
 * `@tapegrad/layers`: layers as pure `init(key, inputShape)` / `apply(params, x, ctx?)` pairs
 * (stax), combinators that accept layers and plain tensor functions alike, and initializers.
 */

export { asLayer } from "./asLayer";
export { type BatchNormOptions, type BatchNormParams, type BatchNormState, batchNorm } from "./batchNorm";
export { type DenseOptions, type DenseParams, dense } from "./dense";
export { dropout } from "./dropout";
export { type EmbeddingOptions, type EmbeddingParams, embedding } from "./embedding";
export { flatten } from "./flatten";
export {
  constantInit,
  fans,
  glorotNormal,
  glorotUniform,
  type HeOptions,
  heNormal,
  heUniform,
  initializers,
  lecunNormal,
  lecunUniform,
  normalInit,
  onesInit,
  uniformInit,
  zerosInit,
} from "./initializers";
export { type LayerNormOptions, type LayerNormParams, layerNorm } from "./layerNorm";
export { type ParallelOptions, parallel } from "./parallel";
export { residual } from "./residual";
export { serial } from "./serial";
export type { Initializer, InitResult, Layer, LayerContext, LayerLike } from "./types";
