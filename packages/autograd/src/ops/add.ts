import { A_ROWS, A_SCALAR, B_ROWS, B_SCALAR, binaryFast, done, prepBinary, SAME } from "../kernels";
import type { Primitive } from "../primitive";
import { lift2, type TensorLike } from "../scalar";
import type { Tensor } from "../tensor";
import { apply } from "../trace";
import { ADD } from "../wasm/elementwise";

// d(a + b) = da + db
export const addP: Primitive = {
  name: "add",
  forward: ([x, y]) => {
    const p = prepBinary("add", x!, y!);
    const { a, b, out, n, ia, ib } = p;
    if (binaryFast(ADD, p)) return done(p);
    if (p.mode === SAME) for (let i = 0; i < n; i++) out[i] = a[i]! + b[i]!;
    else if (p.mode === B_SCALAR) {
      const s = b[0]!;
      for (let i = 0; i < n; i++) out[i] = a[i]! + s;
    } else if (p.mode === A_SCALAR) {
      const s = a[0]!;
      for (let i = 0; i < n; i++) out[i] = s + b[i]!;
    } else if (p.mode === B_ROWS) {
      const w = b.length;
      for (let i = 0, j = 0; i < n; i++, j = j + 1 === w ? 0 : j + 1) out[i] = a[i]! + b[j]!;
    } else if (p.mode === A_ROWS) {
      const w = a.length;
      for (let i = 0, j = 0; i < n; i++, j = j + 1 === w ? 0 : j + 1) out[i] = a[j]! + b[i]!;
    } else for (let i = 0; i < n; i++) out[i] = a[ia[i]!]! + b[ib[i]!]!;
    return done(p);
  },
  vjp: (g) => [g, g],
};

/**
 * Elementwise a + b with NumPy broadcasting.
 *
 * @example
 * add(tensor([1, 2, 3]), 2)
 */
export const add = (a: TensorLike, b: TensorLike): Tensor => apply(addP, lift2(a, b), undefined);
