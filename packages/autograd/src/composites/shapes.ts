import { fmtShape, TensorError } from "../errors";
import { concat } from "../ops/concat";
import { reshape } from "../ops/reshape";
import { sum } from "../ops/sum";
import { normAxes, normAxis, shapesEqual } from "../shape";
import type { Tensor } from "../tensor";

/**
 * Removes size-1 axes: the given ones (an error if one is not size 1), or all when absent.
 *
 * @example
 * squeeze(zeros([2, 1, 3])).shape // [2, 3]
 */
export const squeeze = (x: Tensor, opts?: { readonly axis?: number | readonly number[] }): Tensor => {
  const axes =
    opts?.axis === undefined
      ? x.shape.flatMap((d, i) => (d === 1 ? [i] : []))
      : normAxes("squeeze", opts.axis, x.rank, x.shape);
  for (const a of axes) {
    if (x.shape[a] !== 1)
      throw new TensorError("squeeze", `axis ${a} of shape ${fmtShape(x.shape)} is not of size 1`);
  }
  return reshape(
    x,
    x.shape.filter((_, i) => !axes.includes(i)),
  );
};

/**
 * Inserts a size-1 axis at `axis` (negative counts from the end of the result).
 *
 * @example
 * expandDims(zeros([2, 3]), 1).shape // [2, 1, 3]
 */
export const expandDims = (x: Tensor, axis: number): Tensor => {
  const a = normAxis("expandDims", axis, x.rank + 1, x.shape);
  return reshape(x, [...x.shape.slice(0, a), 1, ...x.shape.slice(a)]);
};

/**
 * Stacks tensors of one shape along a new axis (default 0).
 *
 * @example
 * stack([tensor([1, 2]), tensor([3, 4])]).shape // [2, 2]
 */
export const stack = (xs: readonly Tensor[], opts?: { readonly axis?: number }): Tensor => {
  if (xs.length === 0) throw new TensorError("stack", "needs at least one tensor");
  const first = xs[0]!;
  for (const x of xs) {
    if (!shapesEqual(x.shape, first.shape)) {
      throw new TensorError("stack", `shapes differ: ${fmtShape(first.shape)} and ${fmtShape(x.shape)}`);
    }
  }
  const axis = normAxis("stack", opts?.axis ?? 0, first.rank + 1, first.shape);
  return concat(
    xs.map((x) => expandDims(x, axis)),
    { axis },
  );
};

/**
 * Sums `x` down to `shape`, the inverse of broadcasting (used by the tape to un-broadcast
 * cotangents); `shape` must broadcast to `x.shape`.
 *
 * @example
 * sumTo(ones([4, 3]), [1, 3]) // [[4, 4, 4]]
 */
export const sumTo = (x: Tensor, shape: readonly number[]): Tensor => {
  if (shapesEqual(x.shape, shape)) return x;
  const lead = x.rank - shape.length;
  const ok = lead >= 0 && shape.every((d, i) => d === x.shape[lead + i] || d === 1);
  if (!ok) throw new TensorError("sumTo", `cannot sum shape ${fmtShape(x.shape)} down to ${fmtShape(shape)}`);
  const axes: number[] = [];
  for (let i = 0; i < x.rank; i++) if (i < lead || (shape[i - lead] === 1 && x.shape[i] !== 1)) axes.push(i);
  return reshape(sum(x, { axis: axes }), shape);
};
