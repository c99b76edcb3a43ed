import { A_ROWS, A_SCALAR, B_ROWS, B_SCALAR, done, prepBinary, SAME } from "../kernels";
import type { Primitive } from "../primitive";
import { lift2, type TensorLike } from "../scalar";
import type { Tensor } from "../tensor";
import { apply } from "../trace";
import { greater } from "./greater";
import { tieSplit } from "./tieSplit";

// d max(a, b) = [a>b]·da + [b>a]·db, ½ each at a tie
export const maximumP: Primitive = {
  name: "maximum",
  forward: ([x, y]) => {
    const p = prepBinary("maximum", x!, y!);
    const { a, b, out, n, ia, ib } = p;
    // NaN wins (propagates), as NumPy's maximum.
    if (p.mode === SAME)
      for (let i = 0; i < n; i++) out[i] = a[i]! > b[i]! || Number.isNaN(a[i]!) ? a[i]! : b[i]!;
    else if (p.mode === B_SCALAR) {
      const s = b[0]!;
      for (let i = 0; i < n; i++) out[i] = a[i]! > s || Number.isNaN(a[i]!) ? a[i]! : s;
    } else if (p.mode === A_SCALAR) {
      const s = a[0]!;
      for (let i = 0; i < n; i++) out[i] = s > b[i]! || Number.isNaN(s) ? s : b[i]!;
    } else if (p.mode === B_ROWS) {
      const w = b.length;
      for (let i = 0, j = 0; i < n; i++, j = j + 1 === w ? 0 : j + 1)
        out[i] = a[i]! > b[j]! || Number.isNaN(a[i]!) ? a[i]! : b[j]!;
    } else if (p.mode === A_ROWS) {
      const w = a.length;
      for (let i = 0, j = 0; i < n; i++, j = j + 1 === w ? 0 : j + 1)
        out[i] = a[j]! > b[i]! || Number.isNaN(a[j]!) ? a[j]! : b[i]!;
    } else {
      for (let i = 0; i < n; i++) {
        const u = a[ia[i]!]!;
        const v = b[ib[i]!]!;
        out[i] = u > v || Number.isNaN(u) ? u : v;
      }
    }
    return done(p);
  },
  vjp: (g, [a, b]) => tieSplit(g, a, b, greater),
};

/**
 * Elementwise maximum with NumPy broadcasting. NOTE: at a tie each input gets half the gradient.
 *
 * @example
 * maximum(tensor([1, 2, 3]), 2)
 */
export const maximum = (a: TensorLike, b: TensorLike): Tensor => apply(maximumP, lift2(a, b), undefined);
