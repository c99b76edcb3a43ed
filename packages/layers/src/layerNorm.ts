import { add, type DType, div, mean, mul, sqrt, sub, type Tensor, variance } from "@tapegrad/autograd";
import { checkDType, checkFeatures, checkInputShape, field, layerError, notATensor } from "./errors";
import { onesInit, zerosInit } from "./initializers";
import type { Layer } from "./types";

/** Options of `layerNorm`. */
export interface LayerNormOptions {
  /** Added to the variance, default 1e-5 (PyTorch; Keras uses 1e-3). */
  readonly eps?: number;
  /** Learn a per-feature scale (γ, default true). */
  readonly scale?: boolean;
  /** Learn a per-feature bias (β, default true). */
  readonly center?: boolean;
  /** Parameter dtype, default float32. */
  readonly dtype?: DType;
}

/** Parameters of `layerNorm`: `scale` (γ) and `bias` (β), each of shape [features], when enabled. */
export interface LayerNormParams {
  readonly [name: string]: Tensor;
}

/**
 * Layer normalization over the last axis: `y = (x − μ)/√(σ² + ε)·γ + β`, with μ and σ² (biased,
 * ddof 0) per example and position (Ba et al. 2016). No state; the same in training and inference.
 * NOTE: params are named `scale`/`bias` (Flax); PyTorch calls them `weight`/`bias`, Keras
 * `gamma`/`beta`. Only the last axis is normalized (Keras' default `axis = -1`).
 *
 * @example
 * const ln = layerNorm();
 * const { params } = ln.init(key(0), [16]); // { scale: ones [16], bias: zeros [16] }
 */
export const layerNorm = (opts: LayerNormOptions = {}): Layer<LayerNormParams> => {
  notATensor("layerNorm", opts);
  const { eps = 1e-5, scale = true, center = true, dtype } = opts;
  if (!(eps >= 0)) throw layerError("layerNorm", `eps must be ≥ 0, got ${eps}`);
  return {
    init(key, inputShape) {
      checkInputShape("layerNorm", inputShape, 1);
      const f = [inputShape[inputShape.length - 1]!];
      const params: { [name: string]: Tensor } = {};
      if (scale) params.scale = onesInit(key, f, dtype ?? "float32");
      if (center) params.bias = zerosInit(key, f, dtype ?? "float32");
      return { params, outputShape: inputShape.slice() };
    },
    apply(params, x) {
      const ref = scale
        ? field("layerNorm", params, "scale")
        : center
          ? field("layerNorm", params, "bias")
          : null;
      if (ref !== null) {
        checkFeatures("layerNorm", x, ref.shape[0]!, scale ? "scale" : "bias", ref);
        checkDType("layerNorm", x, ref);
      } else if (x.rank === 0) {
        throw layerError("layerNorm", "needs at least one axis to normalize, got a scalar");
      }
      const mu = mean(x, { axis: -1, keepdims: true });
      const v = variance(x, { axis: -1, keepdims: true });
      let y = div(sub(x, mu), sqrt(add(v, eps)));
      if (scale) y = mul(y, params.scale!);
      if (center) y = add(y, params.bias!);
      return y;
    },
  };
};
