import { cast, grad, mul, sub, type Tensor, tensor } from "@tapegrad/autograd";
import { arbShape, arbTensor, gradientProperty } from "@tapegrad/gradcheck";
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, hinge, squaredHinge } from "@tapegrad/losses";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allFinite, expectClose, f64, flat } from "./helpers";

const sigma = (x: number) => 1 / (1 + Math.exp(-x));
const avg = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
const sumOf = (xs: number[]) => xs.reduce((s, v) => s + v, 0);

/**
 * Scores off the margins ±1, with labels in {−1, 1} of the same shape held as int32 so that
 * gradcheck treats them as constants (labels are not differentiable inputs).
 */
const arbHinge = arbShape().chain((s) =>
  fc.tuple(
    arbTensor({ shape: s, avoid: { at: [-1, 1], margin: 1e-3 } }),
    arbTensor({ shape: s, dtype: "int32", min: 0, max: 1 }).map((b) => sub(mul(b, 2), 1)),
  ),
);

describe("hinge and squaredHinge", () => {
  const p = [0.5, -2, 1, 3, -0.25];
  const y = [1, -1, 1, -1, -1];
  // Keras hinge: max(0, 1 − y·ŷ); squared hinge squares it.
  const h = p.map((v, i) => Math.max(0, 1 - y[i]! * v));

  it("match the formula", () => {
    expectClose(hinge(f64(p), f64(y), { reduction: "none" }), h);
    expectClose(hinge(f64(p), f64(y)), avg(h));
    expectClose(squaredHinge(f64(p), f64(y), { reduction: "sum" }), sumOf(h.map((v) => v * v)));
  });

  it("convert {0, 1} labels only when asked", () => {
    const y01 = y.map((v) => (v + 1) / 2);
    expectClose(hinge(f64(p), f64(y01), { convertLabels: true, reduction: "none" }), h);
    expect(() => hinge(f64(p), f64(y01))).toThrow(
      /hinge: target 0 at flat position 1 of shape \[5\]: labels must be −1 or 1; pass \{ convertLabels: true \}/,
    );
    expect(() => squaredHinge(f64(p), f64(y), { convertLabels: true })).toThrow(
      /squaredHinge: target -1 at flat position 1 .*with convertLabels: true the labels must be 0 or 1/,
    );
    expect(() => hinge(f64([1]), f64([0.5]))).toThrow(/hinge: target 0.5 .*labels must be −1 or 1/);
  });

  it("have gradient −y where the margin is violated, 0 beyond it and at it (relu′(0) = 0)", () => {
    const g = flat(
      grad((q: Tensor) => hinge(q, f64([1, 1, -1, 1]), { reduction: "sum" }))(f64([0.5, 2, -3, 1])),
    );
    expectClose(g, [-1, 0, 0, 0]);
    // squared hinge: −2y·max(0, 1 − yŷ), continuous at the margin
    const g2 = flat(
      grad((q: Tensor) => squaredHinge(q, f64([1, -1, 1]), { reduction: "sum" }))(f64([0.5, 0.5, 1])),
    );
    expectClose(g2, [-1, 3, 0]);
  });

  it("have float64 gradients that match finite differences (off the margin)", () => {
    for (const f of [hinge, squaredHinge]) {
      fc.assert(
        gradientProperty(
          ([q, k]: [Tensor, Tensor]) => f(q, cast(k, "float64"), { reduction: "none" }),
          [arbHinge],
          {
            autoKinks: false,
          },
        ),
        { numRuns: 20 },
      );
    }
  });
});

describe("binaryCrossEntropy (probabilities)", () => {
  const p = [0.9, 0.2, 0.5, 0.999];
  const y = [1, 0, 0.3, 1];
  // BCELoss: −(y·log p + (1 − y)·log(1 − p)), each log clamped at −100.
  const ref = p.map(
    (v, i) => -(y[i]! * Math.max(Math.log(v), -100) + (1 - y[i]!) * Math.max(Math.log(1 - v), -100)),
  );

  it("matches the formula, soft labels included", () => {
    expectClose(binaryCrossEntropy(f64(p), f64(y), { reduction: "none" }), ref);
    expectClose(binaryCrossEntropy(f64(p), f64(y)), avg(ref));
  });

  it("is finite, with finite gradients, at probabilities of exactly 0 and 1 (log clamped at −100)", () => {
    for (const dtype of ["float32", "float64"] as const) {
      const q = tensor([0, 1, 0, 1], { dtype });
      const t = tensor([1, 0, 0, 1], { dtype });
      expectClose(binaryCrossEntropy(q, t, { reduction: "none" }), [100, 100, 0, 0]);
      const g = grad((x: Tensor) => binaryCrossEntropy(x, t, { reduction: "sum" }))(q);
      expect(allFinite(g)).toBe(true);
      // right answers: d/dp −log(1 − p) = 1/(1 − p) = 1 at p = 0; d/dp −log p = −1 at p = 1
      expectClose(flat(g).slice(2), [1, -1], 1e-6);
    }
  });

  it("has gradient (p − y)/(p(1 − p)) inside (0, 1), matching finite differences", () => {
    const g = flat(grad((x: Tensor) => binaryCrossEntropy(x, f64(y), { reduction: "sum" }))(f64(p)));
    expectClose(
      g,
      p.map((v, i) => (v - y[i]!) / (v * (1 - v))),
      1e-10,
    );
    const arb = arbShape().chain((s) =>
      fc.tuple(arbTensor({ shape: s, min: 0.02, max: 0.98 }), arbTensor({ shape: s, min: 0, max: 1 })),
    );
    fc.assert(
      gradientProperty(([q, t]: [Tensor, Tensor]) => binaryCrossEntropy(q, t, { reduction: "none" }), [arb], {
        autoKinks: false,
      }),
      { numRuns: 25 },
    );
  });

  it("rejects predictions outside [0, 1]", () => {
    expect(() => binaryCrossEntropy(f64([0.5, 1.5]), f64([1, 0]))).toThrow(
      /binaryCrossEntropy: predictions must be probabilities in \[0, 1\], got 1.5 at flat position 1 of shape \[2\]; for logits use binaryCrossEntropyWithLogits/,
    );
  });
});

describe("binaryCrossEntropyWithLogits", () => {
  const x = [2, -1, 0, 0.5, -3];
  const z = [1, 0, 1, 0.25, 1];
  // max(x, 0) − x·z + log(1 + e^−|x|)  (NUMERICS.md; PyTorch BCEWithLogitsLoss)
  const ref = x.map((v, i) => Math.max(v, 0) - v * z[i]! + Math.log1p(Math.exp(-Math.abs(v))));

  it("matches the formula and equals BCE on σ(x)", () => {
    expectClose(binaryCrossEntropyWithLogits(f64(x), f64(z), { reduction: "none" }), ref);
    const viaProb = binaryCrossEntropy(f64(x.map(sigma)), f64(z), { reduction: "none" });
    expectClose(binaryCrossEntropyWithLogits(f64(x), f64(z), { reduction: "none" }), flat(viaProb), 1e-12);
  });

  it("has gradient σ(x) − z, also at x = 0", () => {
    const g = flat(
      grad((q: Tensor) => binaryCrossEntropyWithLogits(q, f64(z), { reduction: "sum" }))(f64(x)),
    );
    expectClose(
      g,
      x.map((v, i) => sigma(v) - z[i]!),
    );
  });

  it("is finite with gradients ±1 or 0 for logits of ±1e4", () => {
    for (const dtype of ["float32", "float64"] as const) {
      const q = tensor([1e4, -1e4, 1e4, -1e4], { dtype });
      const t = tensor([0, 1, 1, 0], { dtype });
      expectClose(binaryCrossEntropyWithLogits(q, t, { reduction: "none" }), [1e4, 1e4, 0, 0]);
      const g = grad((v: Tensor) => binaryCrossEntropyWithLogits(v, t, { reduction: "sum" }))(q);
      expectClose(g, [1, -1, 0, 0]);
    }
  });

  it("weights the positive term with posWeight (PyTorch pos_weight)", () => {
    const w = 3;
    // −[w·z·log σ(x) + (1 − z)·log(1 − σ(x))]
    const refW = x.map((v, i) => -(w * z[i]! * Math.log(sigma(v)) + (1 - z[i]!) * Math.log(1 - sigma(v))));
    expectClose(
      binaryCrossEntropyWithLogits(f64(x), f64(z), { posWeight: w, reduction: "none" }),
      refW,
      1e-12,
    );
    const wt = f64([1, 2]);
    const xs = f64([
      [1, -2],
      [0.5, 3],
    ]);
    const zs = f64([
      [1, 1],
      [0, 1],
    ]);
    const out = flat(binaryCrossEntropyWithLogits(xs, zs, { posWeight: wt, reduction: "none" }));
    expectClose(out, [
      -Math.log(sigma(1)),
      -2 * Math.log(sigma(-2)),
      -Math.log(1 - sigma(0.5)),
      -2 * Math.log(sigma(3)),
    ]);
    expect(() => binaryCrossEntropyWithLogits(xs, zs, { posWeight: f64([1, 2, 3]) })).toThrow(
      /binaryCrossEntropyWithLogits: posWeight float64 \[3\] must be a scalar or of shape \[2\]/,
    );
  });

  it("has float64 gradients in logits and labels that match finite differences", () => {
    const arb = arbShape().chain((s) =>
      fc.tuple(arbTensor({ shape: s, min: -20, max: 20 }), arbTensor({ shape: s, min: 0, max: 1 })),
    );
    fc.assert(
      gradientProperty(
        ([q, t]: [Tensor, Tensor]) => binaryCrossEntropyWithLogits(q, t, { reduction: "none" }),
        [arb],
        {
          autoKinks: false,
        },
      ),
      { numRuns: 25 },
    );
  });
});
