import { allocate, type DType, type TypedArray } from "../dtype";
import { broadcastIndex } from "../kernels";
import { normAxes } from "../shape";
import type { Tensor } from "../tensor";
import { sumMidWasm, WASM_ELEMENTWISE_MIN } from "../wasm/elementwise";

/** Options of the reductions: `axis` a number, an array, or absent for all axes; keepdims. */
export interface ReduceOptions {
  readonly axis?: number | readonly number[];
  readonly keepdims?: boolean;
}

/** @internal Normalized parameters of a reduction primitive. */
export interface ReduceParams {
  readonly axes: readonly number[];
  readonly keepdims: boolean;
  readonly keepShape: readonly number[]; // input shape with reduced axes set to 1
  readonly outShape: readonly number[];
}

/** @internal */
export const reduceParams = (op: string, x: Tensor, opts: ReduceOptions | undefined): ReduceParams => {
  const axes = normAxes(op, opts?.axis, x.rank, x.shape);
  const keepdims = opts?.keepdims ?? false;
  const keepShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const outShape = keepdims ? keepShape : x.shape.filter((_, i) => !axes.includes(i));
  return { axes, keepdims, keepShape, outShape };
};

/**
 * @internal The layout of a reduction as (outer, reduced, inner) when the reduced axes are
 * contiguous, which covers the common cases with plain strided loops; else null.
 */
const contiguous = (shape: readonly number[], axes: readonly number[]): [number, number, number] | null => {
  if (axes.length === 0) return null;
  for (let i = 1; i < axes.length; i++) if (axes[i] !== axes[i - 1]! + 1) return null;
  let outer = 1;
  let red = 1;
  let inner = 1;
  for (let i = 0; i < shape.length; i++) {
    if (i < axes[0]!) outer *= shape[i]!;
    else if (i <= axes[axes.length - 1]!) red *= shape[i]!;
    else inner *= shape[i]!;
  }
  return [outer, red, inner];
};

/** @internal Sum kernel (float64 accumulation for float32 input). */
export const sumKernel = (
  a: TypedArray,
  shape: readonly number[],
  p: ReduceParams,
  dtype: DType,
): TypedArray => {
  const m = p.keepShape.reduce((s, d) => s * d, 1);
  const out = allocate(dtype, m);
  const lay = contiguous(shape, p.axes);
  if (lay !== null && lay[2] === 1) {
    // reduced axes last (or all): one running double per output element
    const [outer, red] = lay;
    for (let o = 0; o < outer; o++) {
      const base = o * red;
      let s = 0;
      for (let r = 0; r < red; r++) s += a[base + r]!;
      out[o] = s;
    }
    return out;
  }
  if (p.axes.length === 0) {
    out.set(a);
    return out;
  }
  if (lay !== null && a.length >= WASM_ELEMENTWISE_MIN && !(a instanceof Int32Array)) {
    const [outer, red, inner] = lay;
    if (sumMidWasm(a as Float32Array, out as Float32Array, outer, red, inner)) return out;
  }
  const acc = dtype === "float32" ? allocate("float64", m) : out;
  if (lay !== null) {
    const [outer, red, inner] = lay;
    for (let o = 0; o < outer; o++) {
      const ob = o * inner;
      for (let r = 0; r < red; r++) {
        const rb = (o * red + r) * inner;
        for (let i = 0; i < inner; i++) acc[ob + i]! += a[rb + i]!;
      }
    }
  } else {
    const map = broadcastIndex(shape, p.keepShape);
    for (let i = 0; i < a.length; i++) acc[map[i]!]! += a[i]!;
  }
  if (acc !== out) out.set(acc);
  return out;
};

/** @internal Max (sign = 1) or min (sign = −1) kernel; NaN propagates. */
export const extremumKernel = (
  a: TypedArray,
  shape: readonly number[],
  p: ReduceParams,
  dtype: DType,
  sign: 1 | -1,
): TypedArray => {
  const m = p.keepShape.reduce((s, d) => s * d, 1);
  const out = allocate(dtype, m);
  const seen = new Uint8Array(m);
  const map = broadcastIndex(shape, p.keepShape);
  for (let i = 0; i < a.length; i++) {
    const o = map[i]!;
    const v = a[i]!;
    if (seen[o] === 0) {
      out[o] = v;
      seen[o] = 1;
    } else {
      const cur = out[o]!;
      if (Number.isNaN(v) || (sign === 1 ? v > cur : v < cur)) if (!Number.isNaN(cur)) out[o] = v;
    }
  }
  return out;
};
