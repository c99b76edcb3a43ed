import type { TypedArray } from "./dtype";

/**
 * C[m×n] = A[m×k] · B[k×n] on row-major blocks at the given offsets, into a zeroed C. The i-k-j
 * order streams rows of B and C, which is what plain JavaScript does best.
 */
export const gemm = (
  a: TypedArray,
  aOff: number,
  b: TypedArray,
  bOff: number,
  c: TypedArray,
  cOff: number,
  m: number,
  k: number,
  n: number,
): void => {
  for (let i = 0; i < m; i++) {
    const ci = cOff + i * n;
    const ai = aOff + i * k;
    for (let p = 0; p < k; p++) {
      const av = a[ai + p]!;
      const bp = bOff + p * n;
      for (let j = 0; j < n; j++) c[ci + j]! += av * b[bp + j]!;
    }
  }
};
