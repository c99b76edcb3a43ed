import { abs, grad, sign, sum, type Tensor, tensor } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { itChecksGroup } from "./run";
import { f64 } from "./samples";

describe("unary primitives", () => {
  itChecksGroup("unary");

  it("abs′(0) = 0 and sign has a zero gradient everywhere", () => {
    const x = f64([0, -0, 2, -3]);
    // (+0 normalises −0: the sign of a zero gradient is not part of the contract)
    const plain = (t: Tensor) => Array.from(t.dataSync(), (v) => v + 0);
    expect(plain(grad((t: Tensor) => sum(abs(t)))(x))).toEqual([0, 0, 1, -1]);
    expect(plain(grad((t: Tensor) => sum(sign(t)))(x))).toEqual([0, 0, 0, 0]);
  });

  it("scalar and zero-size inputs get gradients of their own shape", () => {
    const g0 = grad((t: Tensor) => sum(abs(t)))(tensor(-2, { dtype: "float64" }));
    expect(g0.shape).toEqual([]);
    expect(g0.item()).toBe(-1);
    const ge = grad((t: Tensor) => sum(abs(t)))(tensor(new Float64Array(0), { shape: [2, 0] }));
    expect(ge.shape).toEqual([2, 0]);
  });
});
