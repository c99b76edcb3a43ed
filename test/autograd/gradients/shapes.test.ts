import {
  broadcastTo,
  cast,
  concat,
  grad,
  mul,
  pad,
  reshape,
  slice,
  stack,
  sum,
  type Tensor,
  take,
  takeAlongAxis,
  tensor,
  transpose,
} from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { sizeOfShape } from "../helpers";
import { itChecksGroup } from "./run";
import { f64 } from "./samples";

// Weighted sums make each position's gradient distinct: ∂Σ(w ⊙ op(x))/∂x = opᵀ(w).
const weights = (shape: number[]) =>
  tensor(
    Float64Array.from({ length: sizeOfShape(shape) }, (_, i) => i + 1),
    { shape, dtype: "float64" },
  );
const zeros23 = f64([0, 0, 0, 0, 0, 0], [2, 3]);
const g = (f: (t: Tensor) => Tensor, x: Tensor) =>
  grad((t: Tensor) => sum(mul(f(t), weights(f(x).shape.slice()))))(x);

describe("shape ops", () => {
  itChecksGroup("shape");

  it("transpose: the gradient is the cotangent transposed back", () => {
    // out = xᵀ (3×2); w = [[1,2],[3,4],[5,6]] → ∂/∂x = wᵀ = [[1,3,5],[2,4,6]]
    expect(g((t) => transpose(t), zeros23).toArray()).toEqual([
      [1, 3, 5],
      [2, 4, 6],
    ]);
  });

  it("slice with steps scatters the cotangent to the picked positions", () => {
    // x[1:6:2] of 7 elements picks 1, 3, 5 with weights 1, 2, 3
    expect(g((t) => slice(t, [1], [6], [2]), f64([0, 0, 0, 0, 0, 0, 0])).toArray()).toEqual([
      0, 1, 0, 2, 0, 3, 0,
    ]);
  });

  it("take with repeated indices accumulates", () => {
    // picks [2, 0, 2] with weights 1, 2, 3 → x[0] gets 2, x[2] gets 1 + 3
    expect(g((t) => take(t, [2, 0, 2]), f64([0, 0, 0])).toArray()).toEqual([2, 0, 4]);
  });

  it("takeAlongAxis sends each row's weights to its indices", () => {
    const idx = tensor(
      [
        [1, 1],
        [0, 2],
      ],
      { dtype: "int32" },
    );
    expect(g((t) => takeAlongAxis(t, idx, { axis: 1 }), zeros23).toArray()).toEqual([
      [0, 3, 0],
      [3, 0, 4],
    ]);
  });

  it("broadcastTo sums the cotangent over broadcast axes", () => {
    // [3] → [2, 3], weights [[1,2,3],[4,5,6]] → column sums [5, 7, 9]
    expect(g((t) => broadcastTo(t, [2, 3]), f64([0, 0, 0])).toArray()).toEqual([5, 7, 9]);
  });

  it("concat, stack and pad route gradients to their sources", () => {
    const a = f64([0, 0]);
    const b = f64([0]);
    const [ga, gb] = grad(([p, q]: Tensor[]) => sum(mul(concat([p!, q!, p!]), weights([5]))))([a, b]);
    expect(ga!.toArray()).toEqual([1 + 4, 2 + 5]);
    expect(gb!.toArray()).toEqual([3]);
    const [sa, sb] = grad(([p, q]: Tensor[]) => sum(mul(stack([p!, q!], { axis: 1 }), weights([2, 2]))))([
      a,
      f64([0, 0]),
    ]);
    expect([sa!.toArray(), sb!.toArray()]).toEqual([
      [1, 3],
      [2, 4],
    ]);
    // pad [[1, 2]] of 2 elements: interior positions 1, 2 → weights 2, 3
    expect(g((t) => pad(t, [[1, 2]], 7), a).toArray()).toEqual([2, 3]);
  });

  it("reshape and cast keep the cotangent's values; cast back to the input dtype", () => {
    expect(g((t) => reshape(t, [3, 2]), zeros23).toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const x32 = tensor([1, 2]);
    const gc = grad((t: Tensor) => sum(mul(cast(t, "float64"), f64([3, 4]))))(x32);
    expect(gc.dtype).toBe("float32");
    expect(gc.toArray()).toEqual([3, 4]);
  });

  it("zero-size and scalar shapes pass through shape ops", () => {
    expect(g((t) => transpose(t), f64([], [0, 2])).shape).toEqual([0, 2]);
    expect(g((t) => reshape(t, [1, 1]), f64(5)).shape).toEqual([]);
    expect(g((t) => slice(t, [5], [9]), f64([1, 2])).toArray()).toEqual([0, 0]);
  });
});
