import type { TypedArray } from "./dtype";
import { gemmWasm } from "./wasm/gemmWasm";

/** The k-block of both kernels: partial sums over KC steps are added into C block by block. */
export const KC = 256;

/**
 * C[m×n] = op(A)·op(B) into a zeroed C, where op(A)(i,p) = ta ? A[p·m+i] : A[i·k+p] and
 * op(B)(p,j) = tb ? B[j·k+p] : B[p·n+j]. Large products run the WebAssembly SIMD kernel; the
 * plain kernel below is the reference and the fallback. Both sum each element in the same order
 * with the same roundings (products rounded to the dtype, k blocked by KC), so they agree bit
 * for bit (tested).
 */
export const gemm = (
  a: TypedArray,
  b: TypedArray,
  c: TypedArray,
  m: number,
  k: number,
  n: number,
  ta = false,
  tb = false,
): void => {
  if (m === 0 || n === 0) return;
  if (m * k * n >= WASM_MIN_WORK && gemmWasm(a, b, c, m, k, n, ta, tb)) return;
  gemmPlain(a, b, c, m, k, n, ta, tb);
};

/** Products smaller than this (m·k·n) stay in JavaScript: copying into WebAssembly costs more
 * than the SIMD saves (measured on workload B of the benchmarks). */
export const WASM_MIN_WORK = 32 * 32 * 32;

/** The plain TypeScript kernel (i-p-j order, a row of partial sums per k-block). */
export const gemmPlain = (
  a: TypedArray,
  b: TypedArray,
  c: TypedArray,
  m: number,
  k: number,
  n: number,
  ta = false,
  tb = false,
): void => {
  const f32 = c instanceof Float32Array;
  const single = k <= KC;
  const acc = single ? c : f32 ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let p0 = 0; p0 < k; p0 += KC) {
      const p1 = Math.min(k, p0 + KC);
      const row = single ? c.subarray(ci, ci + n) : acc;
      if (!single) acc.fill(0);
      for (let p = p0; p < p1; p++) {
        const av = ta ? a[p * m + i]! : a[i * k + p]!;
        if (tb) {
          if (f32) for (let j = 0; j < n; j++) row[j]! += Math.fround(av * b[j * k + p]!);
          else for (let j = 0; j < n; j++) row[j]! += av * b[j * k + p]!;
        } else {
          const bp = p * n;
          if (f32) for (let j = 0; j < n; j++) row[j]! += Math.fround(av * b[bp + j]!);
          else for (let j = 0; j < n; j++) row[j]! += av * b[bp + j]!;
        }
      }
      if (!single) for (let j = 0; j < n; j++) c[ci + j]! += acc[j]!;
    }
  }
};
