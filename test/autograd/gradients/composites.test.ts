import {
  clip,
  elu,
  grad,
  leakyRelu,
  logSoftmax,
  logSumExp,
  mean,
  mul,
  relu,
  selu,
  softmax,
  sum,
  sumTo,
  type Tensor,
  variance,
} from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { itChecksGroup } from "./run";
import { f64 } from "./samples";

const gradOf = (f: (t: Tensor) => Tensor, x: Tensor): number[] =>
  Array.from(grad((t: Tensor) => sum(f(t)))(x).dataSync());
const closeTo = (got: number[], want: number[]) => {
  expect(got).toHaveLength(want.length);
  for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(want[i]!, 12);
};

describe("composites", () => {
  itChecksGroup("composite");

  it("kink conventions: relu′(0) = 0, leakyRelu′(0) = slope, clip′ = 1 at both boundaries", () => {
    expect(gradOf(relu, f64([0, -1, 2]))).toEqual([0, 0, 1]);
    expect(gradOf(leakyRelu({ slope: 0.2 }), f64([0, -1, 2]))).toEqual([0.2, 0.2, 1]);
    expect(gradOf((t) => clip(t, -1, 1), f64([-1, 1, -1.5, 1.5, 0]))).toEqual([1, 1, 0, 0, 1]);
  });

  it("elu′(0) = α and selu′(0) = λα: the x ≤ 0 branch at 0 (PyTorch)", () => {
    // elu(x) = α(eˣ − 1) for x ≤ 0 → derivative α·e⁰ = α; for α = 1 elu is C¹ and elu′(0) = 1.
    expect(gradOf((t) => elu(t), f64([0]))).toEqual([1]);
    expect(gradOf(elu({ alpha: 0.5 }), f64([0]))).toEqual([0.5]);
    closeTo(gradOf(selu, f64([0])), [1.0507009873554805 * 1.6732632423543772]);
  });

  it("softmax: ∂Σ(w⊙y)/∂x = y⊙(w − ⟨w, y⟩), y = softmax(x)", () => {
    const xs = [0.5, -1, 2];
    const w = [1, 2, -1];
    const e = xs.map(Math.exp);
    const y = e.map((v) => v / e.reduce((a, b) => a + b));
    const wy = w.reduce((a, wi, i) => a + wi * y[i]!, 0);
    closeTo(
      gradOf((t) => mul(softmax(t), f64(w)), f64(xs)),
      y.map((yi, i) => yi * (w[i]! - wy)),
    );
    // logSoftmax: ∂Σ(w⊙log y)/∂x = w − y·Σw;  logSumExp: ∇ = softmax(x)
    closeTo(
      gradOf((t) => mul(logSoftmax(t), f64(w)), f64(xs)),
      w.map((wi, i) => wi - y[i]! * 2),
    );
    closeTo(
      gradOf((t) => logSumExp(t), f64(xs)),
      y,
    );
  });

  it("mean: 1/N per element; variance: 2(x − μ)/(N − ddof)", () => {
    const xs = [1, 2, 4, 9];
    const mu = 4;
    closeTo(
      gradOf((t) => mean(t), f64(xs)),
      [0.25, 0.25, 0.25, 0.25],
    );
    for (const ddof of [0, 1]) {
      closeTo(
        gradOf((t) => variance(t, { ddof }), f64(xs)),
        xs.map((v) => (2 * (v - mu)) / (4 - ddof)),
      );
    }
    // over axis 0 of a [2, 2]: columns (1, 4) and (2, 9), μ = 2.5 and 5.5
    closeTo(
      gradOf(
        (t) => variance(t, { axis: 0 }),
        f64([
          [1, 2],
          [4, 9],
        ]),
      ),
      [-1.5, -3.5, 1.5, 3.5],
    );
  });

  it("sumTo: each input element's gradient is 1 (it is a sum)", () => {
    const gr = grad((t: Tensor) => sum(mul(sumTo(t, [1, 3]), f64([[1, 2, 3]]))))(
      f64([
        [0, 0, 0],
        [0, 0, 0],
      ]),
    );
    expect(gr.toArray()).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
  });
});
