import { allocate } from "../dtype";
import { fmtShape, TensorError } from "../errors";
import type { Primitive } from "../primitive";
import { stridesOf } from "../shape";
import { dataOf, fromData, type Tensor } from "../tensor";
import { apply } from "../trace";

// d transpose(x, p) = transpose(dy, p⁻¹)
export const transposeP: Primitive<readonly number[]> = {
  name: "transpose",
  forward: ([x], perm) => {
    const shape = perm.map((p) => x!.shape[p]!);
    const a = dataOf(x!);
    const out = allocate(x!.dtype, a.length);
    const rank = perm.length;
    if (rank === 2) {
      const r = x!.shape[0]!;
      const c = x!.shape[1]!;
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = a[i * c + j]!;
      return fromData(out, shape);
    }
    const inStrides = stridesOf(x!.shape);
    const st = perm.map((p) => inStrides[p]!);
    const idx = new Array<number>(rank).fill(0);
    let src = 0;
    for (let k = 0; k < a.length; k++) {
      out[k] = a[src]!;
      for (let ax = rank - 1; ax >= 0; ax--) {
        idx[ax]!++;
        src += st[ax]!;
        if (idx[ax]! < shape[ax]!) break;
        src -= st[ax]! * idx[ax]!;
        idx[ax] = 0;
      }
    }
    return fromData(out, shape);
  },
  vjp: (g, _x, _out, perm) => {
    const inv = new Array<number>(perm.length);
    perm.forEach((p, i) => {
      inv[p] = i;
    });
    return [transpose(g, inv)];
  },
};

/**
 * Permutes the axes (NumPy `transpose`); without `perm`, reverses them.
 *
 * @example
 * transpose(zeros([2, 3, 4]), [0, 2, 1]).shape // [2, 4, 3]
 */
export const transpose = (x: Tensor, perm?: readonly number[]): Tensor => {
  const rank = x.rank;
  const p = perm ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
  const norm = p.map((a) => (a < 0 ? a + rank : a));
  const valid =
    norm.length === rank &&
    norm.every((a) => Number.isInteger(a) && a >= 0 && a < rank) &&
    new Set(norm).size === rank;
  if (!valid)
    throw new TensorError(
      "transpose",
      `${JSON.stringify(p)} is not a permutation of the axes of shape ${fmtShape(x.shape)}`,
    );
  if (norm.every((a, i) => a === i)) return x;
  return apply(transposeP, [x], norm);
};
