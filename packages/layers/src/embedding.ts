import { type DType, type Tensor, take } from "@tapegrad/autograd";
import { checkInputShape, field, fmtShape, layerError, notATensor } from "./errors";
import { normalInit } from "./initializers";
import type { Initializer, Layer } from "./types";

/** Options of `embedding`. */
export interface EmbeddingOptions {
  /** Initializer of the table, default N(0, 1) (PyTorch; Keras uses U(±0.05)). */
  readonly embeddingsInit?: Initializer;
  /** Parameter dtype, default float32. */
  readonly dtype?: DType;
}

/** Parameters of `embedding`: the table of shape [numEmbeddings, features]. */
export interface EmbeddingParams {
  readonly [name: string]: Tensor;
  readonly embeddings: Tensor;
}

/**
 * Lookup table: int32 indices of any shape `[...]` in [0, numEmbeddings) become vectors,
 * `[...] → [..., features]`; the gradient accumulates into the rows that were read.
 * An index outside the range (negative ones included) is an error.
 *
 * @example
 * const emb = embedding(1000, 16);
 * const { params } = emb.init(key(0), [12]);                  // a sequence of 12 token ids
 * emb.apply(params, tensor([[1, 2, 3]], { dtype: "int32" })) // shape [1, 3, 16]
 */
export const embedding = (
  numEmbeddings: number,
  features: number,
  opts: EmbeddingOptions = {},
): Layer<EmbeddingParams> => {
  notATensor("embedding", numEmbeddings);
  for (const [name, v] of [
    ["numEmbeddings", numEmbeddings],
    ["features", features],
  ] as const) {
    if (!Number.isInteger(v) || v < 1)
      throw layerError("embedding", `${name} must be a positive integer, got ${v}`);
  }
  const { embeddingsInit = normalInit(), dtype } = opts;
  return {
    init(key, inputShape) {
      checkInputShape("embedding", inputShape, 0);
      const embeddings = embeddingsInit(key, [numEmbeddings, features], dtype ?? "float32");
      return { params: { embeddings }, outputShape: [...inputShape, features] };
    },
    apply(params, x) {
      const table = field("embedding", params, "embeddings");
      if (x.dtype !== "int32") {
        throw layerError("embedding", `indices must be int32, got ${x.dtype} of shape ${fmtShape(x.shape)}`);
      }
      const n = table.shape[0]!;
      const idx = x.dataSync();
      for (let i = 0; i < idx.length; i++) {
        const k = idx[i]!;
        if (k < 0 || k >= n) {
          throw layerError(
            "embedding",
            `index ${k} at flat position ${i} of input ${fmtShape(x.shape)} is out of range [0, ${n}) ` +
              `(table ${fmtShape(table.shape)})`,
          );
        }
      }
      return take(table, x, { axis: 0 });
    },
  };
};
