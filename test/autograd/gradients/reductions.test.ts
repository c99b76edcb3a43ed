import { grad, max, min, sum, type Tensor } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { itChecksGroup } from "./run";
import { f64 } from "./samples";

const g = (f: (t: Tensor) => Tensor, x: Tensor) => grad((t: Tensor) => sum(f(t)))(x);
/** The gradient of Σ f at x has x's shape and exactly the flat `values`. */
const expectGrad = (f: (t: Tensor) => Tensor, x: Tensor, values: number[]) => {
  const gr = g(f, x);
  expect(gr.shape).toEqual(x.shape);
  expect(Array.from(gr.dataSync())).toEqual(values);
};

describe("reductions", () => {
  itChecksGroup("reduction");

  it("max splits the gradient evenly among ties (torch.amax)", () => {
    // 3-way tie at 5: ⅓ each
    expectGrad((t) => max(t), f64([5, 1, 5, 5]), [1 / 3, 0, 1 / 3, 1 / 3]);
    // per row over axis -1, keepdims: row 0 [2, 2, 0] ties twice, row 1 [1, 3, 2] has one max
    expectGrad(
      (t) => max(t, { axis: -1, keepdims: true }),
      f64([2, 2, 0, 1, 3, 2], [2, 3]),
      [0.5, 0.5, 0, 0, 1, 0],
    );
  });

  it("min splits ties too, over a negative axis", () => {
    // columns (1, 1) tie and (4, 2) do not
    expectGrad((t) => min(t, { axis: -2 }), f64([1, 4, 1, 2], [2, 2]), [0.5, 0, 0.5, 1]);
  });

  it("sum over axes with and without keepdims gives ones of the input shape", () => {
    const x = f64([1, 2, 3, 4, 5, 6], [1, 2, 3]);
    for (const o of [{}, { axis: -1 }, { axis: [0, 2], keepdims: true }, { axis: 1, keepdims: true }]) {
      expectGrad((t) => sum(t, o), x, [1, 1, 1, 1, 1, 1]);
    }
  });

  it("reductions of zero-size tensors: sum gives 0 with a zero-size gradient; max over a non-empty axis works", () => {
    const x = f64([], [0, 3]);
    expect(g((t) => sum(t), x).shape).toEqual([0, 3]);
    expect(max(x, { axis: 1 }).shape).toEqual([0]);
    expect(g((t) => max(t, { axis: 1 }), x).shape).toEqual([0, 3]);
  });
});
