/**
 * Every bad input gets a TensorError naming the op the caller called and the shapes involved
 * (DESIGN.md "Errors": a shape or dtype mismatch names the op and both shapes) — never a wrong answer.
 */
import {
  add,
  broadcastTo,
  concat,
  customVjp,
  grad,
  logSumExp,
  matmul,
  max,
  mean,
  min,
  mul,
  oneHot,
  pad,
  reshape,
  slice,
  softmax,
  squeeze,
  stack,
  sub,
  sum,
  type Tensor,
  take,
  takeAlongAxis,
  tensor,
  transpose,
  tree,
  valueAndGrad,
  variance,
  vjp,
  where,
  zeros,
} from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { expectTensorError } from "./helpers";

const i32 = (v: number[] | number[][]) => tensor(v, { dtype: "int32" });

describe("shapes that do not broadcast", () => {
  it("add / mul / sub name the op and both shapes", () => {
    expectTensorError(() => add(zeros([2, 3]), zeros([4])), "add", "[2, 3]", "[4]");
    expectTensorError(() => mul(zeros([3, 1, 5]), zeros([2, 4])), "mul", "[3, 1, 5]", "[2, 4]");
    expectTensorError(() => sub(zeros([0]), zeros([2])), "sub", "[0]", "[2]");
  });

  it("where names the op and the shapes that clash", () => {
    expectTensorError(() => where(zeros([2, 3]), zeros([4]), zeros([2, 3])), "where", "[2, 3]", "[4]");
    expectTensorError(() => where(zeros([5]), zeros([2, 5]), zeros([3, 5])), "where", "[2, 5]", "[3, 5]");
  });

  it("broadcastTo names both shapes", () => {
    expectTensorError(() => broadcastTo(zeros([3]), [2, 4]), "broadcastTo", "[3]", "[2, 4]");
    expectTensorError(() => broadcastTo(zeros([2, 3]), [3]), "broadcastTo", "[2, 3]", "[3]");
  });
});

describe("matmul", () => {
  it("inner dimensions that differ name both shapes", () => {
    expectTensorError(() => matmul(zeros([2, 3]), zeros([4, 5])), "matmul", "[2, 3]", "[4, 5]");
    expectTensorError(() => matmul(zeros([3]), zeros([4])), "matmul", "[3]", "[4]");
    expectTensorError(() => matmul(zeros([2, 3]), zeros([2])), "matmul", "[2, 3]", "[2]");
  });

  it("batch axes that do not broadcast name both operand shapes", () => {
    expectTensorError(() => matmul(zeros([2, 3, 4]), zeros([5, 4, 6])), "matmul", "[2, 3, 4]", "[5, 4, 6]");
  });

  it("scalar operands are rejected", () => {
    expectTensorError(() => matmul(zeros([]), zeros([2])), "matmul", "[]", "[2]");
  });
});

describe("reshape", () => {
  it("to a different size names both shapes", () => {
    expectTensorError(() => reshape(zeros([2, 3]), [4]), "reshape", "[2, 3]", "[4]");
    expectTensorError(() => reshape(zeros([2, 3]), [4, -1]), "reshape", "[2, 3]", "[4, -1]");
  });

  it("two -1s name both shapes", () => {
    expectTensorError(() => reshape(zeros([2, 3]), [-1, -1]), "reshape", "[2, 3]", "[-1, -1]");
  });

  it("one -1 is inferred", () => {
    expect(reshape(zeros([2, 3]), [-1]).shape).toEqual([6]);
    expect(reshape(zeros([2, 3]), [3, -1]).shape).toEqual([3, 2]);
    expect(reshape(zeros([0, 3]), [-1, 3]).shape).toEqual([0, 3]);
  });
});

describe("axis out of range", () => {
  const x = zeros([2, 3]);
  // Each op must name itself (not an op it is built from), the axis and the tensor's shape.
  const cases: [string, (axis: number) => unknown][] = [
    ["sum", (axis) => sum(x, { axis })],
    ["max", (axis) => max(x, { axis })],
    ["min", (axis) => min(x, { axis })],
    ["mean", (axis) => mean(x, { axis })],
    ["variance", (axis) => variance(x, { axis })],
    ["logSumExp", (axis) => logSumExp(x, { axis })],
    ["softmax", (axis) => softmax(x, { axis })],
    ["concat", (axis) => concat([x, x], { axis })],
    ["take", (axis) => take(x, [0], { axis })],
  ];
  for (const [op, f] of cases) {
    it(`${op}: axis 2 and -3 are out of range, and the error names '${op}' itself`, () => {
      expectTensorError(() => f(2), op, "axis 2");
      expectTensorError(() => f(-3), op, "axis -3");
    });
    it(`${op}: the axis error names the tensor's shape [2, 3]`, () => {
      expect(() => f(2)).toThrow("[2, 3]");
    });
    it(`${op}: negative axes in range are allowed and equal their positive form`, () => {
      const a = f(-1) as Tensor;
      const b = f(1) as Tensor;
      expect(a.shape).toEqual(b.shape);
      expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
      const c = f(-2) as Tensor;
      const d = f(0) as Tensor;
      expect(c.shape).toEqual(d.shape);
    });
  }

  it("axis arrays: an out-of-range or repeated entry is an error", () => {
    expectTensorError(() => sum(x, { axis: [0, 5] }), "sum", "axis 5");
    expectTensorError(() => sum(x, { axis: [1, -1] }), "sum", "repeated");
    expectTensorError(() => sum(x, { axis: 0.5 }), "sum", "0.5");
  });
});

describe("gather indices out of range", () => {
  const x = tensor([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);

  it("take names the index, the axis size and the shape", () => {
    expectTensorError(() => take(x, [3]), "take", "3", "[3, 2]");
    expectTensorError(() => take(x, [-4]), "take", "-4", "[3, 2]");
    expectTensorError(() => take(x, [2], { axis: 1 }), "take", "2", "[3, 2]");
    expectTensorError(() => take(x, [0.5]), "take", "0.5");
    expectTensorError(() => take(x, tensor([0])), "take", "int32");
  });

  it("take: negative indices in range count from the end (numpy.take)", () => {
    expect(take(x, [-1]).toArray()).toEqual([[5, 6]]);
    expect(take(x, [-3, 2]).toArray()).toEqual([
      [1, 2],
      [5, 6],
    ]);
    expect(take(x, [-2], { axis: -1 }).toArray()).toEqual([[1], [3], [5]]);
  });

  it("takeAlongAxis names the index and the shape", () => {
    expectTensorError(
      () => takeAlongAxis(x, i32([[2], [0], [1]]), { axis: 1 }),
      "takeAlongAxis",
      "2",
      "[3, 2]",
    );
    expectTensorError(() => takeAlongAxis(x, i32([[0, 3]]), { axis: 0 }), "takeAlongAxis", "3", "[3, 2]");
    // mismatched extents off the axis name both shapes
    expectTensorError(
      () => takeAlongAxis(x, i32([[0], [1]]), { axis: 1 }),
      "takeAlongAxis",
      "[2, 1]",
      "[3, 2]",
    );
  });

  it("takeAlongAxis: negative indices in range are allowed", () => {
    expect(takeAlongAxis(x, i32([[-1], [-2], [0]]), { axis: 1 }).toArray()).toEqual([[2], [3], [5]]);
  });

  it("oneHot rejects indices outside [0, depth)", () => {
    expectTensorError(() => oneHot(i32([0, 3]), 3), "oneHot", "3");
    expectTensorError(() => oneHot(i32([-1]), 3), "oneHot", "-1");
    expectTensorError(() => oneHot(tensor([0]), 3), "oneHot", "int32");
  });
});

describe("mixing dtypes without a cast", () => {
  const f32 = zeros([2, 3]);
  const f64 = zeros([3], "float64");
  const int = zeros([2, 1], "int32");

  it("float32 + float64 names the op, both dtypes and both shapes", () => {
    expectTensorError(() => add(f32, f64), "add", "float32", "float64", "[2, 3]", "[3]");
    expectTensorError(() => mul(f64, f32), "mul", "float64", "float32", "[3]", "[2, 3]");
  });

  it("int32 + float32 names the op, both dtypes and both shapes", () => {
    expectTensorError(() => add(int, f32), "add", "int32", "float32", "[2, 1]", "[2, 3]");
  });

  it("matmul, where and concat refuse mixed dtypes too", () => {
    expectTensorError(() => matmul(zeros([2, 3]), zeros([3, 2], "float64")), "matmul", "float32", "float64");
    expectTensorError(
      () => where(zeros([2]), zeros([2]), zeros([2], "float64")),
      "where",
      "float32",
      "float64",
    );
    expectTensorError(() => concat([zeros([2]), zeros([2], "int32")]), "concat", "float32", "int32");
  });

  it("numbers adopt the tensor's dtype, so they never mix", () => {
    expect(add(f64, 1).dtype).toBe("float64");
    expect(add(2, int).dtype).toBe("int32");
    expect(where(zeros([2]), 1, zeros([2], "float64")).dtype).toBe("float64");
  });
});

describe("differentiation errors", () => {
  it("grad of a non-scalar output names the output shape", () => {
    const err = expectTensorError(
      () => valueAndGrad((x: Tensor) => mul(x, 2))(zeros([2])),
      "valueAndGrad",
      "scalar",
      "[2]",
    );
    expect(err.message).toContain("[2]");
    let thrown: unknown;
    try {
      grad((x: Tensor) => mul(x, 2))(zeros([2, 3]));
    } catch (e) {
      thrown = e;
    }
    expect((thrown as Error).message).toMatch(/grad/i);
    expect((thrown as Error).message).toContain("[2, 3]");
  });

  it("vjp: a cotangent of the wrong shape names both shapes", () => {
    const [, pb] = vjp((x: Tensor) => mul(x, 2), zeros([2, 3]));
    expectTensorError(() => pb(zeros([3, 2])), "vjp", "[3, 2]", "[2, 3]");
  });

  it("customVjp: bwd returning the wrong number of cotangents names the function", () => {
    const f = customVjp(
      (x: Tensor) => [mul(x, 2), null] as const,
      (_r, g) => [g, g],
      "double",
    );
    expectTensorError(() => grad((x: Tensor) => sum(f(x)))(zeros([2])), "double", "2", "1");
  });
});

describe("tree structure mismatch", () => {
  it("tree.zipWith names both structures", () => {
    const a = { w: zeros([1]), b: zeros([1]) };
    const b = { w: zeros([1]), c: zeros([1]) };
    expectTensorError(() => tree.zipWith(add, a, b), "tree.zipWith", "{b, w}", "{c, w}");
    expectTensorError(
      () => tree.zipWith(add, [zeros([1]), zeros([1])], [zeros([1])]),
      "tree.zipWith",
      "[leaf, leaf]",
      "[leaf]",
    );
    expectTensorError(() => tree.zipWith(add, zeros([1]), [zeros([1])]), "tree.zipWith", "leaf", "[leaf]");
  });

  it("a non-tree leaf is rejected with its path", () => {
    expectTensorError(() => tree.leaves({ a: [zeros([1]), 3 as unknown as Tensor] }), "tree", ".a[1]");
  });
});

describe("other shape errors name the op and the shapes", () => {
  it("transpose with a bad permutation", () => {
    expectTensorError(() => transpose(zeros([2, 3]), [0, 0]), "transpose", "[2, 3]");
    expectTensorError(() => transpose(zeros([2, 3]), [0, 1, 2]), "transpose", "[2, 3]");
  });

  it("concat / stack with shapes that differ", () => {
    expectTensorError(() => concat([zeros([2, 3]), zeros([2, 4])]), "concat", "[2, 3]", "[2, 4]");
    expectTensorError(() => concat([zeros([2, 3]), zeros([3])], { axis: 1 }), "concat", "[2, 3]", "[3]");
    expectTensorError(() => stack([zeros([2]), zeros([3])]), "stack", "[2]", "[3]");
    expectTensorError(() => concat([]), "concat");
  });

  it("slice / pad / squeeze", () => {
    expectTensorError(() => slice(zeros([3]), [0, 0]), "slice", "[3]");
    expectTensorError(() => slice(zeros([3]), [0], [3], [0]), "slice", "step");
    expectTensorError(() => pad(zeros([2, 2]), [[1, 1]]), "pad", "[2, 2]");
    expectTensorError(() => pad(zeros([2]), [[-1, 0]]), "pad", "-1");
    expectTensorError(() => squeeze(zeros([2, 3]), { axis: 0 }), "squeeze", "[2, 3]");
  });
});
