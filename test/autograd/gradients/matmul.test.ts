import { grad, matmul, mul, sum, type Tensor } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { itChecksGroup } from "./run";
import { f64 } from "./samples";

const grads = (a: Tensor, b: Tensor, w?: Tensor) =>
  grad(([x, y]: Tensor[]) => {
    const out = matmul(x!, y!);
    return sum(w ? mul(out, w) : out);
  })([a, b]);

describe("matmul", () => {
  itChecksGroup("matmul");

  it("2-D: ∂Σ(W⊙AB)/∂A = W·Bᵀ and ∂/∂B = Aᵀ·W", () => {
    const a = f64([
      [1, 2],
      [3, 4],
    ]);
    const b = f64([
      [5, 6, 7],
      [8, 9, 10],
    ]);
    const w = f64([
      [1, 0, -1],
      [2, 1, 0],
    ]);
    const [ga, gb] = grads(a, b, w);
    // W·Bᵀ = [[1·5 + 0·6 − 1·7, 1·8 + 0 − 10], [2·5 + 6, 2·8 + 9]]
    expect(ga!.toArray()).toEqual([
      [-2, -2],
      [16, 25],
    ]);
    // Aᵀ·W = [[1·1 + 3·2, 0 + 3, −1 + 0], [2 + 8, 4, −2]]
    expect(gb!.toArray()).toEqual([
      [7, 3, -1],
      [10, 4, -2],
    ]);
  });

  it("1-D · 1-D is a dot product: gradients are the other vector", () => {
    const [ga, gb] = grads(f64([1, 2, 3]), f64([4, 5, 6]));
    expect(ga!.toArray()).toEqual([4, 5, 6]);
    expect(gb!.toArray()).toEqual([1, 2, 3]);
  });

  it("matrix · vector and vector · matrix keep the 1-D operand's shape", () => {
    const [ga, gb] = grads(
      f64([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
      f64([1, -1]),
    );
    expect(ga!.toArray()).toEqual([
      [1, -1],
      [1, -1],
      [1, -1],
    ]);
    expect(gb!.toArray()).toEqual([9, 12]);
    const [gv, gm] = grads(
      f64([1, -1, 2]),
      f64([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
    );
    expect(gv!.toArray()).toEqual([3, 7, 11]);
    expect(gm!.toArray()).toEqual([
      [1, 1],
      [-1, -1],
      [2, 2],
    ]);
  });

  it("batch broadcasting sums the gradient of a shared operand over the batch", () => {
    // a: [2, 1, 2] batch of two row vectors; b: [2, 1] shared → ∂Σ/∂b = Σ over batch of aᵀ
    const a = f64([1, 2, 3, 4], [2, 1, 2]);
    const b = f64([[1], [1]]);
    const [ga, gb] = grads(a, b);
    expect(ga!.shape).toEqual([2, 1, 2]);
    expect(gb!.toArray()).toEqual([[4], [6]]);
  });

  it("zero inner extent: the product is zeros and the gradients have zero size", () => {
    const [ga, gb] = grads(f64([], [2, 0]), f64([], [0, 3]));
    expect(ga!.shape).toEqual([2, 0]);
    expect(gb!.shape).toEqual([0, 3]);
  });
});
