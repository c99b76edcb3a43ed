import { allocate, type DType, isFloat } from "./dtype";
import { fmtShape, TensorError } from "./errors";
import { checkShape, sizeOf } from "./shape";
import { dataOf, fromData, type Tensor } from "./tensor";

/**
 * A PRNG key: an int32 tensor of shape [2] holding the two 32-bit words of a Threefry key, as
 * JAX's raw keys. Keys are values: the same key always gives the same numbers; `split` makes
 * independent ones.
 */
export type Key = Tensor;

const rotl = (x: number, r: number): number => ((x << r) | (x >>> (32 - r))) >>> 0;
const R0 = [13, 15, 26, 6];
const R1 = [17, 29, 16, 24];

/**
 * Threefry-2x32 with 20 rounds (Salmon et al. 2011, as in JAX and Random123): a keyed bijection
 * of a 64-bit counter. Writes the two output words into `out[0]`, `out[1]`.
 */
export const threefry2x32 = (k0: number, k1: number, c0: number, c1: number, out: Uint32Array): void => {
  k0 >>>= 0;
  k1 >>>= 0;
  const k2 = (0x1bd11bda ^ k0 ^ k1) >>> 0;
  const ks = [k0, k1, k2];
  let x0 = (c0 + k0) >>> 0;
  let x1 = (c1 + k1) >>> 0;
  for (let s = 0; s < 5; s++) {
    const rs = s % 2 === 0 ? R0 : R1;
    for (let r = 0; r < 4; r++) {
      x0 = (x0 + x1) >>> 0;
      x1 = rotl(x1, rs[r]!);
      x1 = (x1 ^ x0) >>> 0;
    }
    x0 = (x0 + ks[(s + 1) % 3]!) >>> 0;
    x1 = (x1 + ks[(s + 2) % 3]! + s + 1) >>> 0;
  }
  out[0] = x0;
  out[1] = x1;
};

const words = (k: Key): [number, number] => {
  if (k.dtype !== "int32" || k.shape.length !== 1 || k.shape[0] !== 2) {
    throw new TensorError(
      "random",
      `a key is an int32 tensor of shape [2] (from key(seed)), got ${k.dtype} ${fmtShape(k.shape)}`,
    );
  }
  const d = dataOf(k);
  return [d[0]! >>> 0, d[1]! >>> 0];
};

const makeKey = (a: number, b: number): Key => fromData(Int32Array.of(a | 0, b | 0), [2]);

const SPLIT = 0xffffffff;
const FOLD = 0xfffffffe;

/**
 * A key from an integer seed (JAX `PRNGKey`: the high and low 32 bits of the seed).
 *
 * @example
 * const k = key(0);
 */
export const key = (seed: number): Key => {
  if (!Number.isSafeInteger(seed)) throw new TensorError("key", `seed must be a safe integer, got ${seed}`);
  const hi = Math.floor(seed / 2 ** 32);
  return makeKey(hi, seed - hi * 2 ** 32);
};

/**
 * `n` new independent keys from one (default 2). Use each for one purpose, never the parent again.
 *
 * @example
 * const [k1, k2] = split(key(0));
 */
export const split = (k: Key, n = 2): Key[] => {
  if (!Number.isInteger(n) || n < 0)
    throw new TensorError("split", `n must be a non-negative integer, got ${n}`);
  const [k0, k1] = words(k);
  const w = new Uint32Array(2);
  const out: Key[] = [];
  for (let i = 0; i < n; i++) {
    threefry2x32(k0, k1, i, SPLIT, w);
    out.push(makeKey(w[0]!, w[1]!));
  }
  return out;
};

/**
 * A new key from a key and an integer (JAX `fold_in`), e.g. a step number.
 *
 * @example
 * const stepKey = foldIn(k, step);
 */
export const foldIn = (k: Key, data: number): Key => {
  const [k0, k1] = words(k);
  const w = new Uint32Array(2);
  threefry2x32(k0, k1, data >>> 0, FOLD, w);
  return makeKey(w[0]!, w[1]!);
};

/** Options of the floating-point samplers. */
export interface SampleOptions {
  readonly dtype?: DType;
}

const floatDType = (op: string, dtype: DType | undefined): DType => {
  const d = dtype ?? "float32";
  if (!isFloat(d)) throw new TensorError(op, `needs a float dtype, got ${d}`);
  return d;
};

// Uniform in [0, 1) from counter (i, stream): 24 random bits for float32, 53 for float64.
const unit = (k0: number, k1: number, i: number, stream: number, f64: boolean, w: Uint32Array): number => {
  threefry2x32(k0, k1, i, stream, w);
  return f64 ? ((w[0]! >>> 5) * 67108864 + (w[1]! >>> 6)) / 9007199254740992 : (w[0]! >>> 8) / 16777216;
};

/**
 * Uniform samples in [minval, maxval) (default [0, 1)).
 *
 * @example
 * uniform(key(0), [2, 3], { minval: -1, maxval: 1 })
 */
export const uniform = (
  k: Key,
  shape: readonly number[],
  opts: SampleOptions & { readonly minval?: number; readonly maxval?: number } = {},
): Tensor => {
  checkShape("uniform", shape);
  const dtype = floatDType("uniform", opts.dtype);
  const lo = opts.minval ?? 0;
  const hi = opts.maxval ?? 1;
  if (!(lo <= hi) || !Number.isFinite(lo) || !Number.isFinite(hi)) {
    throw new TensorError("uniform", `needs finite minval ≤ maxval, got ${lo} and ${hi}`);
  }
  const [k0, k1] = words(k);
  const n = sizeOf(shape);
  const out = allocate(dtype, n);
  const w = new Uint32Array(2);
  const f64 = dtype === "float64";
  for (let i = 0; i < n; i++) {
    const v = lo + (hi - lo) * unit(k0, k1, i, 0, f64, w);
    const r = f64 ? v : Math.fround(v);
    out[i] = r < hi ? r : lo; // rounding to float32 must not reach maxval
  }
  return fromData(out, shape);
};

// Box–Muller from the two words of counter (i, 1 + attempt): independent per element and attempt.
const gauss = (k0: number, k1: number, i: number, attempt: number, w: Uint32Array): number => {
  threefry2x32(k0, k1, i, 1 + attempt, w);
  const u1 = (w[0]! + 0.5) / 4294967296;
  const u2 = w[1]! / 4294967296;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
};

/**
 * Standard normal samples (mean 0, variance 1) by the Box–Muller transform.
 *
 * @example
 * normal(key(1), [1000])
 */
export const normal = (k: Key, shape: readonly number[], opts: SampleOptions = {}): Tensor => {
  checkShape("normal", shape);
  const dtype = floatDType("normal", opts.dtype);
  const [k0, k1] = words(k);
  const n = sizeOf(shape);
  const out = allocate(dtype, n);
  const w = new Uint32Array(2);
  for (let i = 0; i < n; i++) out[i] = gauss(k0, k1, i, 0, w);
  return fromData(out, shape);
};

/**
 * Standard normal samples truncated to [lower, upper] by rejection (each element redrawn from
 * its own counter stream until it falls inside).
 *
 * @example
 * truncatedNormal(key(2), [3, 3], -2, 2)
 */
export const truncatedNormal = (
  k: Key,
  shape: readonly number[],
  lower = -2,
  upper = 2,
  opts: SampleOptions = {},
): Tensor => {
  checkShape("truncatedNormal", shape);
  if (!(lower < upper) || upper - lower < 0.01 || upper < -5 || lower > 5) {
    throw new TensorError(
      "truncatedNormal",
      `needs lower < upper with enough mass between, got [${lower}, ${upper}]`,
    );
  }
  const dtype = floatDType("truncatedNormal", opts.dtype);
  const [k0, k1] = words(k);
  const n = sizeOf(shape);
  const out = allocate(dtype, n);
  const w = new Uint32Array(2);
  for (let i = 0; i < n; i++) {
    let z = gauss(k0, k1, i, 0, w);
    for (let a = 1; z < lower || z > upper; a++) z = gauss(k0, k1, i, a, w);
    out[i] = z;
  }
  return fromData(out, shape);
};

/**
 * 1 with probability `p`, else 0 (dtype float32 by default, so it multiplies straight in).
 *
 * @example
 * bernoulli(key(3), 0.9, [4])
 */
export const bernoulli = (
  k: Key,
  p: number,
  shape: readonly number[],
  opts: { readonly dtype?: DType } = {},
): Tensor => {
  if (!(p >= 0 && p <= 1)) throw new TensorError("bernoulli", `p must be in [0, 1], got ${p}`);
  const u = dataOf(uniform(k, shape, { dtype: "float64" }));
  const out = allocate(opts.dtype ?? "float32", u.length);
  for (let i = 0; i < u.length; i++) out[i] = u[i]! < p ? 1 : 0;
  return fromData(out, shape);
};

/**
 * A random permutation of 0..n−1 as int32 (Fisher–Yates).
 *
 * @example
 * permutation(key(4), 5)
 */
export const permutation = (k: Key, n: number): Tensor => {
  if (!Number.isInteger(n) || n < 0)
    throw new TensorError("permutation", `n must be a non-negative integer, got ${n}`);
  const [k0, k1] = words(k);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  const w = new Uint32Array(2);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(unit(k0, k1, i, 0, true, w) * (i + 1));
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return fromData(out, [n]);
};
