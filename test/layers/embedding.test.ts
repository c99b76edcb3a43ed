import { grad, key, mul, sum, type Tensor, tensor } from "@tapegrad/autograd";
import { assertGradientsMatch } from "@tapegrad/gradcheck";
import { dense, embedding, flatten, normalInit, serial } from "@tapegrad/layers";
import { describe, expect, it } from "vitest";
import { f64, flat, i32 } from "./helpers";

describe("embedding", () => {
  const emb = embedding(5, 3, { dtype: "float64" });
  const { params, outputShape } = emb.init(key(0), [4]);

  it("makes a [numEmbeddings, features] table, N(0, 1) by default, and maps [...] → [..., features]", () => {
    expect(outputShape).toEqual([4, 3]);
    expect(params.embeddings.shape).toEqual([5, 3]);
    expect(flat(params.embeddings)).toEqual(flat(normalInit()(key(0), [5, 3], "float64")));
  });

  it("looks rows up by index", () => {
    const table = params.embeddings.toArray() as number[][];
    const ids = [
      [4, 0, 4, 2],
      [1, 1, 3, 0],
    ];
    const y = emb.apply(params, i32(ids));
    expect(y.shape).toEqual([2, 4, 3]);
    expect(flat(y)).toEqual(ids.flat().flatMap((k) => table[k]!));
  });

  it("accumulates the gradient into the rows that were read (repeats add up)", () => {
    const ids = i32([[4, 0, 4]]);
    const g = grad((p: { embeddings: Tensor }) => sum(mul(emb.apply(p, ids), 1)))(params);
    expect(g.embeddings.toArray()).toEqual([
      [1, 1, 1],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
      [2, 2, 2],
    ]);
  });

  it("has float64 table gradients that match finite differences", () => {
    const ids = i32([
      [4, 0, 4],
      [2, 2, 1],
    ]);
    const report = assertGradientsMatch((p: { embeddings: Tensor }) => emb.apply(p, ids), params, {
      autoKinks: false,
    });
    expect(report.counts.ok).toBe(5 * 3);
  });

  it("rejects indices out of range (negative ones too) and non-int32 indices", () => {
    expect(() => emb.apply(params, i32([[1, 5]]))).toThrow(
      "embedding: index 5 at flat position 1 of input [1, 2] is out of range [0, 5) (table [5, 3])",
    );
    expect(() => emb.apply(params, i32([-1]))).toThrow(
      /embedding: index -1 at flat position 0 .*out of range \[0, 5\)/,
    );
    expect(() => emb.apply(params, f64([1]))).toThrow(
      "embedding: indices must be int32, got float64 of shape [1]",
    );
    expect(() => embedding(0, 3)).toThrow("embedding: numEmbeddings must be a positive integer, got 0");
  });
});

describe("flatten", () => {
  it("flattens every axis after the batch axis, as a layer and as a bare function", () => {
    const layer = flatten();
    expect(layer.init(key(0), [2, 3, 4]).outputShape).toEqual([24]);
    const x = tensor(
      Array.from({ length: 24 }, (_, i) => i),
      { shape: [2, 3, 4] },
    );
    expect(layer.apply({}, x).shape).toEqual([2, 12]);
    expect(flat(layer.apply({}, x))).toEqual(flat(x));
    expect(flatten(x).shape).toEqual([2, 12]);
    const model = serial(flatten, dense(2));
    expect(model.init(key(0), [3, 4]).outputShape).toEqual([2]);
  });

  it("needs a batch axis", () => {
    expect(() => flatten().apply({}, f64(1))).toThrow("flatten: needs a batch axis, got shape []");
  });
});
