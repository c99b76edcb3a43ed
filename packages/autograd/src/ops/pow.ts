import { A_ROWS, A_SCALAR, B_ROWS, B_SCALAR, done, prepBinary, SAME } from "../kernels";
import type { Primitive } from "../primitive";
import { lift2, type TensorLike } from "../scalar";
import type { Tensor } from "../tensor";
import { apply } from "../trace";
import { greater } from "./greater";
import { log } from "./log";
import { mul } from "./mul";
import { sub } from "./sub";
import { where } from "./where";

// d(aᵇ) = b·aᵇ⁻¹·da + aᵇ·log(a)·db
export const powP: Primitive = {
  name: "pow",
  forward: ([x, y]) => {
    const p = prepBinary("pow", x!, y!);
    const { a, b, out, n, ia, ib } = p;
    if (p.mode === SAME) for (let i = 0; i < n; i++) out[i] = a[i]! ** b[i]!;
    else if (p.mode === B_SCALAR) {
      const s = b[0]!;
      for (let i = 0; i < n; i++) out[i] = a[i]! ** s;
    } else if (p.mode === A_SCALAR) {
      const s = a[0]!;
      for (let i = 0; i < n; i++) out[i] = s ** b[i]!;
    } else if (p.mode === B_ROWS) {
      const w = b.length;
      for (let i = 0, j = 0; i < n; i++, j = j + 1 === w ? 0 : j + 1) out[i] = a[i]! ** b[j]!;
    } else if (p.mode === A_ROWS) {
      const w = a.length;
      for (let i = 0, j = 0; i < n; i++, j = j + 1 === w ? 0 : j + 1) out[i] = a[j]! ** b[i]!;
    } else for (let i = 0; i < n; i++) out[i] = a[ia[i]!]! ** b[ib[i]!]!;
    return done(p);
  },
  vjp: (g, [a, b], out) => [
    mul(g, mul(b, pow(a, sub(b, 1)))),
    mul(g, mul(out, log(where(greater(a, 0), a, 1)))),
  ],
};

/**
 * Elementwise a^b with NumPy broadcasting. NOTE: the gradient with respect to b is 0 where a ≤ 0 (where log a is undefined).
 *
 * @example
 * pow(tensor([1, 2, 3]), 2)
 */
export const pow = (a: TensorLike, b: TensorLike): Tensor => apply(powP, lift2(a, b), undefined);
