import { key, relu, split, type Tensor, TensorError, tensor, zeros } from "@tapegrad/autograd";
import { arbTensor, gradientProperty } from "@tapegrad/gradcheck";
import { constantInit, dense, glorotUniform, serial, zerosInit } from "@tapegrad/layers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectClose, f64, flat, matmulRef } from "./helpers";

const X = [
  [1, -2, 0.5],
  [0, 3, -1],
];

describe("dense", () => {
  it("makes a kernel (in, out) and a bias (out), with the documented initializers and keys", () => {
    const layer = dense(4);
    const { params, outputShape } = layer.init(key(0), [3]);
    expect(outputShape).toEqual([4]);
    expect(Object.keys(params).sort()).toEqual(["bias", "kernel"]);
    expect(params.kernel.shape).toEqual([3, 4]);
    expect(params.kernel.dtype).toBe("float32");
    expect(flat(params.bias!)).toEqual([0, 0, 0, 0]);
    // the kernel gets the first of two keys split from the init key
    expect(flat(params.kernel)).toEqual(flat(glorotUniform(split(key(0), 2)[0]!, [3, 4])));
  });

  it("computes x·kernel + bias (kernel in (in, out) layout)", () => {
    const layer = dense(2, { dtype: "float64" });
    const { params } = layer.init(key(1), [3]);
    const w = params.kernel.toArray() as number[][];
    const b = flat(params.bias!);
    const expected = matmulRef(X, w).flatMap((row) => row.map((v, j) => v + b[j]!));
    const biased = { kernel: params.kernel, bias: f64([0.5, -1]) };
    expectClose(layer.apply(params, f64(X)), expected);
    expectClose(
      layer.apply(biased, f64(X)),
      matmulRef(X, w).flatMap((row) => row.map((v, j) => v + [0.5, -1][j]!)),
    );
  });

  it("applies its activation, and omits the bias with useBias: false", () => {
    const layer = dense(2, {
      activation: relu,
      useBias: false,
      kernelInit: constantInit(1),
      dtype: "float64",
    });
    const { params } = layer.init(key(0), [3]);
    expect(Object.keys(params)).toEqual(["kernel"]);
    // row sums: −0.5 → relu 0, and 2
    expectClose(layer.apply(params, f64(X)), [0, 0, 2, 2]);
  });

  it("maps any leading axes: [..., in] → [..., units]", () => {
    const layer = dense(5);
    const { params, outputShape } = layer.init(key(0), [7, 3]);
    expect(outputShape).toEqual([7, 5]);
    expect(layer.apply(params, zeros([2, 7, 3])).shape).toEqual([2, 7, 5]);
  });

  it("takes an empty batch: [0, in] → [0, units]", () => {
    const layer = dense(4);
    const { params } = layer.init(key(0), [3]);
    expect(layer.apply(params, zeros([0, 3])).shape).toEqual([0, 4]);
  });

  it("has float64 gradients in kernel, bias and input that match finite differences", () => {
    const layer = dense(3);
    const arb = fc
      .integer({ min: 1, max: 4 })
      .chain((n) =>
        fc.tuple(
          fc.record({ kernel: arbTensor({ shape: [2, 3] }), bias: arbTensor({ shape: [3] }) }),
          arbTensor({ shape: [n, 2] }),
        ),
      );
    fc.assert(
      gradientProperty(([p, x]: [{ kernel: Tensor; bias: Tensor }, Tensor]) => layer.apply(p, x), [arb], {
        autoKinks: false,
      }),
      { numRuns: 20 },
    );
  });

  describe("bad input", () => {
    const layer = dense(12);
    const { params } = layer.init(key(0), [3]);

    it("an input whose feature size differs from the one it was initialized for", () => {
      let err: unknown;
      try {
        layer.apply(params, zeros([5, 4]));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(TensorError);
      expect((err as Error).message).toBe(
        "dense: input of shape [5, 4] has 4 features on its last axis, but the layer was initialized for 3 (kernel [3, 12])",
      );
      expect(() => layer.apply(params, zeros([]))).toThrow(/dense: input of shape \[\] has no features/);
    });

    it("an input of another dtype than the parameters", () => {
      expect(() => layer.apply(params, f64([[1, 2, 3]]))).toThrow(
        "dense: input dtype float64 [1, 3] differs from the parameters' float32; cast one of them",
      );
    });

    it("bad units, a scalar input shape, a kernelInit of the wrong shape, missing params", () => {
      expect(() => dense(0)).toThrow("dense: units must be a positive integer, got 0");
      expect(() => dense(2.5)).toThrow("dense: units must be a positive integer, got 2.5");
      expect(() => layer.init(key(0), [])).toThrow(
        "dense: needs an input shape of rank ≥ 1 (one example, no batch axis), got []",
      );
      expect(() => dense(2, { kernelInit: zerosInit }).init(key(0), [3])).not.toThrow();
      expect(() => dense(2, { kernelInit: () => zeros([2]) }).init(key(0), [3])).toThrow(
        "dense: kernelInit returned shape [2], not [3, 2]",
      );
      expect(() => layer.apply({ weights: zeros([3, 12]) } as never, zeros([1, 3]))).toThrow(
        "dense: params must have a tensor 'kernel', got {weights}",
      );
    });

    it("the factory itself where a layer belongs", () => {
      expect(() => serial(dense as never).init(key(0), [3])).toThrow(
        "dense: is a layer factory: call dense(...) to make the layer, then put that in serial",
      );
      expect(() => dense(tensor([1]) as never)).toThrow(/dense: is a layer factory/);
    });
  });
});
