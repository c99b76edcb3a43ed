import fc from "fast-check";
import { metrics, tensor } from "tapegrad";
import { describe, expect, it } from "vitest";

const labels = (v: number[]) => tensor(v, { dtype: "int32" });

describe("metrics", () => {
  it("accuracy with int32 labels: mean(argmax(pred) = label), ties to the first index", () => {
    const pred = tensor([
      [2, 1, 0],
      [0, 3, 1],
      [1, 1, 0],
      [0, 0, 5],
    ]);
    // argmax rows: 0, 1, 0 (tie → first), 2; labels 0, 2, 0, 2 → 3 of 4 correct.
    expect(metrics.accuracy(pred, labels([0, 2, 0, 2])).item()).toBe(0.75);
  });

  it("accuracy with one-hot targets compares argmaxes", () => {
    const pred = tensor([
      [0.1, 0.9],
      [0.8, 0.2],
    ]);
    expect(
      metrics
        .accuracy(
          pred,
          tensor([
            [0, 1],
            [0, 1],
          ]),
        )
        .item(),
    ).toBe(0.5);
  });

  it("binary accuracy thresholds at 0.5, or at a chosen threshold", () => {
    const p = tensor([0.2, 0.7, 0.5, 0.9]);
    // p > 0.5 → 0, 1, 0, 1 vs targets 0, 1, 1, 0 → 2 of 4.
    expect(metrics.accuracy(p, tensor([0, 1, 1, 0])).item()).toBe(0.5);
    expect(
      metrics
        .accuracyWithThreshold(0)(tensor([[-1], [2]]), tensor([[0], [1]]))
        .item(),
    ).toBe(1);
  });

  it("mse, mae and r2 follow their formulas (property, float64)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 36, maxLength: 36 }),
        (n, k, v) => {
          const p = v.slice(0, n * k);
          const t = v.slice(18, 18 + n * k);
          const pred = tensor(p, { dtype: "float64", shape: [n, k] });
          const target = tensor(t, { dtype: "float64", shape: [n, k] });
          // mse = Σ(p − t)²/(nk); mae = Σ|p − t|/(nk)
          const mse = p.reduce((s, x, i) => s + (x - t[i]!) ** 2, 0) / (n * k);
          const mae = p.reduce((s, x, i) => s + Math.abs(x - t[i]!), 0) / (n * k);
          expect(metrics.mse(pred, target).item()).toBeCloseTo(mse, 10);
          expect(metrics.mae(pred, target).item()).toBeCloseTo(mae, 10);
          // r2 = mean over columns j of 1 − Σᵢ(tᵢⱼ − pᵢⱼ)² / Σᵢ(tᵢⱼ − t̄ⱼ)²  (scikit-learn, uniform average)
          let r2 = 0;
          for (let j = 0; j < k; j++) {
            const col = (a: number[]) => Array.from({ length: n }, (_, i) => a[i * k + j]!);
            const tc = col(t);
            const pc = col(p);
            const mean = tc.reduce((s, x) => s + x, 0) / n;
            const res = tc.reduce((s, x, i) => s + (x - pc[i]!) ** 2, 0);
            const tot = tc.reduce((s, x) => s + (x - mean) ** 2, 0);
            r2 += tot === 0 ? (res === 0 ? 1 : 0) : 1 - res / tot;
          }
          expect(metrics.r2(pred, target).item()).toBeCloseTo(r2 / k, 8);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("mse, mae and r2 give hand-computed values", () => {
    // target [1, 2, 3, 6], pred [1, 3, 3, 4]: errors 0, −1, 0, 2.
    const pred = tensor([1, 3, 3, 4], { dtype: "float64" });
    const target = tensor([1, 2, 3, 6], { dtype: "float64" });
    expect(metrics.mse(pred, target).item()).toBe(5 / 4); // (0 + 1 + 0 + 4) / 4
    expect(metrics.mae(pred, target).item()).toBe(3 / 4); // (0 + 1 + 0 + 2) / 4
    // mean 3: SS_tot = 4 + 1 + 0 + 9 = 14, SS_res = 5, r2 = 1 − 5/14
    expect(metrics.r2(pred, target).item()).toBeCloseTo(9 / 14, 14);
    // a second column with a constant target missed (scores 0): mean of 9/14 and 0
    const pred2 = tensor(
      [
        [1, 5],
        [3, 5],
        [3, 5],
        [4, 4],
      ],
      { dtype: "float64" },
    );
    const target2 = tensor(
      [
        [1, 5],
        [2, 5],
        [3, 5],
        [6, 5],
      ],
      { dtype: "float64" },
    );
    expect(metrics.r2(pred2, target2).item()).toBeCloseTo(9 / 28, 14);
  });

  it("r2 is 1 for a perfect fit, 0 for predicting the mean, and handles a constant target", () => {
    const y = tensor([1, 2, 3, 6]);
    expect(metrics.r2(y, y).item()).toBe(1);
    expect(metrics.r2(tensor([3, 3, 3, 3]), y).item()).toBe(0);
    expect(metrics.r2(tensor([2, 2]), tensor([2, 2])).item()).toBe(1);
    expect(metrics.r2(tensor([1, 2]), tensor([2, 2])).item()).toBe(0);
  });

  it("returns a scalar in the prediction's float dtype", () => {
    const p = tensor([1, 2], { dtype: "float64" });
    expect(metrics.mse(p, p).dtype).toBe("float64");
    expect(metrics.mse(p, p).shape).toEqual([]);
  });

  it("rejects mismatched shapes with the metric's name and both shapes", () => {
    expect(() => metrics.mse(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(/metrics\.mse: .*\[2\] and \[3\]/);
    expect(() => metrics.accuracy(tensor([[1, 2]]), labels([0, 1]))).toThrow(
      /accuracy: .*int32 labels \[1\]/,
    );
    expect(() => metrics.r2(tensor([]), tensor([]))).toThrow(/at least one element/);
  });
});
