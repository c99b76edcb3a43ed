/**
 * The counter-based PRNG: Threefry-2x32 known-answer vectors, determinism, independence of split
 * keys, and sample statistics against their formulas with stated bounds.
 */
import {
  bernoulli,
  foldIn,
  type Key,
  key,
  normal,
  permutation,
  split,
  type Tensor,
  TensorError,
  tensor,
  threefry2x32,
  truncatedNormal,
  uniform,
} from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { expectTensorError } from "./helpers";

const arr = (t: Tensor) => Array.from(t.dataSync());
const meanOf = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
const varOf = (xs: number[]) => {
  const m = meanOf(xs);
  return xs.reduce((s, v) => s + (v - m) ** 2, 0) / xs.length;
};
const corr = (a: number[], b: number[]) => {
  const ma = meanOf(a);
  const mb = meanOf(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
};

describe("threefry2x32 (Random123 known-answer vectors, 20 rounds)", () => {
  // From Random123's kat_vectors: "threefry2x32 20 <ctr0> <ctr1> <key0> <key1> <out0> <out1>"
  const kat: [number, number, number, number, number, number][] = [
    [0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x6b200159, 0x99ba4efe],
    [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0x1cb996fc, 0xbb002be7],
    [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xc4923a9c, 0x483df7a0],
  ];
  for (const [c0, c1, k0, k1, o0, o1] of kat) {
    it(`ctr (${c0.toString(16)}, ${c1.toString(16)}) key (${k0.toString(16)}, ${k1.toString(16)})`, () => {
      const out = new Uint32Array(2);
      threefry2x32(k0, k1, c0, c1, out);
      expect(out[0]!.toString(16)).toBe(o0.toString(16));
      expect(out[1]!.toString(16)).toBe(o1.toString(16));
    });
  }

  it("accepts key words given as signed int32 (as stored in a Key tensor)", () => {
    const out = new Uint32Array(2);
    threefry2x32(-1, -1, 0xffffffff, 0xffffffff, out);
    expect([out[0], out[1]]).toEqual([0x1cb996fc, 0xbb002be7]);
  });
});

describe("keys", () => {
  it("key(seed) is an int32 tensor of shape [2]: [high 32 bits, low 32 bits] (JAX PRNGKey)", () => {
    const k = key(42);
    expect(k.dtype).toBe("int32");
    expect(k.shape).toEqual([2]);
    expect(arr(k)).toEqual([0, 42]);
    expect(arr(key(2 ** 32 + 5))).toEqual([1, 5]);
    expect(() => key(1.5)).toThrow(TensorError);
  });

  it("same key, same numbers; different seeds, different numbers", () => {
    expect(arr(uniform(key(7), [50]))).toEqual(arr(uniform(key(7), [50])));
    expect(arr(normal(key(7), [50]))).toEqual(arr(normal(key(7), [50])));
    expect(arr(uniform(key(7), [50]))).not.toEqual(arr(uniform(key(8), [50])));
  });

  it("a sample of shape [n] is a prefix-stable function of the key (counter-based)", () => {
    const a = arr(uniform(key(3), [10], { dtype: "float64" }));
    const b = arr(uniform(key(3), [2, 10], { dtype: "float64" }));
    expect(b.slice(0, 10)).toEqual(a);
  });

  it("split: n distinct, deterministic keys, different from the parent", () => {
    const k = key(0);
    const ks = split(k, 4);
    expect(ks).toHaveLength(4);
    const words = ks.map((x) => arr(x).join(","));
    expect(new Set([...words, arr(k).join(",")]).size).toBe(5);
    expect(split(k, 4).map((x) => arr(x).join(","))).toEqual(words);
    expect(split(k)).toHaveLength(2);
    // the first keys of split(k, 2) and split(k, 4) agree (key i depends only on i)
    expect(arr(split(k, 2)[1]!)).toEqual(arr(ks[1]!));
  });

  it("foldIn: different data, different keys; same data, same key", () => {
    const k = key(1);
    expect(arr(foldIn(k, 1))).toEqual(arr(foldIn(k, 1)));
    expect(arr(foldIn(k, 1))).not.toEqual(arr(foldIn(k, 2)));
    expect(arr(foldIn(k, 0))).not.toEqual(arr(k));
  });

  it("split keys give uncorrelated streams (|corr| < 4/√n)", () => {
    const n = 20_000;
    const [k1, k2] = split(key(123)) as [Key, Key];
    const a = arr(normal(k1, [n], { dtype: "float64" }));
    const b = arr(normal(k2, [n], { dtype: "float64" }));
    // under independence the sample correlation is ≈ N(0, 1/n): 4/√n is a 4σ bound
    expect(Math.abs(corr(a, b))).toBeLessThan(4 / Math.sqrt(n));
    // neighbouring elements of one stream are uncorrelated too (lag-1 autocorrelation)
    expect(Math.abs(corr(a.slice(1), a.slice(0, -1)))).toBeLessThan(4 / Math.sqrt(n));
    // and the parent's stream is not the child's
    const p = arr(normal(key(123), [n], { dtype: "float64" }));
    expect(Math.abs(corr(p, a))).toBeLessThan(4 / Math.sqrt(n));
  });

  it("a bad key shape or dtype is an error naming it", () => {
    expectTensorError(() => uniform(tensor([1, 2, 3], { dtype: "int32" }), [2]), "random", "[3]");
    expectTensorError(() => normal(tensor([1, 2]), [2]), "random", "float32");
    expectTensorError(() => split(tensor([[1, 2]], { dtype: "int32" })), "random", "[1, 2]");
    expectTensorError(() => permutation(tensor([1], { dtype: "int32" }), 3), "random", "[1]");
  });
});

describe("samplers", () => {
  it("normal: 1e5 samples have mean within 4σ/√n of 0 and variance within 5·√(2/n) of 1", () => {
    const n = 100_000;
    const x = arr(normal(key(11), [n], { dtype: "float64" }));
    expect(Math.abs(meanOf(x))).toBeLessThan(4 / Math.sqrt(n));
    // the sample variance of n normals has standard error √(2/n)
    expect(Math.abs(varOf(x) - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    // tail mass beyond 3σ: 2(1 − Φ(3)) = 0.0026998; binomial s.e. √(p(1−p)/n)
    const tail = x.filter((v) => Math.abs(v) > 3).length / n;
    expect(Math.abs(tail - 0.0026998)).toBeLessThan(5 * Math.sqrt((0.0027 * 0.9973) / n));
    expect(x.every(Number.isFinite)).toBe(true);
  });

  it("normal: float32 by default, shape kept", () => {
    const t = normal(key(1), [2, 3]);
    expect(t.dtype).toBe("float32");
    expect(t.shape).toEqual([2, 3]);
    expect(normal(key(1), [0]).size).toBe(0);
  });

  it("uniform: in [minval, maxval), mean and histogram as U(a, b)", () => {
    const n = 100_000;
    const lo = -2;
    const hi = 3;
    for (const dtype of ["float32", "float64"] as const) {
      const x = arr(uniform(key(5), [n], { minval: lo, maxval: hi, dtype }));
      expect(Math.min(...x)).toBeGreaterThanOrEqual(lo);
      expect(Math.max(...x)).toBeLessThan(hi);
      // mean (a + b)/2, σ = (b − a)/√12
      expect(Math.abs(meanOf(x) - (lo + hi) / 2)).toBeLessThan((4 * (hi - lo)) / Math.sqrt(12 * n));
      // χ² over 10 equal bins, 9 degrees of freedom: P(χ² > 30) ≈ 4e-4
      const bins = new Array(10).fill(0);
      for (const v of x) bins[Math.floor(((v - lo) / (hi - lo)) * 10)]++;
      const chi2 = bins.reduce((s, c) => s + (c - n / 10) ** 2 / (n / 10), 0);
      expect(chi2).toBeLessThan(30);
    }
    const d = arr(uniform(key(5), [1000]));
    expect(Math.min(...d)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...d)).toBeLessThan(1);
  });

  it("uniform float32 never returns maxval, even where float32 rounding would reach it", () => {
    // float32 spacing at 2^24 is 2: lo + (hi − lo)·u rounds up to hi for about half of all u
    const lo = 2 ** 24;
    const hi = 2 ** 24 + 2;
    const x = arr(uniform(key(0), [64], { minval: lo, maxval: hi }));
    expect(Math.max(...x)).toBeLessThan(hi);
    expect(Math.min(...x)).toBeGreaterThanOrEqual(lo);
  });

  it("uniform rejects bad bounds and int32", () => {
    expectTensorError(() => uniform(key(0), [2], { minval: 1, maxval: 0 }), "uniform", "1", "0");
    expectTensorError(() => uniform(key(0), [2], { dtype: "int32" }), "uniform", "int32");
  });

  it("truncatedNormal stays within [lower, upper] with the truncated-normal variance", () => {
    const n = 100_000;
    const x = arr(truncatedNormal(key(9), [n], -2, 2, { dtype: "float64" }));
    expect(Math.min(...x)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...x)).toBeLessThanOrEqual(2);
    // Var = 1 − 2bφ(b)/(Φ(b) − Φ(−b)) for symmetric bounds ±b; φ(2) = e^(−2)/√(2π), Φ(2) − Φ(−2) = erf(√2)
    const phi2 = Math.exp(-2) / Math.sqrt(2 * Math.PI);
    const mass = 0.9544997361036416;
    const expectedVar = 1 - (2 * 2 * phi2) / mass;
    expect(Math.abs(meanOf(x))).toBeLessThan(4 * Math.sqrt(expectedVar / n));
    expect(Math.abs(varOf(x) - expectedVar)).toBeLessThan(0.01);
    // asymmetric bounds
    const y = arr(truncatedNormal(key(10), [10_000], 0.5, 1));
    expect(Math.min(...y)).toBeGreaterThanOrEqual(0.5);
    expect(Math.max(...y)).toBeLessThanOrEqual(1);
  });

  it("bernoulli: 0/1 with frequency p within 5 standard errors", () => {
    const n = 100_000;
    for (const p of [0.3, 0.9]) {
      const x = arr(bernoulli(key(21), p, [n]));
      expect(x.every((v) => v === 0 || v === 1)).toBe(true);
      const freq = meanOf(x);
      expect(Math.abs(freq - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    }
    expect(arr(bernoulli(key(1), 0, [100])).every((v) => v === 0)).toBe(true);
    expect(arr(bernoulli(key(1), 1, [100])).every((v) => v === 1)).toBe(true);
    expect(() => bernoulli(key(1), 1.5, [2])).toThrow(/bernoulli/);
  });

  it("permutation is a permutation of 0..n−1, int32, different across keys", () => {
    const n = 1000;
    const p = permutation(key(4), n);
    expect(p.dtype).toBe("int32");
    const v = arr(p);
    expect([...v].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    const q = arr(permutation(key(5), n));
    expect(q).not.toEqual(v);
    expect(arr(permutation(key(4), n))).toEqual(v);
    expect(arr(permutation(key(4), 0))).toEqual([]);
    expect(arr(permutation(key(4), 1))).toEqual([0]);
  });

  it("permutation of 3 is uniform over the 6 orders (χ², 5 d.o.f.)", () => {
    const trials = 6000;
    const counts = new Map<string, number>();
    const base = key(77);
    for (let i = 0; i < trials; i++) {
      const s = arr(permutation(foldIn(base, i), 3)).join("");
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    const e = trials / 6;
    const chi2 = [...counts.values()].reduce((s, c) => s + (c - e) ** 2 / e, 0);
    // P(χ²₅ > 25) ≈ 1.4e-4
    expect(chi2).toBeLessThan(25);
  });
});
