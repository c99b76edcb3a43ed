/** detectAnomaly / withNanCheck name the first op producing NaN or Infinity (PyTorch detect_anomaly). */
import {
  detectAnomaly,
  div,
  exp,
  grad,
  log,
  mul,
  sqrt,
  sum,
  type Tensor,
  TensorError,
  tensor,
  withNanCheck,
} from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";

const f64 = (v: number[]) => tensor(v, { dtype: "float64" });

const catchError = (fn: () => unknown): TensorError => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TensorError);
    return e as TensorError;
  }
  return expect.fail("expected a TensorError");
};

describe("detectAnomaly", () => {
  it("forward: log of a negative number names 'log'", () => {
    const err = catchError(() => detectAnomaly(() => sum(log(f64([1, -1])))));
    expect(err.message).toContain("'log'");
    expect(err.message).toMatch(/forward/);
    expect(err.message).toContain("[2]");
  });

  it("forward: names the first op, not the ones that only pass NaN on", () => {
    // exp(1000) = Infinity first; mul and sum then only propagate it
    const err = catchError(() => detectAnomaly(() => sum(mul(exp(f64([1000])), 2))));
    expect(err.message).toContain("'exp'");
    expect(err.message).not.toContain("'mul'");
  });

  it("forward inside grad: names the op", () => {
    const err = catchError(() => detectAnomaly(() => grad((x: Tensor) => sum(log(x)))(f64([-1, 2]))));
    expect(err.message).toContain("'log'");
  });

  it("backward: sqrt at 0 is finite forward, but its backward gives Infinity, named 'sqrt'", () => {
    const f = (x: Tensor) => sum(sqrt(x));
    // forward is fine: √0 = 0
    expect(detectAnomaly(() => f(f64([0, 4]))).item()).toBe(2);
    const err = catchError(() => detectAnomaly(() => grad(f)(f64([0, 4]))));
    expect(err.message).toContain("'sqrt'");
    expect(err.message).toMatch(/backward/);
  });

  it("off: nothing is checked, values come back with their NaN and Infinity", () => {
    expect(sum(log(f64([1, -1]))).item()).toBeNaN();
    const g = grad((x: Tensor) => sum(sqrt(x)))(f64([0, 4]));
    // d√x/dx = 1/(2√x): Infinity at 0, 1/4 at 4
    expect(Array.from(g.dataSync())).toEqual([Infinity, 0.25]);
  });

  it("is switched off again after the thunk, even when it threw", () => {
    catchError(() => detectAnomaly(() => log(f64([-1]))));
    expect(log(f64([-1])).item()).toBeNaN();
    expect(div(f64([1]), f64([0])).item()).toBe(Infinity);
  });

  it("passes the thunk's value through when nothing is wrong", () => {
    const g = detectAnomaly(() => grad((x: Tensor) => sum(mul(x, x)))(f64([1, 2])));
    expect(Array.from(g.dataSync())).toEqual([2, 4]);
  });

  it("NaN already in the inputs is not blamed on the op that receives it", () => {
    expect(() => detectAnomaly(() => mul(f64([Number.NaN]), 2))).not.toThrow();
  });

  it("withNanCheck wraps a function", () => {
    const checked = withNanCheck((x: Tensor) => sum(log(x)));
    expect(checked(f64([1, Math.E])).item()).toBeCloseTo(1, 15);
    expect(() => checked(f64([-1]))).toThrow(/'log'/);
  });
});
