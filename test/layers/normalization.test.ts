import { key, type Tensor, tensor, zeros } from "@tapegrad/autograd";
import { arbTensor, gradientProperty } from "@tapegrad/gradcheck";
import { batchNorm, layerNorm } from "@tapegrad/layers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectClose, f64, flat, moments } from "./helpers";

const X = [
  [1, -2, 0.5, 4],
  [0, 3, -1, 2],
  [2, 2, 2, 2],
];

describe("layerNorm", () => {
  it("normalizes each row over the last axis: (x − μ)/√(σ² + ε)·γ + β", () => {
    const ln = layerNorm({ dtype: "float64" });
    const { params, outputShape } = ln.init(key(0), [4]);
    expect(outputShape).toEqual([4]);
    expect(flat(params.scale!)).toEqual([1, 1, 1, 1]);
    expect(flat(params.bias!)).toEqual([0, 0, 0, 0]);
    const gamma = [1, 2, 0.5, -1];
    const beta = [0, 1, -1, 0.5];
    const y = ln.apply({ scale: f64(gamma), bias: f64(beta) }, f64(X));
    // Ba et al. 2016, biased variance, ε = 1e-5 (PyTorch)
    const expected = X.flatMap((row) => {
      const { mean, variance } = moments(row);
      return row.map((v, i) => ((v - mean) / Math.sqrt(variance + 1e-5)) * gamma[i]! + beta[i]!);
    });
    expectClose(y, expected);
  });

  it("can drop scale and bias, and takes extra leading axes", () => {
    const ln = layerNorm({ scale: false, center: false, eps: 0 });
    const { params } = ln.init(key(0), [2, 4]);
    expect(params).toEqual({});
    const y = ln.apply(params, tensor([X.slice(0, 2), X.slice(0, 2)]));
    expect(y.shape).toEqual([2, 2, 4]);
    const m = moments(flat(y).slice(0, 4));
    expect(Math.abs(m.mean)).toBeLessThan(1e-6);
    expect(Math.abs(m.variance - 1)).toBeLessThan(1e-5);
  });

  it("has float64 gradients in scale, bias and input that match finite differences", () => {
    const ln = layerNorm();
    const arb = fc.tuple(
      fc.record({ scale: arbTensor({ shape: [3] }), bias: arbTensor({ shape: [3] }) }),
      arbTensor({ shape: [2, 3] }),
    );
    fc.assert(
      gradientProperty(([p, x]: [{ scale: Tensor; bias: Tensor }, Tensor]) => ln.apply(p, x), [arb], {
        autoKinks: false,
      }),
      { numRuns: 20 },
    );
  });

  it("rejects a feature size it was not initialized for", () => {
    const ln = layerNorm();
    const { params } = ln.init(key(0), [4]);
    expect(() => ln.apply(params, zeros([2, 3]))).toThrow(
      "layerNorm: input of shape [2, 3] has 3 features on its last axis, but the layer was initialized for 4 (scale [4])",
    );
  });
});

describe("batchNorm", () => {
  const bn = batchNorm({ dtype: "float64" });
  const init = bn.init(key(0), [4]);
  const cols = [0, 1, 2, 3].map((j) => X.map((r) => r[j]!));

  it("starts with scale 1, bias 0, running mean 0 and variance 1", () => {
    expect(init.outputShape).toEqual([4]);
    expect(flat(init.params.scale)).toEqual([1, 1, 1, 1]);
    expect(flat(init.params.bias)).toEqual([0, 0, 0, 0]);
    expect(flat(init.state!.mean)).toEqual([0, 0, 0, 0]);
    expect(flat(init.state!.variance)).toEqual([1, 1, 1, 1]);
  });

  it("in training normalizes with batch statistics and updates the running ones (PyTorch)", () => {
    const params = { scale: f64([1, 2, 1, 1]), bias: f64([0, 0, 1, 0]) };
    const { y, state } = bn.applyWithState!(params, init.state!, f64(X), { training: true });
    const expected = X.flatMap((row) =>
      row.map((v, j) => {
        const { mean, variance } = moments(cols[j]!);
        return ((v - mean) / Math.sqrt(variance + 1e-5)) * [1, 2, 1, 1][j]! + [0, 0, 1, 0][j]!;
      }),
    );
    expectClose(y, expected);
    expectClose(bn.apply(params, f64(X), { training: true }), expected);
    // r ← (1 − m)·r + m·batch, m = 0.1, unbiased variance for the running estimate
    const n = X.length;
    expectClose(
      state.mean,
      cols.map((c) => 0.1 * moments(c).mean),
    );
    expectClose(
      state.variance,
      cols.map((c) => 0.9 + (0.1 * moments(c).variance * n) / (n - 1)),
    );
  });

  it("in inference uses the running statistics and keeps them", () => {
    const state = { mean: f64([1, 0, -1, 2]), variance: f64([4, 1, 0.25, 1]) };
    const r = bn.applyWithState!(init.params, state, f64(X));
    expect(r.state).toBe(state);
    const expected = X.flatMap((row) =>
      row.map((v, j) => (v - [1, 0, -1, 2][j]!) / Math.sqrt([4, 1, 0.25, 1][j]! + 1e-5)),
    );
    expectClose(r.y, expected);
    expectClose(bn.apply(init.params, f64(X), { state }), expected);
  });

  it("returns running statistics that carry no tape", () => {
    const { state } = bn.applyWithState!(init.params, init.state!, f64(X), { training: true });
    expect(state.mean._tr).toBeNull();
  });

  it("has float64 gradients (training mode) that match finite differences", () => {
    const arb = fc.tuple(
      fc.record({ scale: arbTensor({ shape: [3] }), bias: arbTensor({ shape: [3] }) }),
      arbTensor({ shape: [4, 3] }),
    );
    fc.assert(
      gradientProperty(
        ([p, x]: [{ scale: Tensor; bias: Tensor }, Tensor]) => bn.apply(p, x, { training: true }),
        [arb],
        { autoKinks: false },
      ),
      { numRuns: 15 },
    );
  });

  it("rejects inference without state, a single example in training, bad state, a wrong feature size", () => {
    expect(() => bn.apply(init.params, f64(X))).toThrow(
      "batchNorm: inference (training false) needs the running statistics: pass ctx.state, or use applyWithState",
    );
    expect(() => bn.apply(init.params, f64([X[0]!]), { training: true })).toThrow(
      "batchNorm: training needs more than one value per feature, got input of shape [1, 4]",
    );
    expect(() => bn.applyWithState!(init.params, { mean: f64([0]), variance: f64([1]) }, f64(X))).toThrow(
      "batchNorm: state mean [1] and variance [1] do not match 4 features",
    );
    expect(() => bn.apply(init.params, f64([[1, 2]]), { training: true })).toThrow(
      "batchNorm: input of shape [1, 2] has 2 features on its last axis, but the layer was initialized for 4 (scale [4])",
    );
    expect(() => batchNorm({ momentum: 2 })).toThrow("batchNorm: momentum must be in [0, 1], got 2");
  });
});
