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
