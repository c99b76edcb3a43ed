import {
  add,
  type DType,
  div,
  mean,
  mul,
  sqrt,
  stopGradient,
  sub,
  type Tensor,
  tensor,
  variance,
} from "@tapegrad/autograd";
import {
  checkDType,
  checkFeatures,
  checkInputShape,
  field,
  fmtShape,
  layerError,
  notATensor,
} from "./errors";
import { onesInit, zerosInit } from "./initializers";
import type { Layer, LayerContext } from "./types";

/** Options of `batchNorm`. */
export interface BatchNormOptions {
  /** Weight of the new batch in the running averages, default 0.1 (PyTorch). */
  readonly momentum?: number;
  /** Added to the variance, default 1e-5 (PyTorch; Keras uses 1e-3). */
  readonly eps?: number;
  /** Parameter dtype, default float32. */
  readonly dtype?: DType;
}

/** Parameters of `batchNorm`: per-feature `scale` (γ, ones) and `bias` (β, zeros). */
export interface BatchNormParams {
  readonly [name: string]: Tensor;
  readonly scale: Tensor;
  readonly bias: Tensor;
}

/** State of `batchNorm`: the running `mean` (zeros) and `variance` (ones) per feature. */
export interface BatchNormState {
  readonly [name: string]: Tensor;
  readonly mean: Tensor;
  readonly variance: Tensor;
}

// A concrete copy: running statistics carry no tape and no gradient.
const detach = (t: Tensor): Tensor => tensor(t.dataSync(), { shape: t.shape, dtype: t.dtype });

const readState = (state: unknown, f: number): BatchNormState => {
  const m = field("batchNorm", state, "mean", "state");
  const v = field("batchNorm", state, "variance", "state");
  if (m.rank !== 1 || m.shape[0] !== f || v.rank !== 1 || v.shape[0] !== f) {
    throw layerError(
      "batchNorm",
      `state mean ${fmtShape(m.shape)} and variance ${fmtShape(v.shape)} do not match ${f} features`,
    );
  }
  return { mean: m, variance: v };
};

/**
 * Batch normalization over the last (feature) axis (Ioffe & Szegedy 2015):
 * `y = (x − μ)/√(σ² + ε)·γ + β`. Training uses the batch statistics over every other axis
 * (biased σ²) and updates the running ones, `r ← (1 − m)·r + m·batch` with the unbiased
 * variance (PyTorch); inference uses the running statistics.
 * `applyWithState(params, state, x, ctx)` returns `{ y, state }`. `apply(params, x, ctx)` uses
 * batch statistics when `ctx.training` and otherwise needs `ctx.state` (a clear error without it).
 * NOTE: momentum 0.1 is PyTorch's (weight of the new batch); Keras' momentum 0.99 is the weight
 * of the old average, i.e. PyTorch 0.01. Keras also uses ε = 1e-3 and the biased variance.
 *
 * @example
 * const bn = batchNorm();
 * const { params, state } = bn.init(key(0), [4]);
 * const { y, state: next } = bn.applyWithState!(params, state!, x, { training: true });
 */
export const batchNorm = (opts: BatchNormOptions = {}): Layer<BatchNormParams, BatchNormState> => {
  notATensor("batchNorm", opts);
  const { momentum = 0.1, eps = 1e-5, dtype } = opts;
  if (!(momentum >= 0 && momentum <= 1))
    throw layerError("batchNorm", `momentum must be in [0, 1], got ${momentum}`);
  if (!(eps >= 0)) throw layerError("batchNorm", `eps must be ≥ 0, got ${eps}`);

  const check = (params: BatchNormParams, x: Tensor): number => {
    const s = field("batchNorm", params, "scale");
    checkFeatures("batchNorm", x, s.shape[0]!, "scale", s);
    checkDType("batchNorm", x, s);
    return s.shape[0]!;
  };
  const normalize = (params: BatchNormParams, x: Tensor, mu: Tensor, v: Tensor): Tensor =>
    add(mul(div(sub(x, mu), sqrt(add(v, eps))), params.scale), field("batchNorm", params, "bias"));
  const batchAxes = (x: Tensor): number[] => {
    const n = x.shape.slice(0, -1).reduce((s, d) => s * d, 1);
    if (x.rank < 2 || n < 2) {
      throw layerError(
        "batchNorm",
        `training needs more than one value per feature, got input of shape ${fmtShape(x.shape)}`,
      );
    }
    return Array.from({ length: x.rank - 1 }, (_, i) => i);
  };

  const train = (params: BatchNormParams, x: Tensor, state: BatchNormState | null) => {
    const axes = batchAxes(x);
    const n = x.size / x.shape[x.rank - 1]!;
    const mu = mean(x, { axis: axes });
    const v = variance(x, { axis: axes });
    const y = normalize(params, x, mu, v);
    if (state === null) return { y, state: null };
    const unbiased = mul(stopGradient(v), n / (n - 1));
    const next: BatchNormState = {
      mean: detach(add(mul(state.mean, 1 - momentum), mul(stopGradient(mu), momentum))),
      variance: detach(add(mul(state.variance, 1 - momentum), mul(unbiased, momentum))),
    };
    return { y, state: next };
  };

  return {
    init(key, inputShape) {
      checkInputShape("batchNorm", inputShape, 1);
      const f = [inputShape[inputShape.length - 1]!];
      const d = dtype ?? "float32";
      return {
        params: { scale: onesInit(key, f, d), bias: zerosInit(key, f, d) },
        state: { mean: zerosInit(key, f, d), variance: onesInit(key, f, d) },
        outputShape: inputShape.slice(),
      };
    },
    apply(params, x, ctx?: LayerContext) {
      const f = check(params, x);
      if (ctx?.training) return train(params, x, null).y;
      if (ctx?.state === undefined) {
        throw layerError(
          "batchNorm",
          "inference (training false) needs the running statistics: pass ctx.state, or use applyWithState",
        );
      }
      const s = readState(ctx.state, f);
      return normalize(params, x, s.mean, s.variance);
    },
    applyWithState(params, state, x, ctx) {
      const f = check(params, x);
      const s = readState(state, f);
      if (ctx?.training) {
        const r = train(params, x, s);
        return { y: r.y, state: r.state! };
      }
      return { y: normalize(params, x, s.mean, s.variance), state };
    },
  };
};
