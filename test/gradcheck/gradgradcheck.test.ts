import {
  cos,
  customVjp,
  logSoftmax,
  matmul,
  mul,
  sigmoid,
  sin,
  softmax,
  stopGradient,
  sum,
  type Tensor,
  tanh,
  tensor,
} from "@tapegrad/autograd";
import { assertGradientsMatch, gradgradcheck } from "@tapegrad/gradcheck";
import { describe, expect, it } from "vitest";

const f64 = (v: number[] | number[][]) => tensor(v, { dtype: "float64" });
const x = f64([
  [0.3, -1.2, 2],
  [0.5, 0.1, -0.7],
]);

describe("gradgradcheck", () => {
  it("passes tanh, sigmoid, softmax and logSoftmax", () => {
    for (const f of [tanh, sigmoid, (t: Tensor) => softmax(t), (t: Tensor) => logSoftmax(t, { axis: 0 })]) {
      const r = gradgradcheck(f, x);
      expect(r.ok).toBe(true);
      expect(r.counts.total).toBe(6);
    }
  });

  it("passes matmul chains (w₂·tanh(w₁·x)) in all three inputs", () => {
    const inputs = {
      w1: f64([
        [0.2, -0.4],
        [0.7, 0.1],
        [-0.3, 0.5],
      ]),
      w2: f64([[1.1, -0.2, 0.3]]),
      x: f64([
        [0.5, -1],
        [2, 0.25],
      ]),
    };
    const f = (p: typeof inputs) => matmul(p.w2, tanh(matmul(p.w1, p.x)));
    const r = gradgradcheck(f, inputs);
    expect(r.ok).toBe(true);
    expect(r.counts.total).toBe(6 + 3 + 4);
  });

  it("catches a VJP that is right to first order but not differentiable itself", () => {
    // d sin = cos(x)·g, but written with stopGradient: the second derivative comes out 0.
    const frozenSin = customVjp(
      (t: Tensor) => [sin(t), t] as const,
      (t: Tensor, g: Tensor) => [mul(g, cos(stopGradient(t)))],
    );
    const inputs = f64([0.3, 1.1]);
    expect(assertGradientsMatch(frozenSin, inputs).ok).toBe(true);
    const r = gradgradcheck(frozenSin, inputs);
    expect(r.ok).toBe(false);
    expect(() => assertGradientsMatch(frozenSin, inputs, { order: 2 })).toThrow(
      /second order: gradcheck failed/,
    );
  });

  it("checks a scalar-valued loss", () => {
    const r = gradgradcheck((t: Tensor) => sum(mul(tanh(t), t)), f64([0.4, -2]));
    expect(r.ok).toBe(true);
  });
});
