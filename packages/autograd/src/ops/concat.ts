import { allocate, sameDTypeOf } from "../dtype";
import { fmtShape, TensorError } from "../errors";
import type { Primitive } from "../primitive";
import { normAxis } from "../shape";
import { dataOf, fromData, type Tensor } from "../tensor";
import { apply } from "../trace";
import { slice } from "./slice";

// d concat(xs) = the pieces of dy along the axis
export const concatP: Primitive<number> = {
  name: "concat",
  forward: (xs, axis) => {
    const first = xs[0]!;
    const shape = first.shape.slice();
    shape[axis] = xs.reduce((s, x) => s + x.shape[axis]!, 0);
    const outer = shape.slice(0, axis).reduce((s, d) => s * d, 1);
    const inner = shape.slice(axis + 1).reduce((s, d) => s * d, 1);
    const out = allocate(first.dtype, outer * shape[axis]! * inner);
    const rowLen = shape[axis]! * inner;
    let offset = 0;
    for (const x of xs) {
      const a = dataOf(x);
      const len = x.shape[axis]! * inner;
      for (let o = 0; o < outer; o++) out.set(a.subarray(o * len, (o + 1) * len), o * rowLen + offset);
      offset += len;
    }
    return fromData(out, shape);
  },
  vjp: (g, xs, _out, axis) => {
    let at = 0;
    return xs.map((x) => {
      const b = g.shape.map(() => 0);
      const e = g.shape.slice();
      b[axis] = at;
      at += x.shape[axis]!;
      e[axis] = at;
      return slice(g, b, e);
    });
  },
};

/**
 * Joins tensors along an existing axis (default 0); all other axes must agree.
 *
 * @example
 * concat([tensor([1, 2]), tensor([3])]) // [1, 2, 3]
 */
export const concat = (xs: readonly Tensor[], opts?: { readonly axis?: number }): Tensor => {
  if (xs.length === 0) throw new TensorError("concat", "needs at least one tensor");
  const first = xs[0]!;
  if (first.rank === 0) throw new TensorError("concat", "cannot concatenate scalars; use stack");
  const axis = normAxis("concat", opts?.axis ?? 0, first.rank, first.shape);
  sameDTypeOf("concat", xs);
  for (const x of xs) {
    const ok = x.rank === first.rank && x.shape.every((d, i) => i === axis || d === first.shape[i]);
    if (!ok) {
      throw new TensorError(
        "concat",
        `shapes ${fmtShape(first.shape)} and ${fmtShape(x.shape)} differ off axis ${axis}`,
      );
    }
  }
  if (xs.length === 1) return first;
  return apply(concatP, xs, axis);
};
