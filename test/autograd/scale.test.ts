/**
 * The tape at scale (DESIGN.md: deep graphs of 10⁵ ops never recurse; a tensor read through
 * thousands of slices or gathers accumulates its gradient without a full-size zero tensor per read).
 */
import { add, grad, mul, reshape, slice, sum, type Tensor, take, tensor } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";

const f64 = (v: number[] | number) => tensor(v, { dtype: "float64" });

describe("deep graphs", () => {
  it("a chain of 100,000 adds differentiates without stack overflow", () => {
    const n = 100_000;
    const f = (x: Tensor) => {
      let y = x;
      for (let i = 0; i < n; i++) y = add(y, 1e-3);
      return sum(y);
    };
    const t0 = performance.now();
    const g = grad(f)(f64([1, 2]));
    const ms = performance.now() - t0;
    // d/dx Σ(x + n·c) = 1
    expect(Array.from(g.dataSync())).toEqual([1, 1]);
    expect(ms).toBeLessThan(5000);
  });

  it("a chain of 30,000 multiplies gives the product of the factors", () => {
    // y = x·(1 + 1e-6)^n, dy/dx = (1 + 1e-6)^n — both multiplications done in the same order
    const n = 30_000;
    let expected = 1;
    for (let i = 0; i < n; i++) expected *= 1 + 1e-6;
    const g = grad((x: Tensor) => {
      let y = x;
      for (let i = 0; i < n; i++) y = mul(y, 1 + 1e-6);
      return y;
    })(f64(3));
    expect(g.item()).toBeCloseTo(expected, 10);
  });
});

describe("many small reads of one tensor", () => {
  const n = 5_000;
  // x read element by element; element i is read (i mod 3) + 1 times with weight i + 1
  const weights = Array.from({ length: n }, (_, i) => (i + 1) * ((i % 3) + 1));

  // Σᵢ Σ_{r ≤ i mod 3} (i + 1)·read(x, i), where read(x, i) is x[i] as a scalar
  const expectReadsAccumulate = (read: (t: Tensor, i: number) => Tensor) => {
    const x = f64(Array.from({ length: n }, (_, i) => i / n));
    const f = (t: Tensor) => {
      let s: Tensor = f64(0);
      for (let i = 0; i < n; i++) {
        const e = read(t, i);
        for (let r = 0; r <= i % 3; r++) s = add(s, mul(e, i + 1));
      }
      return s;
    };
    const t0 = performance.now();
    const g = grad(f)(x);
    const ms = performance.now() - t0;
    expect(Array.from(g.dataSync())).toEqual(weights);
    expect(ms).toBeLessThan(5000);
  };

  it("5,000 single-element slices accumulate the right gradient quickly", () => {
    expectReadsAccumulate((t, i) => reshape(slice(t, [i], [i + 1]), []));
  });

  it("5,000 single-element takes accumulate the right gradient quickly", () => {
    expectReadsAccumulate((t, i) => sum(take(t, [i])));
  });

  it("reads of a 10⁶-element tensor cost per read, not per element: no full-size zeros per read", () => {
    // 2,000 slices + 2,000 takes of single elements of a 10⁶ vector. A dense cotangent per read
    // would write 4·10⁹ elements (and allocate 32 GB); the sparse tape touches 4,000 plus one buffer.
    const big = 1_000_000;
    const reads = 2_000;
    const x = tensor(new Float64Array(big).fill(1));
    const stride = big / reads;
    const f = (t: Tensor) => {
      let s: Tensor = f64(0);
      for (let i = 0; i < reads; i++) {
        s = add(s, reshape(slice(t, [i * stride], [i * stride + 1]), []));
        s = add(s, sum(take(t, [i * stride + 1])));
      }
      return s;
    };
    const t0 = performance.now();
    const g = grad(f)(x).dataSync();
    const ms = performance.now() - t0;
    let ones = 0;
    let total = 0;
    for (let i = 0; i < big; i++) {
      total += g[i]!;
      if (g[i] === 1) ones++;
    }
    expect(ones).toBe(2 * reads);
    expect(total).toBe(2 * reads);
    expect(g[stride]).toBe(1);
    expect(g[stride + 1]).toBe(1);
    expect(g[stride + 2]).toBe(0);
    expect(ms).toBeLessThan(5000);
  });

  it("second order through slices: grad of Σ (slice)³ twice gives 6x", () => {
    const m = 200;
    const xs = Array.from({ length: m }, (_, i) => (i % 7) - 3);
    const f = (t: Tensor) => {
      let s: Tensor = f64(0);
      for (let i = 0; i < m; i++) {
        const e = slice(t, [i], [i + 1]);
        s = add(s, sum(mul(mul(e, e), e)));
      }
      return s;
    };
    const g2 = grad((t: Tensor) => sum(grad(f)(t)))(f64(xs));
    expect(Array.from(g2.dataSync())).toEqual(xs.map((v) => 6 * v));
  });
});
