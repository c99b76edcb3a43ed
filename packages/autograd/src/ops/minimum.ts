import { A_SCALAR, B_SCALAR, done, prepBinary, SAME } from "../kernels";
import type { Primitive } from "../primitive";
import { lift2, type TensorLike } from "../scalar";
import type { Tensor } from "../tensor";
import { apply } from "../trace";
import { less } from "./less";
import { tieSplit } from "./tieSplit";

// d min(a, b) = [a<b]·da + [b<a]·db, ½ each at a tie
export const minimumP: Primitive = {
  name: "minimum",
  forward: ([x, y]) => {
    const p = prepBinary("minimum", x!, y!);
    const { a, b, out, n, ia, ib } = p;
    if (p.mode === SAME)
      for (let i = 0; i < n; i++) out[i] = a[i]! < b[i]! || Number.isNaN(a[i]!) ? a[i]! : b[i]!;
    else if (p.mode === B_SCALAR) {
      const s = b[0]!;
      for (let i = 0; i < n; i++) out[i] = a[i]! < s || Number.isNaN(a[i]!) ? a[i]! : s;
    } else if (p.mode === A_SCALAR) {
      const s = a[0]!;
      for (let i = 0; i < n; i++) out[i] = s < b[i]! || Number.isNaN(s) ? s : b[i]!;
    } else
      for (let i = 0; i < n; i++)
        out[i] = a[ia[i]!]! < b[ib[i]!]! || Number.isNaN(a[ia[i]!]!) ? a[ia[i]!]! : b[ib[i]!]!;
    return done(p);
  },
  vjp: (g, [a, b]) => tieSplit(g, a, b, less),
};

/**
 * Elementwise minimum with NumPy broadcasting. NOTE: at a tie each input gets half the gradient.
 *
 * @example
 * minimum(tensor([1, 2, 3]), 2)
 */
export const minimum = (a: TensorLike, b: TensorLike): Tensor => apply(minimumP, lift2(a, b), undefined);
