import {
  grad,
  logSoftmax,
  logSumExp,
  mul,
  sigmoid,
  softmax,
  softplus,
  sum,
  type Tensor,
  tensor,
} from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { allFinite } from "../../shared/tensors";
import { f64 } from "./samples";

const big = () => f64([1e4, -1e4, 0, 5e3]);
const weights = f64([1, -2, 0.5, 3]);

describe("stability at ±1e4", () => {
  const cases: [string, (t: Tensor) => Tensor][] = [
    ["softmax", (t) => softmax(t)],
    ["logSoftmax", (t) => logSoftmax(t)],
    ["logSumExp", (t) => logSumExp(t)],
    ["sigmoid", sigmoid],
    ["softplus", softplus],
  ];
  for (const [name, f] of cases) {
    it(`${name} gives finite values and gradients`, () => {
      expect(allFinite(f(big()))).toBe(true);
      const g = grad((t: Tensor) => sum(mul(f(t), f(t).shape.length ? weights : f64(1))))(big());
      expect(allFinite(g)).toBe(true);
    });
    it(`${name} in float32 too`, () => {
      const x32 = tensor([1e4, -1e4, 0, 5e3]);
      expect(allFinite(f(x32))).toBe(true);
      expect(allFinite(grad((t: Tensor) => sum(f(t)))(x32))).toBe(true);
    });
  }

  it("values at the extremes match the limits", () => {
    // softmax([1e4, −1e4, 0, 5e3]) = [1, 0, 0, 0] (others are e^(−5e3) ≈ 0)
    expect(Array.from(softmax(big()).dataSync())).toEqual([1, 0, 0, 0]);
    // logSoftmax: xᵢ − 1e4 (the log-sum-exp is 1e4 up to e^(−5e3))
    expect(Array.from(logSoftmax(big()).dataSync())).toEqual([0, -2e4, -1e4, -5e3]);
    expect(logSumExp(big()).item()).toBe(1e4);
    // σ(1e4) = 1, σ(−1e4) = e^(−1e4) underflows to 0; softplus(1e4) = 1e4, softplus(−1e4) = 0⁺
    expect(Array.from(sigmoid(big()).dataSync()).slice(0, 2)).toEqual([1, 0]);
    expect(Array.from(softplus(big()).dataSync()).slice(0, 2)).toEqual([1e4, 0]);
  });

  it("gradients at the extremes: softplus′ = σ, logSoftmax′ = w − softmax·Σw", () => {
    const gs = grad((t: Tensor) => sum(softplus(t)))(big());
    expect(Array.from(gs.dataSync())).toEqual([1, 0, 0.5, 1]);
    const gl = grad((t: Tensor) => sum(mul(logSoftmax(t), weights)))(big());
    // Σw = 2.5; softmax = [1, 0, 0, 0] → [1 − 2.5, −2, 0.5, 3]
    expect(Array.from(gl.dataSync())).toEqual([-1.5, -2, 0.5, 3]);
  });
});
