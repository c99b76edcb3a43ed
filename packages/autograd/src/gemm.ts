import type { TypedArray } from "./dtype";
import { gemmWasm } from "./wasm/gemmWasm";

/** The k-block of both kernels: partial sums over KC steps are added into C block by block. */
export const KC = 256;

/**
 * C[m×n] = op(A)·op(B) into a zeroed C, where op(A)(i,p) = ta ? A[p·m+i] : A[i·k+p] and
 * op(B)(p,j) = tb ? B[j·k+p] : B[p·n+j]. Large products run the WebAssembly SIMD kernel; the
 * plain kernel below is the reference and the fallback. Both sum each element in the same order
 * with the same roundings (products rounded to the dtype, k blocked by KC), so they agree bit
 * for bit (tested). `cacheB`: B is a whole tensor's (immutable) storage, whose packed copy
 * the WebAssembly path may keep for the next product with it. `bias` (n values): then
 * C[i, j] = (op(A)·op(B))[i, j] + bias[j], the sum first, rounded, then the bias added (as a
 * matmul followed by an add).
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
  cacheB = false,
  bias?: TypedArray,
): void => {
  if (m === 0 || n === 0) return;
  if (m * k * n >= WASM_MIN_WORK && gemmWasm(a, b, c, m, k, n, ta, tb, cacheB, bias)) return;
  gemmPlain(a, b, c, m, k, n, ta, tb);
  if (bias !== undefined) {
    for (let i = 0, j = 0; i < c.length; i++, j = j + 1 === n ? 0 : j + 1) c[i]! += bias[j]!;
  }
};

/**
 * Products smaller than this (m·k·n) stay in JavaScript. Even workload B's 32×12×12 products
 * are faster in WebAssembly (measured: the plain kernel runs ~0.45 GMAC/s here).
 */
export const WASM_MIN_WORK = 64;

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
  // One monomorphic kernel per element type: V8 optimizes typed-array access per call site.
  if (c instanceof Float32Array) gemmF32(a as Float32Array, b as Float32Array, c, m, k, n, ta, tb);
  else if (c instanceof Float64Array) gemmF64(a as Float64Array, b as Float64Array, c, m, k, n, ta, tb);
  else gemmI32(a as Int32Array, b as Int32Array, c, m, k, n, ta, tb);
};

// Partial sums of a k-block go to `acc` at offset `r0`: straight into C when k fits in one
// block. float32 rounds each product to float32 first, as the WebAssembly kernel does.
const gemmF32 = (
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  k: number,
  n: number,
  ta: boolean,
  tb: boolean,
): void => {
  const single = k <= KC;
  const acc = single ? c : new Float32Array(n);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    const r0 = single ? ci : 0;
    for (let p0 = 0; p0 < k; p0 += KC) {
      const p1 = Math.min(k, p0 + KC);
      if (!single) acc.fill(0);
      for (let p = p0; p < p1; p++) {
        const av = ta ? a[p * m + i]! : a[i * k + p]!;
        if (tb) for (let j = 0; j < n; j++) acc[r0 + j]! += Math.fround(av * b[j * k + p]!);
        else {
          const bp = p * n;
          for (let j = 0; j < n; j++) acc[r0 + j]! += Math.fround(av * b[bp + j]!);
        }
      }
      if (!single) for (let j = 0; j < n; j++) c[ci + j]! += acc[j]!;
    }
  }
};

const gemmF64 = (
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  m: number,
  k: number,
  n: number,
  ta: boolean,
  tb: boolean,
): void => {
  const single = k <= KC;
  const acc = single ? c : new Float64Array(n);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    const r0 = single ? ci : 0;
    for (let p0 = 0; p0 < k; p0 += KC) {
      const p1 = Math.min(k, p0 + KC);
      if (!single) acc.fill(0);
      for (let p = p0; p < p1; p++) {
        const av = ta ? a[p * m + i]! : a[i * k + p]!;
        if (tb) for (let j = 0; j < n; j++) acc[r0 + j]! += av * b[j * k + p]!;
        else {
          const bp = p * n;
          for (let j = 0; j < n; j++) acc[r0 + j]! += av * b[bp + j]!;
        }
      }
      if (!single) for (let j = 0; j < n; j++) c[ci + j]! += acc[j]!;
    }
  }
};

// int32: exact integer products (wrapping as C's int32), no blocking needed.
const gemmI32 = (
  a: Int32Array,
  b: Int32Array,
  c: Int32Array,
  m: number,
  k: number,
  n: number,
  ta: boolean,
  tb: boolean,
): void => {
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const av = ta ? a[p * m + i]! : a[i * k + p]!;
      for (let j = 0; j < n; j++)
        c[i * n + j] = (c[i * n + j]! + Math.imul(av, tb ? b[j * k + p]! : b[p * n + j]!)) | 0;
    }
  }
};
