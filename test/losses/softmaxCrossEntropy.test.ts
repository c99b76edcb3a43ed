import { grad, logSoftmax, type Tensor, tensor } from "@tapegrad/autograd";
import { arbShape, arbTensor, gradientProperty } from "@tapegrad/gradcheck";
import { nll, softmaxCrossEntropy } from "@tapegrad/losses";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allFinite, expectClose, f64, flat, i32 } from "./helpers";

const avg = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
const sumOf = (xs: number[]) => xs.reduce((s, v) => s + v, 0);
// log Σ exp, stable (the reference for log-softmax).
const lse = (z: number[]) => {
  const m = Math.max(...z);
  return m + Math.log(sumOf(z.map((v) => Math.exp(v - m))));
};

describe("softmaxCrossEntropy and nll", () => {
  const logits = [
    [2, 0, -1],
    [0.5, 0.5, 3],
  ];
  const labels = [0, 1];
  // −logSoftmax(z)_k = log Σⱼ e^zⱼ − z_k
  const ref = logits.map((z, n) => lse(z) - z[labels[n]!]!);

  it("matches the formula for int32 labels, one-hot and soft labels", () => {
    expectClose(softmaxCrossEntropy(f64(logits), i32(labels), { reduction: "none" }), ref);
    expectClose(softmaxCrossEntropy(f64(logits), i32(labels)), avg(ref));
    const oneHot = f64([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expectClose(softmaxCrossEntropy(f64(logits), oneHot, { reduction: "none" }), ref);
    const soft = [
      [0.2, 0.3, 0.5],
      [0.6, 0, 0.4],
    ];
    // −Σᵢ yᵢ·logSoftmax(z)ᵢ
    const refSoft = logits.map((z, n) => -sumOf(z.map((v, i) => soft[n]![i]! * (v - lse(z)))));
    expectClose(softmaxCrossEntropy(f64(logits), f64(soft), { reduction: "sum" }), sumOf(refSoft));
  });

  it("smooths labels as PyTorch: y ← (1 − ε)·y + ε/C", () => {
    const eps = 0.1;
    const c = 3;
    const refSmooth = logits.map(
      (z, n) => -sumOf(z.map((v, i) => ((i === labels[n] ? 1 - eps : 0) + eps / c) * (v - lse(z)))),
    );
    expectClose(
      softmaxCrossEntropy(f64(logits), i32(labels), { labelSmoothing: eps, reduction: "none" }),
      refSmooth,
    );
    const oneHot = f64([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expectClose(
      softmaxCrossEntropy(f64(logits), oneHot, { labelSmoothing: eps, reduction: "none" }),
      refSmooth,
    );
  });

  it("takes any leading batch axes and a single example", () => {
    const z3 = f64([logits, logits]);
    const l3 = i32([labels, labels]);
    expectClose(softmaxCrossEntropy(z3, l3, { reduction: "none" }), [...ref, ...ref]);
    expectClose(softmaxCrossEntropy(f64(logits[0]!), i32(0)), ref[0]!);
  });

  it("nll of logSoftmax equals softmaxCrossEntropy", () => {
    expectClose(nll(logSoftmax(f64(logits)), i32(labels), { reduction: "none" }), ref);
    expectClose(nll(f64([[-0.1, -2.5]]), i32([1])), 2.5);
  });

  it("has gradient softmax(z)·Σy − y", () => {
    const soft = [
      [0.2, 0.3, 0.5],
      [1.2, 0, 0.4],
    ];
    const g = flat(grad((z: Tensor) => softmaxCrossEntropy(z, f64(soft), { reduction: "sum" }))(f64(logits)));
    const expected = logits.flatMap((z, n) => {
      const s = sumOf(soft[n]!);
      return z.map((v, i) => Math.exp(v - lse(z)) * s - soft[n]![i]!);
    });
    expectClose(g, expected);
  });

  it("is finite with gradients softmax − onehot for logits of ±1e4", () => {
    for (const dtype of ["float32", "float64"] as const) {
      const z = tensor([[1e4, -1e4, 0]], { dtype });
      const loss = softmaxCrossEntropy(z, i32([1]));
      expectClose(loss, 2e4);
      const g = grad((v: Tensor) => softmaxCrossEntropy(v, i32([1])))(z);
      expectClose(g, [1, -1, 0]);
      const soft = tensor([[0.5, 0.5, 0]], { dtype });
      expect(allFinite(grad((v: Tensor) => softmaxCrossEntropy(v, soft))(z))).toBe(true);
    }
  });

  it("has float64 gradients that match finite differences (logits and soft labels)", () => {
    const shape = arbShape({ minRank: 1, maxRank: 3 });
    const withLabels = shape.chain((s) =>
      fc.tuple(
        arbTensor({ shape: s, min: -5, max: 5 }),
        arbTensor({ shape: s.slice(0, -1), dtype: "int32", min: 0, max: Math.max(0, s[s.length - 1]! - 1) }),
      ),
    );
    fc.assert(
      gradientProperty(
        ([z, k]: [Tensor, Tensor]) => softmaxCrossEntropy(z, k, { reduction: "none", labelSmoothing: 0 }),
        [withLabels],
        { autoKinks: false, precondition: ([z]) => z.shape[z.rank - 1]! > 0 },
      ),
      { numRuns: 20 },
    );
    const soft = shape.chain((s) =>
      fc.tuple(arbTensor({ shape: s, min: -5, max: 5 }), arbTensor({ shape: s, min: 0, max: 1 })),
    );
    fc.assert(
      gradientProperty(
        ([z, y]: [Tensor, Tensor]) => softmaxCrossEntropy(z, y, { reduction: "sum", labelSmoothing: 0.2 }),
        [soft],
        {
          autoKinks: false,
          precondition: ([z]) => z.shape[z.rank - 1]! > 0,
        },
      ),
      { numRuns: 20 },
    );
    fc.assert(
      gradientProperty(([z, k]: [Tensor, Tensor]) => nll(z, k, { reduction: "sum" }), [withLabels], {
        autoKinks: false,
        precondition: ([z]) => z.shape[z.rank - 1]! > 0,
      }),
      { numRuns: 15 },
    );
  });
});
