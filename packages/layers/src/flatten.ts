import { isTensor, reshape, type Tensor } from "@tapegrad/autograd";
import { checkInputShape, fmtShape, layerError } from "./errors";
import type { Layer, NoParams } from "./types";

const flattenTensor = (x: Tensor): Tensor => {
  if (x.rank === 0) throw layerError("flatten", "needs a batch axis, got a scalar");
  return reshape(x, [x.shape[0]!, x.shape.slice(1).reduce((s, d) => s * d, 1)]);
};

/**
 * Flattens every axis after the batch axis: `[N, d1, d2, …] → [N, d1·d2·…]` (Keras `Flatten`).
 * `flatten()` makes the layer; `flatten(x)` flattens a batch directly, so the bare function
 * works in `serial` too.
 *
 * @example
 * serial(flatten(), dense(10))
 * flatten(zeros([2, 3, 4])).shape // [2, 12]
 */
export function flatten(): Layer<NoParams>;
export function flatten(x: Tensor): Tensor;
export function flatten(x?: Tensor): Layer<NoParams> | Tensor {
  if (isTensor(x)) return flattenTensor(x);
  if (x !== undefined) throw layerError("flatten", `takes no options, got ${typeof x}`);
  return {
    init(_key, inputShape) {
      checkInputShape("flatten", inputShape, 0);
      return { params: {}, outputShape: [inputShape.reduce((s, d) => s * d, 1)] };
    },
    apply(_params, x) {
      if (!isTensor(x)) throw layerError("flatten", `expects a tensor input, got ${typeof x}`);
      if (x.rank === 0) throw layerError("flatten", `needs a batch axis, got shape ${fmtShape(x.shape)}`);
      return flattenTensor(x);
    },
  };
}
