import { type NestedArray, type Tensor, tensor } from "@tapegrad/autograd";
import { arbShape, arbTensor, type ShapeOptions, type TensorArbOptions } from "@tapegrad/gradcheck";
import fc from "fast-check";
import { expect } from "vitest";

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

/** Two float64 tensors of one generated shape (zero-size and scalar shapes included). */
export const arbPair = (
  a: TensorArbOptions = {},
  b: TensorArbOptions = a,
  shape: ShapeOptions = {},
): fc.Arbitrary<[Tensor, Tensor]> =>
  arbShape(shape).chain((s) => fc.tuple(arbTensor({ ...a, shape: s }), arbTensor({ ...b, shape: s })));

/** True when every |a − b| exceeds `margin` (keeps gradient checks off a kink at a = b). */
export const apart = (a: Tensor, b: Tensor, margin: number, at = 0): boolean => {
  const x = flat(a);
  const y = flat(b);
  return x.every((v, i) => Math.abs(Math.abs(v - y[i]!) - at) > margin);
};
