export { allFinite, expectClose, f64, flat, i32 } from "../shared/tensors";

/** Plain-number matrix product, the reference for dense layers: (n×k)·(k×m). */
export const matmulRef = (a: number[][], b: number[][]): number[][] =>
  a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));

/** Mean and (population) variance of plain numbers. */
export const moments = (xs: ArrayLike<number>): { mean: number; variance: number } => {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m += xs[i]!;
  m /= xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += (xs[i]! - m) ** 2;
  return { mean: m, variance: v / xs.length };
};
