import { A_ROWS, A_SCALAR, B_ROWS, B_SCALAR, done, prepBinary, SAME } from "../kernels";
import type { Primitive } from "../primitive";
import { lift2, type TensorLike } from "../scalar";
import type { Tensor } from "../tensor";
import { apply } from "../trace";

// not differentiable: the cotangent of both inputs is zero
export const notEqualP: Primitive = {
  name: "notEqual",
  forward: ([x, y]) => {
    const p = prepBinary("notEqual", x!, y!);
    const { a, b, out, n, ia, ib } = p;
    if (p.mode === SAME) for (let i = 0; i < n; i++) out[i] = a[i]! !== b[i]! ? 1 : 0;
    else if (p.mode === B_SCALAR) {
      const s = b[0]!;
      for (let i = 0; i < n; i++) out[i] = a[i]! !== s ? 1 : 0;
    } else if (p.mode === A_SCALAR) {
      const s = a[0]!;
      for (let i = 0; i < n; i++) out[i] = s !== b[i]! ? 1 : 0;
    } else if (p.mode === B_ROWS) {
      const w = b.length;
      for (let i = 0, j = 0; i < n; i++, j = j + 1 === w ? 0 : j + 1) out[i] = a[i]! !== b[j]! ? 1 : 0;
    } else if (p.mode === A_ROWS) {
      const w = a.length;
      for (let i = 0, j = 0; i < n; i++, j = j + 1 === w ? 0 : j + 1) out[i] = a[j]! !== b[i]! ? 1 : 0;
    } else for (let i = 0; i < n; i++) out[i] = a[ia[i]!]! !== b[ib[i]!]! ? 1 : 0;
    return done(p);
  },
  vjp: () => [null, null],
};

/**
 * Elementwise comparison a ≠ b, with NumPy broadcasting: 1 where it holds, 0 elsewhere, in the
 * operands' dtype. Not differentiable (zero gradient).
 * NOTE: tapegrad has no bool dtype; masks are 0/1 tensors usable directly in `mul` and `where`.
 *
 * @example
 * notEqual(tensor([1, 2, 3]), 2)
 */
export const notEqual = (a: TensorLike, b: TensorLike): Tensor => apply(notEqualP, lift2(a, b), undefined);
