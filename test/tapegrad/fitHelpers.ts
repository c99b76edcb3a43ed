import { add, key, matmul, normal, split, type Tensor, type Tree, tensor, tree } from "tapegrad";
import { expect } from "vitest";

/** A linear model as a plain function: x [N, 1] · w + b. */
export const linear = (p: { w: Tensor; b: Tensor }, x: Tensor): Tensor => add(matmul(x, p.w), p.b);

/** Zero-initialized parameters of `linear`. */
export const zeroLinear = (dtype: "float32" | "float64" = "float64") => ({
  w: tensor([[0]], { dtype }),
  b: tensor([0], { dtype }),
});

/** N points of y = 2x − 1 with x ~ N(0, 1), as [N, 1] tensors. */
export const line = (n: number, seed = 1, dtype: "float32" | "float64" = "float64") => {
  const [kx] = split(key(seed));
  const x = normal(kx!, [n, 1], { dtype });
  const xs = x.dataSync();
  const y = tensor(
    Array.from(xs, (v) => 2 * v - 1),
    { dtype, shape: [n, 1] },
  );
  return { x, y };
};

/** Bitwise equality of two trees' leaves. */
export const expectTreesIdentical = (a: Tree, b: Tree): void => {
  const la = tree.leaves(a);
  const lb = tree.leaves(b);
  expect(la.length).toBe(lb.length);
  la.forEach((t, i) => {
    expect(Array.from(lb[i]!.dataSync())).toEqual(Array.from(t.dataSync()));
  });
};

/** A sink that records what a progress reporter writes. */
export const recordingSink = (isTTY: boolean) => {
  const out: string[] = [];
  return { sink: { isTTY, columns: 100, write: (s: string) => out.push(s) }, out };
};
