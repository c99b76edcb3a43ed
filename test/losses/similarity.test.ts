import { grad, type Tensor, tensor } from "@tapegrad/autograd";
import { arbShape, arbTensor, gradientProperty } from "@tapegrad/gradcheck";
import { cosineSimilarity, cosineSimilarityLoss, klDivergence } from "@tapegrad/losses";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allFinite, expectClose, f64, flat } from "./helpers";

const sumOf = (xs: number[]) => xs.reduce((s, v) => s + v, 0);

describe("klDivergence (PyTorch kl_div: input log q, target p)", () => {
  const logQ = [
    [Math.log(0.2), Math.log(0.5), Math.log(0.3)],
    [Math.log(0.6), Math.log(0.1), Math.log(0.3)],
  ];
  const p = [
    [0.1, 0.6, 0.3],
    [0, 0.5, 0.5],
  ];
  // pointwise p·(log p − log q), and 0 where p = 0 (xlogy)
  const terms = p.flatMap((row, n) => row.map((v, i) => (v === 0 ? 0 : v * (Math.log(v) - logQ[n]![i]!))));

  it("matches the formula with every reduction, batchmean being the KL per example", () => {
    expectClose(klDivergence(f64(logQ), f64(p), { reduction: "none" }), terms);
    expectClose(klDivergence(f64(logQ), f64(p)), sumOf(terms) / 6);
    expectClose(klDivergence(f64(logQ), f64(p), { reduction: "sum" }), sumOf(terms));
    expectClose(klDivergence(f64(logQ), f64(p), { reduction: "batchmean" }), sumOf(terms) / 2);
  });

  it("takes log-probability targets with logTarget", () => {
    const logP = p.map((row) => row.map((v) => Math.log(v)));
    expectClose(klDivergence(f64(logQ), f64(logP), { logTarget: true, reduction: "none" }), terms);
  });

  it("is zero for equal distributions and has gradient −p in the input", () => {
    const q = f64(p[0]!.map(Math.log));
    expectClose(klDivergence(q, f64(p[0]!), { reduction: "sum" }), 0);
    const g = grad((x: Tensor) => klDivergence(x, f64(p), { reduction: "sum" }))(f64(logQ));
    expectClose(
      g,
      p.flat().map((v) => -v),
    );
  });

  it("gives finite gradients in the target at p = 0", () => {
    const g = grad((t: Tensor) => klDivergence(f64(logQ), t, { reduction: "sum" }))(f64(p));
    expect(allFinite(g)).toBe(true);
    // d/dp [p(log p − log q)] = log p + 1 − log q where p > 0
    expectClose(
      flat(g).slice(0, 3),
      p[0]!.map((v, i) => Math.log(v) + 1 - logQ[0]![i]!),
    );
  });

  it("has float64 gradients in input and target that match finite differences", () => {
    const arb = arbShape().chain((s) =>
      fc.tuple(arbTensor({ shape: s, min: -5, max: 0 }), arbTensor({ shape: s, min: 0.01, max: 1 })),
    );
    fc.assert(
      gradientProperty(([q, t]: [Tensor, Tensor]) => klDivergence(q, t, { reduction: "none" }), [arb], {
        autoKinks: false,
      }),
      { numRuns: 20 },
    );
    fc.assert(
      gradientProperty(
        ([q, t]: [Tensor, Tensor]) => klDivergence(q, t, { reduction: "sum", logTarget: true }),
        [arbShape().chain((s) => fc.tuple(arbTensor({ shape: s }), arbTensor({ shape: s })))],
        { autoKinks: false },
      ),
      { numRuns: 15 },
    );
  });

  it("rejects negative target probabilities and unknown reductions", () => {
    expect(() => klDivergence(f64([0, 0]), f64([0.5, -0.1]))).toThrow(
      /klDivergence: target probabilities must be ≥ 0, got -0.1 at flat position 1 of shape \[2\]/,
    );
    expect(() => klDivergence(f64([0]), f64([1]), { reduction: "avg" as never })).toThrow(
      /klDivergence: reduction must be 'mean', 'sum' or 'none', got "avg"/,
    );
  });
});

describe("cosineSimilarity and cosineSimilarityLoss", () => {
  const a = [
    [1, 2, 2],
    [3, 0, -4],
  ];
  const b = [
    [2, 0, 1],
    [-3, 0, 4],
  ];
  const norm = (v: number[]) => Math.sqrt(sumOf(v.map((x) => x * x)));
  // x₁·x₂ / (max(‖x₁‖, ε)·max(‖x₂‖, ε))  (PyTorch cosine_similarity)
  const cos = a.map((r, n) => sumOf(r.map((v, i) => v * b[n]![i]!)) / (norm(r) * norm(b[n]!)));

  it("returns +cos per row, reduced", () => {
    expectClose(cosineSimilarity(f64(a), f64(b), { reduction: "none" }), cos);
    expectClose(cosineSimilarity(f64(a), f64(b)), (cos[0]! + cos[1]!) / 2);
    expectClose(
      cosineSimilarityLoss(f64(a), f64(b), { reduction: "none" }),
      cos.map((c) => 1 - c),
    );
    expectClose(cosineSimilarityLoss(f64(a), f64(b), { reduction: "sum" }), 2 - cos[0]! - cos[1]!);
  });

  it("works along another axis", () => {
    const colCos = [0, 1, 2].map((i) => {
      const u = [a[0]![i]!, a[1]![i]!];
      const v = [b[0]![i]!, b[1]![i]!];
      const d = Math.max(norm(u), 1e-8) * Math.max(norm(v), 1e-8);
      return (u[0]! * v[0]! + u[1]! * v[1]!) / d;
    });
    expectClose(cosineSimilarity(f64(a), f64(b), { axis: 0, reduction: "none" }), colCos);
  });

  it("is 0 with finite gradients for a zero vector (norms floored at ε)", () => {
    const z = f64([[0, 0, 0]]);
    const v = f64([[1, 2, 3]]);
    expectClose(cosineSimilarity(z, v), 0);
    const g = grad((x: Tensor) => cosineSimilarity(x, v))(z);
    expect(allFinite(g)).toBe(true);
    // ∂cos/∂x₁ at x₁ = 0 is x₂/(ε·‖x₂‖)
    expectClose(
      g,
      [1, 2, 3].map((c) => c / (1e-8 * Math.sqrt(14))),
      1e-9,
    );
  });

  it("has gradient (x₂/‖x₂‖ − cos·x₁/‖x₁‖)/‖x₁‖", () => {
    const g = flat(grad((x: Tensor) => cosineSimilarity(x, f64(b), { reduction: "sum" }))(f64(a)));
    const expected = a.flatMap((r, n) =>
      r.map((v, i) => (b[n]![i]! / norm(b[n]!) - (cos[n]! * v) / norm(r)) / norm(r)),
    );
    expectClose(g, expected);
  });

  it("has float64 gradients that match finite differences", () => {
    const arb = arbShape({ minRank: 1, allowZero: false }).chain((s) =>
      fc.tuple(
        arbTensor({ shape: s, avoid: { at: [0], margin: 0.1 } }),
        arbTensor({ shape: s, avoid: { at: [0], margin: 0.1 } }),
      ),
    );
    fc.assert(
      gradientProperty(([x, y]: [Tensor, Tensor]) => cosineSimilarity(x, y, { reduction: "none" }), [arb], {
        autoKinks: false,
      }),
      { numRuns: 20 },
    );
    fc.assert(
      gradientProperty(([x, y]: [Tensor, Tensor]) => cosineSimilarityLoss(x, y), [arb], { autoKinks: false }),
      { numRuns: 10 },
    );
  });

  it("rejects an axis out of range", () => {
    expect(() => cosineSimilarity(f64([1, 2]), f64([1, 2]), { axis: 1 })).toThrow(
      /cosineSimilarity: axis 1 is out of range for inputs of shape \[2\]/,
    );
    expect(() => cosineSimilarity(tensor([1]), tensor([1]), { eps: 0 })).toThrow(
      /cosineSimilarity: eps must be > 0/,
    );
  });
});
