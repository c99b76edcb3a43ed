import { grad, matmul, sum, tensor } from "@tapegrad/autograd";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gemm, gemmPlain, KC } from "../../../packages/autograd/src/gemm";
import { gemmWasm, setWasmMemoryLimit, wasmAvailable } from "../../../packages/autograd/src/wasm/gemmWasm";
import { lcg, randomArray } from "../../shared/tensors";

// The WebAssembly SIMD kernel is a fast path of the plain kernel: same summation order, same
// roundings, so the results must be identical bit for bit, not merely close.
const naive = (
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  m: number,
  k: number,
  n: number,
  ta: boolean,
  tb: boolean,
) => {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++)
        s += (ta ? a[p * m + i]! : a[i * k + p]!) * (tb ? b[j * k + p]! : b[p * n + j]!);
      c[i * n + j] = s;
    }
  return c;
};

describe("gemm kernels", () => {
  it("WebAssembly SIMD is available in Node", () => {
    expect(wasmAvailable()).toBe(true);
  });

  it("WebAssembly and plain kernels agree bit for bit (f32 and f64, all transposes, k across blocks)", () => {
    // m up to past two 96-row blocks of packed A, so every row-tile edge (1-3 rows) and the
    // few-rows path (m < 4) come up
    const dims = fc.tuple(
      fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 90, max: 2 * 96 + 5 })),
      fc.integer({ min: 1, max: 2 * KC + 7 }),
      fc.integer({ min: 1, max: 40 }),
    );
    fc.assert(
      fc.property(
        dims,
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.integer(),
        ([m, k, n], ta, tb, f64, seed) => {
          const F = f64 ? Float64Array : Float32Array;
          const rnd = lcg(seed);
          const a = randomArray(f64, m * k, rnd);
          const b = randomArray(f64, k * n, rnd);
          const c1 = new F(m * n);
          const c2 = new F(m * n);
          gemmPlain(a, b, c1, m, k, n, ta, tb);
          expect(gemmWasm(a, b, c2, m, k, n, ta, tb)).toBe(true);
          expect(Array.from(c2)).toEqual(Array.from(c1));
          // and both are the matrix product: |error| ≤ k·ε·Σ|a||b| bound, loosely
          const ref = naive(a, b, m, k, n, ta, tb);
          const tol = f64 ? 1e-12 * k : 1e-5 * k;
          for (let i = 0; i < ref.length; i++) expect(Math.abs(c1[i]! - ref[i]!)).toBeLessThanOrEqual(tol);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("a cached packed B gives the same bits on reuse, across reshapes, transposes and cache resets", () => {
    const rnd = (n: number, seed: number, F: typeof Float32Array | typeof Float64Array) => {
      let s = seed;
      return F.from(
        Array.from({ length: n }, () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5),
      );
    };
    for (const F of [Float32Array, Float64Array]) {
      const b = rnd(160 * 120, 7, F); // one storage (above the cache threshold), seen as 160×120, 120×160, transposed
      const layouts: [number, number, boolean][] = [
        [160, 120, false],
        [120, 160, false],
        [120, 160, true],
        [160, 120, true],
        [160, 120, false],
      ];
      for (const m of [1, 3, 7, 20, 1, 90, 2]) {
        for (const [k, n, tb] of layouts) {
          const a = rnd(m * k, m + k, F);
          const want = new F(m * n);
          const got = new F(m * n);
          gemmPlain(a, b, want, m, k, n, false, tb);
          expect(gemmWasm(a, b, got, m, k, n, false, tb, true)).toBe(true);
          expect(Array.from(got)).toEqual(Array.from(want));
        }
      }
    }
  });

  it("a product too large for the WebAssembly memory budget falls back to the plain kernel", () => {
    const m = 64;
    const k = 300;
    const n = 64;
    const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i));
    const b = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i));
    const want = new Float32Array(m * n);
    gemmPlain(a, b, want, m, k, n);
    const old = setWasmMemoryLimit(64 * 1024); // far below what A, B, C and the workspace need
    try {
      const c = new Float32Array(m * n);
      expect(gemmWasm(a, b, c, m, k, n, false, false, true)).toBe(false);
      const viaMatmul = matmul(tensor(a, { shape: [m, k] }), tensor(b, { shape: [k, n] }));
      expect(Array.from(viaMatmul.dataSync())).toEqual(Array.from(want));
    } finally {
      setWasmMemoryLimit(old);
    }
    const c = new Float32Array(m * n);
    expect(gemmWasm(a, b, c, m, k, n, false, false, true)).toBe(true);
    expect(Array.from(c)).toEqual(Array.from(want));
  });

  it("int32 products stay exact in the plain kernel", () => {
    const a = Int32Array.from([1, 2, 3, 4, 5, 6]);
    const b = Int32Array.from([7, 8, 9, 10, 11, 12]);
    const c = new Int32Array(4);
    gemm(a, b, c, 2, 3, 2);
    expect(Array.from(c)).toEqual([58, 64, 139, 154]);
  });

  it("matmul gradients are the same through the WebAssembly path (large) as by the formula", () => {
    const m = 20;
    const k = 30;
    const n = 25; // 15,000 multiply-adds: above the WebAssembly threshold
    const A = tensor(
      Float64Array.from({ length: m * k }, (_, i) => Math.sin(i)),
      { shape: [m, k] },
    );
    const B = tensor(
      Float64Array.from({ length: k * n }, (_, i) => Math.cos(i)),
      { shape: [k, n] },
    );
    // d/dA Σ(A·B) = 1·Bᵀ: row sums of B; d/dB = Aᵀ·1: column sums of A
    const gA = grad((a: typeof A) => sum(matmul(a, B)))(A).dataSync();
    const Bd = B.dataSync();
    for (let i = 0; i < m; i++)
      for (let p = 0; p < k; p++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += Bd[p * n + j]!;
        expect(gA[i * k + p]).toBeCloseTo(s, 12);
      }
  });
});
