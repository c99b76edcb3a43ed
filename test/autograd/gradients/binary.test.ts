import {
  add,
  equal,
  grad,
  greater,
  greaterEqual,
  less,
  lessEqual,
  maximum,
  minimum,
  mul,
  notEqual,
  sub,
  sum,
  type Tensor,
  where,
} from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { itChecksGroup } from "./run";
import { f64 } from "./samples";

const grads2 = (f: (a: Tensor, b: Tensor) => Tensor, a: Tensor, b: Tensor) =>
  grad(([x, y]: Tensor[]) => sum(f(x!, y!)))([a, b]).map((g) => ({ shape: g.shape, values: g.toArray() }));

describe("binary primitives with broadcasting", () => {
  itChecksGroup("binary");

  it("maximum and minimum at a tie give ½ to each operand", () => {
    const a = f64([1, 2, 3]);
    const b = f64([1, 0, 3]);
    expect(grads2(maximum, a, b).map((g) => g.values)).toEqual([
      [0.5, 1, 0.5],
      [0.5, 0, 0.5],
    ]);
    expect(grads2(minimum, a, b).map((g) => g.values)).toEqual([
      [0.5, 0, 0.5],
      [0.5, 1, 0.5],
    ]);
  });

  it("a broadcast operand's gradient sums over the broadcast axes and keeps its shape", () => {
    // a: [2, 1, 3], b: [4, 1] → out [2, 4, 3]; ∂Σ(a·b)/∂a[i,0,k] = Σⱼ b[j], ∂/∂b[j,0] = Σᵢₖ a[i,0,k]
    const a = f64([1, 2, 3, 4, 5, 6], [2, 1, 3]);
    const b = f64([1, -1, 2, 0.5], [4, 1]);
    const [ga, gb] = grads2(mul, a, b);
    expect(ga!.shape).toEqual([2, 1, 3]);
    expect(ga!.values).toEqual([[[2.5, 2.5, 2.5]], [[2.5, 2.5, 2.5]]]);
    expect(gb!.shape).toEqual([4, 1]);
    expect(gb!.values).toEqual([[21], [21], [21], [21]]);
  });

  it("scalar operands: the gradient of a [] operand is the total", () => {
    const [ga, gb] = grads2(
      sub,
      f64(2),
      f64([
        [1, 2],
        [3, 4],
      ]),
    );
    expect(ga).toEqual({ shape: [], values: 4 });
    expect(gb!.values).toEqual([
      [-1, -1],
      [-1, -1],
    ]);
  });

  it("zero-size broadcasting: [0, 3] with [3] gives a zero gradient of shape [3]", () => {
    const [ga, gb] = grads2(add, f64([], [0, 3]), f64([1, 2, 3]));
    expect(ga!.shape).toEqual([0, 3]);
    expect(gb).toEqual({ shape: [3], values: [0, 0, 0] });
  });

  it("comparisons are not differentiable: zero gradient into both operands", () => {
    for (const cmp of [greater, greaterEqual, less, lessEqual, equal, notEqual]) {
      const [ga, gb] = grads2((a, b) => mul(cmp(a, b), add(a, b)), f64([1, 2, 3]), f64([2, 2, 2]));
      // only the add path carries gradient: ∂Σ(m⊙(a + b)) = m, the comparison mask itself
      expect(ga!.values).toEqual(gb!.values);
      expect(ga!.values).toEqual(Array.from(cmp(f64([1, 2, 3]), f64([2, 2, 2])).dataSync()));
    }
  });

  it("where routes the gradient to the selected branch only", () => {
    const c = f64([1, 0, 1]);
    const [ga, gb] = grads2((a, b) => where(c, a, b), f64([5, 6, 7]), f64([8, 9, 10]));
    expect(ga!.values).toEqual([1, 0, 1]);
    expect(gb!.values).toEqual([0, 1, 0]);
  });
});
