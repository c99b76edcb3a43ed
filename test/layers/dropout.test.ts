import { grad, key, mul, ones, sum, type Tensor } from "@tapegrad/autograd";
import { dropout } from "@tapegrad/layers";
import { describe, expect, it } from "vitest";
import { f64, flat } from "./helpers";

describe("dropout", () => {
  const x = ones([100, 100]);

  it("is the identity when not training (or at rate 0)", () => {
    const d = dropout(0.3);
    expect(d.init(key(0), [100])).toEqual({ params: {}, outputShape: [100] });
    expect(d.apply({}, x)).toBe(x);
    expect(d.apply({}, x, { training: false, key: key(1) })).toBe(x);
    expect(dropout(0).apply({}, x, { training: true })).toBe(x);
  });

  it("zeroes about `rate` of the elements and scales the rest by 1/(1 − rate) (inverted dropout)", () => {
    const rate = 0.3;
    const y = flat(dropout(rate).apply({}, x, { training: true, key: key(1) }));
    const kept = y.filter((v) => v !== 0);
    expect(new Set(kept)).toEqual(new Set([Math.fround(1 / (1 - rate))]));
    // 10 000 Bernoulli(0.7) draws: std of the kept fraction is 0.0046
    expect(Math.abs(kept.length / y.length - (1 - rate))).toBeLessThan(0.02);
    // the expected value is unchanged
    const m = y.reduce((s, v) => s + v, 0) / y.length;
    expect(Math.abs(m - 1)).toBeLessThan(0.03);
  });

  it("draws the same mask from the same key and another from another key", () => {
    const d = dropout(0.5);
    const a = flat(d.apply({}, x, { training: true, key: key(2) }));
    expect(a).toEqual(flat(d.apply({}, x, { training: true, key: key(2) })));
    expect(a).not.toEqual(flat(d.apply({}, x, { training: true, key: key(3) })));
  });

  it("passes the gradient through the kept elements only, scaled", () => {
    const d = dropout(0.5);
    const ctx = { training: true, key: key(4) };
    const v = f64([1, 2, 3, 4, 5, 6, 7, 8]);
    const y = flat(d.apply({}, v, ctx));
    const g = flat(grad((t: Tensor) => sum(mul(d.apply({}, t, ctx), 1)))(v));
    // d(mask·x/(1 − p))/dx = mask/(1 − p)
    expect(g).toEqual(y.map((yi) => (yi === 0 ? 0 : 2)));
    expect(y.some((yi) => yi === 0)).toBe(true);
  });

  it("rate 1 gives zeros (PyTorch)", () => {
    expect(flat(dropout(1).apply({}, f64([1, 2]), { training: true, key: key(0) }))).toEqual([0, 0]);
  });

  it("needs a key when training, and a rate in [0, 1]", () => {
    expect(() => dropout(0.5).apply({}, x, { training: true })).toThrow(
      "dropout: training needs ctx.key (a PRNG key) to draw the mask; pass { training, key }",
    );
    expect(() => dropout(1.5)).toThrow("dropout: rate must be a number in [0, 1], got 1.5");
    expect(() => dropout(-0.1)).toThrow("dropout: rate must be a number in [0, 1], got -0.1");
  });
});
