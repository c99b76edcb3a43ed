import { type NestedArray, type Tensor, tensor } from "@tapegrad/autograd";
import { expect } from "vitest";

// Small tensor helpers shared by the layers and losses tests.

/** A float64 tensor from nested arrays. */
export const f64 = (v: NestedArray | readonly number[]): Tensor =>
  tensor(v as NestedArray, { dtype: "float64" });

/** An int32 tensor from nested arrays. */
export const i32 = (v: NestedArray | readonly number[]): Tensor =>
  tensor(v as NestedArray, { dtype: "int32" });

/** Flat values of a tensor as plain numbers. */
export const flat = (t: Tensor): number[] => Array.from(t.dataSync());

/** Asserts `actual` equals `expected` elementwise within `tol` (relative to max(1, |expected|)). */
export const expectClose = (
  actual: Tensor | number | readonly number[],
  expected: readonly number[] | number,
  tol = 1e-12,
): void => {
  const a = typeof actual === "number" ? [actual] : Array.isArray(actual) ? actual : flat(actual as Tensor);
  const e = typeof expected === "number" ? [expected] : expected;
  expect(a.length).toBe(e.length);
  a.forEach((v, i) => {
    const err = Math.abs(v - e[i]!) / Math.max(1, Math.abs(e[i]!));
    if (!(err <= tol)) expect.fail(`element ${i}: got ${v}, expected ${e[i]} (rel err ${err})`);
  });
};

/** Every element finite. */
export const allFinite = (t: Tensor): boolean => flat(t).every(Number.isFinite);

/** A seeded generator of numbers in [−0.5, 0.5) (a 32-bit LCG): reproducible test data. */
export const lcg = (seed: number): (() => number) => {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5;
};

/** `length` seeded values in [−0.5, 0.5) as a Float32Array or Float64Array. */
export const randomArray = (f64: boolean, length: number, rnd: () => number): Float32Array | Float64Array =>
  (f64 ? Float64Array : Float32Array).from(Array.from({ length }, rnd));
