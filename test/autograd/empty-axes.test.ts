import { customVjp, grad, logSoftmax, logSumExp, softmax, sum, tensor, zeros } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";

// PyTorch: softmax over an empty axis is the empty tensor; logsumexp over nothing is log 0 = −∞.
describe("reductions over an empty axis", () => {
  it("softmax and logSoftmax return the empty input's shape", () => {
    expect(softmax(zeros([3, 0])).shape).toEqual([3, 0]);
    expect(logSoftmax(zeros([3, 0]), { axis: 1 }).shape).toEqual([3, 0]);
    expect(softmax(zeros([0, 4])).shape).toEqual([0, 4]);
  });

  it("logSumExp over an empty axis is −∞ per row, and differentiates to the empty gradient", () => {
    expect(logSumExp(zeros([3, 0]), { axis: -1 }).toArray()).toEqual([-Infinity, -Infinity, -Infinity]);
    expect(logSumExp(zeros([2, 0]), { axis: 1, keepdims: true }).shape).toEqual([2, 1]);
    const g = grad((x: ReturnType<typeof zeros>) => sum(softmax(x)))(zeros([2, 0], "float64"));
    expect(g.shape).toEqual([2, 0]);
  });
});

describe("customVjp checks what bwd returns", () => {
  const f = (bad: "shape" | "dtype") =>
    customVjp(
      (x: ReturnType<typeof tensor>) => [x, null] as const,
      (_r, g) => [bad === "shape" ? sum(g) : tensor([1, 1], { dtype: "float64" })],
      "myOp",
    );
  it("names the custom op when a cotangent has the wrong shape", () => {
    expect(() => grad((x: ReturnType<typeof tensor>) => sum(f("shape")(x)))(tensor([1, 2]))).toThrow(
      /myOp: bwd returned a cotangent of shape \[\] for input 0 of shape \[2\]/,
    );
  });
  it("names the custom op when a cotangent has the wrong dtype", () => {
    expect(() => grad((x: ReturnType<typeof tensor>) => sum(f("dtype")(x)))(tensor([1, 2]))).toThrow(
      /myOp: bwd returned a float64 cotangent for input 0 of dtype float32/,
    );
  });
});
