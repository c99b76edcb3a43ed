import { type Tensor, TensorError, tensor } from "@tapegrad/autograd";
import * as losses from "@tapegrad/losses";
import { describe, expect, it } from "vitest";
import { f64, i32 } from "./helpers";

type Loss = (p: Tensor, t: Tensor, o?: { reduction?: never }) => Tensor;

// Every loss that takes a prediction and a target of one shape.
const paired: Record<string, Loss> = {
  mse: losses.mse,
  mae: losses.mae,
  huber: losses.huber,
  smoothL1: losses.smoothL1,
  logCosh: losses.logCosh,
  hinge: losses.hinge,
  squaredHinge: losses.squaredHinge,
  binaryCrossEntropy: losses.binaryCrossEntropy,
  binaryCrossEntropyWithLogits: losses.binaryCrossEntropyWithLogits,
  klDivergence: losses.klDivergence,
  cosineSimilarity: losses.cosineSimilarity,
  cosineSimilarityLoss: losses.cosineSimilarityLoss,
  softmaxCrossEntropy: losses.softmaxCrossEntropy,
};

const col = f64([[0.5], [1], [0.25], [1]]); // (4, 1)
const vec = f64([1, 1, -1, 1]); // (4,)

describe.each(Object.keys(paired))("%s on bad input", (name) => {
  const f = paired[name]!;

  it("rejects (N, 1) against (N,) instead of broadcasting, naming both shapes", () => {
    let err: unknown;
    try {
      f(col, vec);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TensorError);
    expect((err as TensorError).op).toBe(name);
    expect((err as Error).message).toMatch(new RegExp(`^${name}: .*shape \\[4, 1\\] .*shape \\[4\\] differ`));
  });

  it("rejects mixed dtypes and int32 predictions", () => {
    expect(() => f(tensor([[0.5, 0.5]]), f64([[1, 1]]))).toThrow(
      new RegExp(`^${name}: .*dtype float32 and .*dtype float64 differ; cast one of them`),
    );
    expect(() => f(i32([[1, 1]]), f64([[1, 1]]))).toThrow(
      new RegExp(`^${name}: .* must be float32 or float64, got int32 of shape \\[1, 2\\]`),
    );
  });

  it("rejects an unknown reduction", () => {
    const p = f64([[0.5, 0.5]]);
    const t = f64([[1, 0]]);
    const ok = name === "hinge" || name === "squaredHinge" ? f64([[1, -1]]) : t;
    expect(() => f(p, ok, { reduction: "avg" as never })).toThrow(
      new RegExp(`^${name}: reduction must be 'mean', 'sum' or 'none', got "avg"`),
    );
  });
});

describe("class labels", () => {
  const logits = f64([
    [1, 2, 3],
    [0, 0, 0],
  ]);

  for (const [name, f] of [
    ["softmaxCrossEntropy", losses.softmaxCrossEntropy],
    ["nll", losses.nll],
  ] as const) {
    const what = name === "nll" ? "log-probabilities" : "logits";
    it(`${name}: a label out of range names the label, its position and the shapes`, () => {
      expect(() => f(logits, i32([0, 3]))).toThrow(
        `${name}: label 3 at flat position 1 is out of range [0, 3) (labels [2], ${what} [2, 3])`,
      );
      expect(() => f(logits, i32([-1, 0]))).toThrow(
        `${name}: label -1 at flat position 0 is out of range [0, 3)`,
      );
    });
    it(`${name}: labels of the wrong shape`, () => {
      expect(() => f(logits, i32([[0], [1]]))).toThrow(
        `${name}: int32 labels of shape [2, 1] do not match ${what} of shape [2, 3] (expected labels of shape [2], classes on the last axis)`,
      );
    });
    it(`${name}: no classes`, () => {
      expect(() => f(tensor([], { shape: [2, 0], dtype: "float64" }), i32([0, 0]))).toThrow(
        `${name}: ${what} of shape [2, 0] have no classes (last axis 0)`,
      );
    });
  }

  it("nll needs int32 labels", () => {
    expect(() => losses.nll(logits, f64([0, 1]))).toThrow(
      "nll: labels must be an int32 tensor of class indices, got float64 of shape [2]",
    );
  });

  it("softmaxCrossEntropy: soft labels of another shape, a bad labelSmoothing", () => {
    expect(() => losses.softmaxCrossEntropy(logits, f64([[1, 0, 0]]))).toThrow(
      "softmaxCrossEntropy: logits shape [2, 3] and target shape [1, 3] differ",
    );
    expect(() => losses.softmaxCrossEntropy(logits, i32([0, 1]), { labelSmoothing: 1.5 })).toThrow(
      "softmaxCrossEntropy: labelSmoothing must be in [0, 1], got 1.5",
    );
  });
});

describe("options out of range", () => {
  it("huber delta and smoothL1 beta", () => {
    expect(() => losses.huber(vec, vec, { delta: 0 })).toThrow("huber: delta must be > 0 and finite, got 0");
    expect(() => losses.smoothL1(vec, vec, { beta: -1 })).toThrow(
      "smoothL1: beta must be ≥ 0 and finite, got -1",
    );
  });
  it("posWeight must be a number or a tensor", () => {
    expect(() => losses.binaryCrossEntropyWithLogits(vec, vec, { posWeight: Number.NaN })).toThrow(
      "binaryCrossEntropyWithLogits: posWeight must be a finite number or a tensor, got NaN",
    );
  });
});
