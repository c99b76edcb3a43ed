/**
 * Test helpers for the autograd tests: a seeded generator independent of the library's PRNG,
 * closeness assertions, a TensorError matcher, and reference (NumPy-rule) index arithmetic
 * written from scratch so that expected values never come from the code under test.
 */
import { type NestedArray, type Tensor, TensorError } from "@tapegrad/autograd";
import { expect } from "vitest";

/** mulberry32: a tiny seeded generator of floats in [0, 1), used only to make test inputs. */
export const rng = (seed: number): (() => number) => {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** `n` values uniform in [lo, hi) from `rand`. */
export const randArray = (rand: () => number, n: number, lo = -1, hi = 1): number[] =>
  Array.from({ length: n }, () => lo + (hi - lo) * rand());

/** Row-major size of a shape. */
export const sizeOfShape = (shape: readonly number[]): number => shape.reduce((s, d) => s * d, 1);

/** Multi-index of flat index `i` in a row-major `shape`. */
export const unravel = (i: number, shape: readonly number[]): number[] => {
  const idx = new Array<number>(shape.length).fill(0);
  for (let a = shape.length - 1; a >= 0; a--) {
    idx[a] = i % shape[a]!;
    i = Math.floor(i / shape[a]!);
  }
  return idx;
};

/** Flat row-major index of a multi-index. */
export const ravel = (idx: readonly number[], shape: readonly number[]): number => {
  let f = 0;
  for (let a = 0; a < shape.length; a++) f = f * shape[a]! + idx[a]!;
  return f;
};

/** NumPy's broadcast rule, written out: align right, sizes equal or one of them 1. */
export const refBroadcastShape = (a: readonly number[], b: readonly number[]): number[] => {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) throw new Error(`reference: ${a} and ${b} do not broadcast`);
    out.push(da === 1 ? db : da);
  }
  return out;
};

/** The flat index into an operand of `inShape` read by output multi-index `outIdx` under broadcasting. */
export const broadcastSource = (outIdx: readonly number[], inShape: readonly number[]): number => {
  const off = outIdx.length - inShape.length;
  const idx = inShape.map((d, i) => (d === 1 ? 0 : outIdx[off + i]!));
  return ravel(idx, inShape);
};

/** Reference elementwise binary op with NumPy broadcasting on flat arrays. */
export const refBinary = (
  a: ArrayLike<number>,
  aShape: readonly number[],
  b: ArrayLike<number>,
  bShape: readonly number[],
  f: (x: number, y: number) => number,
): { data: number[]; shape: number[] } => {
  const shape = refBroadcastShape(aShape, bShape);
  const n = sizeOfShape(shape);
  const data: number[] = [];
  for (let i = 0; i < n; i++) {
    const idx = unravel(i, shape);
    data.push(f(a[broadcastSource(idx, aShape)]!, b[broadcastSource(idx, bShape)]!));
  }
  return { data, shape };
};

/** Asserts elementwise |actual − expected| ≤ atol + rtol·|expected| (NaN matches NaN, ±∞ exactly). */
export const expectClose = (
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  atol = 1e-6,
  rtol = 1e-6,
): void => {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      expect(a, `element ${i}`).toBe(e);
      continue;
    }
    const ok = Math.abs(a - e) <= atol + rtol * Math.abs(e);
    if (!ok) expect.fail(`element ${i}: got ${a}, expected ${e} (atol ${atol}, rtol ${rtol})`);
  }
};

/** Asserts a tensor's shape and (approximately) its flat values. */
export const expectTensor = (
  t: Tensor,
  shape: readonly number[],
  values: ArrayLike<number>,
  tol = 1e-6,
): void => {
  expect(t.shape).toEqual(shape);
  expectClose(t.dataSync(), values, tol, tol);
};

/** Flattens nested arrays row-major (a test-side reference, not `tensor`'s parser). */
export const flat = (v: NestedArray): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);

/**
 * Runs `fn`, expects a TensorError whose `.op` is `op` and whose message contains each of
 * `parts` (e.g. the shapes `[2, 3]`); returns the error for further checks.
 */
export const expectTensorError = (fn: () => unknown, op: string, ...parts: string[]): TensorError => {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  if (caught === undefined) return expect.fail(`expected a TensorError from '${op}', but nothing was thrown`);
  expect(caught).toBeInstanceOf(TensorError);
  const err = caught as TensorError;
  expect(err.op).toBe(op);
  expect(err.message.startsWith(`${op}:`)).toBe(true);
  for (const p of parts) expect(err.message).toContain(p);
  return err;
};
