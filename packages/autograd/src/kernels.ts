import { allocate, type DType, sameDTypeOf, type TypedArray } from "./dtype";
import { broadcastShapes, shapesEqual, sizeOf, stridesOf } from "./shape";
import { dataOf, fromData, type Tensor } from "./tensor";
import { binaryWasm, WASM_ELEMENTWISE_MIN } from "./wasm/elementwise";

/**
 * For a tensor of `inShape` broadcast to `outShape`, the flat input index of every output
 * element. Built once per call; kernels then index through it with a plain loop.
 */
export const broadcastIndex = (outShape: readonly number[], inShape: readonly number[]): Int32Array => {
  const n = sizeOf(outShape);
  const rank = outShape.length;
  const map = new Int32Array(n);
  if (n === 0) return map;
  const inStrides = stridesOf(inShape);
  // effective stride per output axis (0 where broadcast)
  const eff = new Array<number>(rank).fill(0);
  const off = rank - inShape.length;
  for (let i = 0; i < inShape.length; i++) eff[off + i] = inShape[i] === 1 ? 0 : inStrides[i]!;
  const idx = new Array<number>(rank).fill(0);
  let src = 0;
  for (let k = 0; k < n; k++) {
    map[k] = src;
    for (let ax = rank - 1; ax >= 0; ax--) {
      idx[ax]!++;
      src += eff[ax]!;
      if (idx[ax]! < outShape[ax]!) break;
      src -= eff[ax]! * idx[ax]!;
      idx[ax] = 0;
    }
  }
  return map;
};

export const SAME = 0;
export const B_SCALAR = 1;
export const A_SCALAR = 2;
export const GENERAL = 3;
/** `b` repeats along the leading axes of `a` (its shape is a suffix of a's): a bias add. */
export const B_ROWS = 4;
/** `a` repeats along the leading axes of `b`. */
export const A_ROWS = 5;

const isSuffix = (small: readonly number[], big: readonly number[]): boolean => {
  const off = big.length - small.length;
  if (off < 0) return false;
  for (let i = 0; i < small.length; i++) if (small[i] !== big[off + i]) return false;
  return true;
};

/** Everything a broadcasting binary kernel needs, prepared once. */
export interface BinaryPrep {
  readonly mode: number;
  readonly n: number;
  readonly a: TypedArray;
  readonly b: TypedArray;
  readonly out: TypedArray;
  readonly ia: Int32Array;
  readonly ib: Int32Array;
  readonly shape: readonly number[];
}

const EMPTY = new Int32Array(0);

/** Checks dtypes and broadcasting of a binary op and allocates its output. */
export const prepBinary = (op: string, x: Tensor, y: Tensor, outDType?: DType): BinaryPrep => {
  const dtype = outDType ?? (x.dtype === y.dtype ? x.dtype : sameDTypeOf(op, [x, y]));
  if (outDType !== undefined && x.dtype !== y.dtype) sameDTypeOf(op, [x, y]);
  const a = dataOf(x);
  const b = dataOf(y);
  if (shapesEqual(x.shape, y.shape)) {
    return {
      mode: SAME,
      n: a.length,
      a,
      b,
      out: allocate(dtype, a.length),
      ia: EMPTY,
      ib: EMPTY,
      shape: x.shape,
    };
  }
  const shape = broadcastShapes(op, x.shape, y.shape);
  const n = sizeOf(shape);
  const out = allocate(dtype, n);
  if (y.size === 1 && shapesEqual(shape, x.shape))
    return { mode: B_SCALAR, n, a, b, out, ia: EMPTY, ib: EMPTY, shape };
  if (x.size === 1 && shapesEqual(shape, y.shape))
    return { mode: A_SCALAR, n, a, b, out, ia: EMPTY, ib: EMPTY, shape };
  if (y.size > 0 && shapesEqual(shape, x.shape) && isSuffix(y.shape, shape)) {
    return { mode: B_ROWS, n, a, b, out, ia: EMPTY, ib: EMPTY, shape };
  }
  if (x.size > 0 && shapesEqual(shape, y.shape) && isSuffix(x.shape, shape)) {
    return { mode: A_ROWS, n, a, b, out, ia: EMPTY, ib: EMPTY, shape };
  }
  return {
    mode: GENERAL,
    n,
    a,
    b,
    out,
    ia: broadcastIndex(shape, x.shape),
    ib: broadcastIndex(shape, y.shape),
    shape,
  };
};

/** Wraps a prepared output. */
export const done = (p: BinaryPrep): Tensor => fromData(p.out, p.shape);

/** Allocates the output of an elementwise unary op. */
export const prepUnary = (x: Tensor, dtype: DType = x.dtype): { a: TypedArray; out: TypedArray } => ({
  a: dataOf(x),
  out: allocate(dtype, x.size),
});

/**
 * Runs a large float binary op of mode SAME, B_SCALAR or A_SCALAR in WebAssembly SIMD (`op`: the
 * codes of wasm/elementwise.ts); true when done, false when the caller's loop must run.
 */
export const binaryFast = (op: number, p: BinaryPrep): boolean =>
  p.n >= WASM_ELEMENTWISE_MIN &&
  p.mode <= A_SCALAR &&
  !(p.out instanceof Int32Array) &&
  binaryWasm(op, p.mode, p.a as Float32Array, p.b as Float32Array, p.out as Float32Array);
