import {
  add,
  type DType,
  full,
  isTensor,
  type Key,
  mul,
  normal,
  type Tensor,
  truncatedNormal,
  uniform,
} from "@tapegrad/autograd";
import { fmtShape, layerError } from "./errors";
import type { Initializer } from "./types";

/** The standard deviation of N(0, 1) truncated to [−2, 2]: the truncated normals divide by it. */
const TRUNC_STD = 0.87962566103423978;

/**
 * fan_in and fan_out of a weight of `shape` (Keras `compute_fans`): a dense kernel in (in, out)
 * layout gives (in, out); a convolution kernel (…spatial, in, out) multiplies both by the
 * receptive field; a vector gives (n, n) and a scalar (1, 1).
 *
 * @example
 * fans([3, 4]) // { fanIn: 3, fanOut: 4 }
 */
export const fans = (shape: readonly number[]): { readonly fanIn: number; readonly fanOut: number } => {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  const receptive = shape.slice(0, -2).reduce((s, d) => s * d, 1);
  return { fanIn: shape[shape.length - 2]! * receptive, fanOut: shape[shape.length - 1]! * receptive };
};

const floatDType = (name: string, dtype: DType | undefined): DType => {
  const d = dtype ?? "float32";
  if (d !== "float32" && d !== "float64") throw layerError(name, `needs a float dtype, got ${d}`);
  return d;
};

const positiveFan = (name: string, fan: number, shape: readonly number[]): number => {
  if (!(fan > 0)) throw layerError(name, `needs a non-empty fan, got shape ${fmtShape(shape)}`);
  return fan;
};

/** U(−limit, limit) with limit = scale·√(3/fan): variance scale/fan. */
const scaledUniform =
  (name: string, scale: number, mode: "in" | "avg"): Initializer =>
  (key, shape, dtype) => {
    const { fanIn, fanOut } = fans(shape);
    const fan = positiveFan(name, mode === "in" ? fanIn : (fanIn + fanOut) / 2, shape);
    const limit = Math.sqrt((3 * scale) / fan);
    return uniform(key, shape, { minval: -limit, maxval: limit, dtype: floatDType(name, dtype) });
  };

/** N(0, σ²) truncated at ±2σ, σ = √(scale/fan)/0.8796… so that the variance is scale/fan. */
const scaledTruncatedNormal =
  (name: string, scale: number, mode: "in" | "avg"): Initializer =>
  (key, shape, dtype) => {
    const { fanIn, fanOut } = fans(shape);
    const fan = positiveFan(name, mode === "in" ? fanIn : (fanIn + fanOut) / 2, shape);
    const std = Math.sqrt(scale / fan) / TRUNC_STD;
    return mul(truncatedNormal(key, shape, -2, 2, { dtype: floatDType(name, dtype) }), std);
  };

/**
 * Glorot (Xavier) uniform: U(±√(6/(fan_in + fan_out))). The default kernel initializer.
 *
 * @example
 * glorotUniform(key(0), [3, 4])
 */
export const glorotUniform: Initializer = scaledUniform("glorotUniform", 1, "avg");

/**
 * Glorot normal: N(0, σ²) truncated at ±2σ, σ = √(2/(fan_in + fan_out))/0.87962566… (Keras, JAX).
 * NOTE: PyTorch's `xavier_normal_` is not truncated.
 *
 * @example
 * glorotNormal(key(0), [3, 4])
 */
export const glorotNormal: Initializer = scaledTruncatedNormal("glorotNormal", 1, "avg");

/**
 * LeCun uniform: U(±√(3/fan_in)).
 *
 * @example
 * lecunUniform(key(0), [3, 4])
 */
export const lecunUniform: Initializer = scaledUniform("lecunUniform", 1, "in");

/**
 * LeCun normal: N(0, σ²) truncated at ±2σ, σ = √(1/fan_in)/0.87962566… (for selu networks).
 *
 * @example
 * lecunNormal(key(0), [3, 4])
 */
export const lecunNormal: Initializer = scaledTruncatedNormal("lecunNormal", 1, "in");

/** Options of the He initializers. */
export interface HeOptions {
  /** The negative slope of the leaky ReLU that follows; gain √(2/(1 + slope²)) (PyTorch). Default 0. */
  readonly slope?: number;
}

const heScale = (name: string, opts: HeOptions): number => {
  const a = opts.slope ?? 0;
  if (!Number.isFinite(a)) throw layerError(name, `slope must be finite, got ${a}`);
  return 2 / (1 + a * a);
};

/**
 * He (Kaiming) uniform: U(±√(6/fan_in)); with a leaky slope a, U(±√(6/((1 + a²)·fan_in))).
 * Called with only options, returns the configured initializer.
 * NOTE: PyTorch's `kaiming_uniform_` default a = 0 gives the same bound.
 *
 * @example
 * heUniform(key(0), [3, 4])
 * dense(12, { kernelInit: heUniform({ slope: 0.01 }) })
 */
export function heUniform(key: Key, shape: readonly number[], dtype?: DType): Tensor;
export function heUniform(opts: HeOptions): Initializer;
export function heUniform(
  k: Key | HeOptions,
  shape?: readonly number[],
  dtype?: DType,
): Tensor | Initializer {
  if (!isTensor(k)) return scaledUniform("heUniform", heScale("heUniform", k), "in");
  return scaledUniform("heUniform", 2, "in")(k, shape ?? [], dtype);
}

/**
 * He normal: N(0, σ²) truncated at ±2σ, σ = √(2/fan_in)/0.87962566… (Keras, JAX); with a leaky
 * slope a the 2 becomes 2/(1 + a²). Called with only options, returns the configured initializer.
 * NOTE: PyTorch's `kaiming_normal_` is not truncated.
 *
 * @example
 * heNormal(key(0), [3, 4])
 */
export function heNormal(key: Key, shape: readonly number[], dtype?: DType): Tensor;
export function heNormal(opts: HeOptions): Initializer;
export function heNormal(k: Key | HeOptions, shape?: readonly number[], dtype?: DType): Tensor | Initializer {
  if (!isTensor(k)) return scaledTruncatedNormal("heNormal", heScale("heNormal", k), "in");
  return scaledTruncatedNormal("heNormal", 2, "in")(k, shape ?? [], dtype);
}

/**
 * All zeros (the key is ignored). The default bias initializer.
 *
 * @example
 * zerosInit(key(0), [4]) // [0, 0, 0, 0]
 */
export const zerosInit: Initializer = (_key, shape, dtype) => full(shape, 0, floatDType("zerosInit", dtype));

/**
 * All ones (the key is ignored), e.g. a normalization's scale.
 *
 * @example
 * onesInit(key(0), [4]) // [1, 1, 1, 1]
 */
export const onesInit: Initializer = (_key, shape, dtype) => full(shape, 1, floatDType("onesInit", dtype));

/**
 * Every element `value` (the key is ignored).
 * NOTE: a kernel whose entries are all equal makes every hidden unit identical forever.
 *
 * @example
 * constantInit(0.1)(key(0), [4]) // [0.1, 0.1, 0.1, 0.1]
 */
export const constantInit =
  (value: number): Initializer =>
  (_key, shape, dtype) =>
    full(shape, value, floatDType("constantInit", dtype));

/**
 * N(mean, stddev²), not truncated (default N(0, 1), PyTorch's `nn.Embedding`).
 *
 * @example
 * normalInit({ stddev: 0.02 })(key(0), [10, 4])
 */
export const normalInit =
  (opts: { readonly mean?: number; readonly stddev?: number } = {}): Initializer =>
  (key, shape, dtype) => {
    const { mean = 0, stddev = 1 } = opts;
    const z = mul(normal(key, shape, { dtype: floatDType("normalInit", dtype) }), stddev);
    return mean === 0 ? z : add(z, mean);
  };

/**
 * U(minval, maxval) (default U(−0.05, 0.05), Keras' `RandomUniform`).
 *
 * @example
 * uniformInit({ minval: -0.1, maxval: 0.1 })(key(0), [10, 4])
 */
export const uniformInit =
  (opts: { readonly minval?: number; readonly maxval?: number } = {}): Initializer =>
  (key, shape, dtype) =>
    uniform(key, shape, {
      minval: opts.minval ?? -0.05,
      maxval: opts.maxval ?? 0.05,
      dtype: floatDType("uniformInit", dtype),
    });

/** Every initializer under one name, as `initializers.glorotUniform`, `initializers.zeros`, … */
export const initializers = {
  glorotUniform,
  glorotNormal,
  heUniform,
  heNormal,
  lecunUniform,
  lecunNormal,
  zeros: zerosInit,
  ones: onesInit,
  constant: constantInit,
  normal: normalInit,
  uniform: uniformInit,
} as const;
