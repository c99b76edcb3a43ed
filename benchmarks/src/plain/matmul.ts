/** The hand-written baseline for workload A: a naive i-k-j matmul over typed arrays. */

/**
 * `c = a·b` for n×n row-major matrices, loop order i-k-j (the inner loop streams rows of b and c).
 * `c` is overwritten.
 */
export const matmulIKJ = (
  a: Float32Array | Float64Array,
  b: Float32Array | Float64Array,
  c: Float32Array | Float64Array,
  n: number,
): void => {
  c.fill(0);
  for (let i = 0; i < n; i++) {
    const ci = i * n;
    for (let k = 0; k < n; k++) {
      const aik = a[ci + k];
      const bk = k * n;
      for (let j = 0; j < n; j++) c[ci + j] += aik * b[bk + j];
    }
  }
};
