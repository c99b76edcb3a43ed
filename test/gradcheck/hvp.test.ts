import {
  exp,
  grad,
  hvp,
  logSumExp,
  matmul,
  mul,
  sin,
  sum,
  type Tensor,
  tanh,
  tensor,
} from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";

const f64 = (v: number[]) => tensor(v, { dtype: "float64" });
const axpy = (x: Tensor, v: Tensor, s: number) => {
  const a = x.dataSync();
  const b = v.dataSync();
  return tensor(
    a.map((e, i) => e + s * b[i]!),
    { dtype: "float64", shape: x.shape },
  );
};

// H·v ≈ (∇f(x + hv) − ∇f(x − hv)) / 2h, central differences of the gradient along v.
const fdHvp = (f: (x: Tensor) => Tensor, x: Tensor, v: Tensor): number[] => {
  const h = Math.cbrt(2 ** -52);
  const gp = grad(f)(axpy(x, v, h)).dataSync();
  const gm = grad(f)(axpy(x, v, -h)).dataSync();
  return Array.from(gp, (p, i) => (p - gm[i]!) / (2 * h));
};

const close = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++)
    expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(1e-5 + 1e-3 * Math.abs(b[i]!));
};

describe("hvp against finite differences of grad", () => {
  const x = f64([0.3, -1.2, 0.8, 2]);
  const v = f64([1, -0.5, 0.25, 2]);
  const fs: [string, (t: Tensor) => Tensor][] = [
    ["Σ sin(x)·x²", (t) => sum(mul(sin(t), mul(t, t)))],
    ["logSumExp", (t) => logSumExp(t)],
    [
      "Σ tanh(A·x)",
      (t) =>
        sum(
          tanh(
            matmul(
              tensor(
                [
                  [1, 2, 0, -1],
                  [0.5, 0, 1, 1],
                ],
                { dtype: "float64" },
              ),
              t,
            ),
          ),
        ),
    ],
    ["Σ exp(x)·x", (t) => sum(mul(exp(t), t))],
  ];
  for (const [name, f] of fs) {
    it(name, () => close(hvp(f, x, v).dataSync(), fdHvp(f, x, v)));
  }

  it("matches the closed form for a cubic: f = Σx³, H·v = 6x⊙v", () => {
    const got = hvp((t: Tensor) => sum(mul(mul(t, t), t)), x, v).dataSync();
    const xs = x.dataSync();
    const vs = v.dataSync();
    close(
      got,
      Array.from(xs, (e, i) => 6 * e * vs[i]!),
    );
  });
});
