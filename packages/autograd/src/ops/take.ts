import { fmtShape, TensorError } from "../errors";
import { normAxis } from "../shape";
import { dataOf, Tensor } from "../tensor";
import { apply } from "../trace";
import { gatherP } from "./gather";

/** Integer indices: an int32 tensor or a plain array of integers. */
export type Indices = Tensor | readonly number[];

const indexData = (op: string, indices: Indices): { data: ArrayLike<number>; shape: readonly number[] } => {
  if (indices instanceof Tensor) {
    if (indices.dtype !== "int32") throw new TensorError(op, `indices must be int32, got ${indices.dtype}`);
    return { data: dataOf(indices), shape: indices.shape };
  }
  for (const i of indices)
    if (!Number.isInteger(i)) throw new TensorError(op, `indices must be integers, got ${i}`);
  return { data: indices, shape: [indices.length] };
};

const checkIndex = (op: string, i: number, n: number, shape: readonly number[], axis: number): number => {
  if (i < -n || i >= n) {
    throw new TensorError(
      op,
      `index ${i} is out of range for axis ${axis} of size ${n} (shape ${fmtShape(shape)})`,
    );
  }
  return i < 0 ? i + n : i;
};

/**
 * Picks slices along `axis` (default 0) by integer indices, as `tf.gather` and `numpy.take`;
 * the output shape is `x.shape[:axis] + indices.shape + x.shape[axis+1:]`. Negative indices
 * count from the end; an index out of range is an error.
 * NOTE: without `axis` the default is 0 (tf.gather), not NumPy's flattening.
 *
 * @example
 * take(tensor([[1, 2], [3, 4], [5, 6]]), [2, 0]) // [[5, 6], [1, 2]]
 */
export const take = (x: Tensor, indices: Indices, opts?: { readonly axis?: number }): Tensor => {
  if (x.rank === 0) throw new TensorError("take", "cannot index a scalar");
  const axis = normAxis("take", opts?.axis ?? 0, x.rank, x.shape);
  const { data, shape: ishape } = indexData("take", indices);
  const n = x.shape[axis]!;
  const outer = x.shape.slice(0, axis).reduce((s, d) => s * d, 1);
  const inner = x.shape.slice(axis + 1).reduce((s, d) => s * d, 1);
  const m = data.length;
  const map = new Int32Array(outer * m * inner);
  let k = 0;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const base = (o * n + checkIndex("take", data[j]!, n, x.shape, axis)) * inner;
      for (let i = 0; i < inner; i++) map[k++] = base + i;
    }
  }
  const outShape = [...x.shape.slice(0, axis), ...ishape, ...x.shape.slice(axis + 1)];
  return apply(gatherP, [x], { map, outShape, srcShape: x.shape.slice() });
};

/**
 * `numpy.take_along_axis`: `out[..., k, ...] = x[..., indices[..., k, ...], ...]` along `axis`
 * (default −1). `indices` has the rank of `x` and the same extent on every other axis.
 *
 * @example
 * takeAlongAxis(tensor([[1, 2], [3, 4]]), tensor([[1], [0]], { dtype: "int32" }), { axis: 1 }) // [[2], [3]]
 */
export const takeAlongAxis = (x: Tensor, indices: Indices, opts?: { readonly axis?: number }): Tensor => {
  if (x.rank === 0) throw new TensorError("takeAlongAxis", "cannot index a scalar");
  const axis = normAxis("takeAlongAxis", opts?.axis ?? -1, x.rank, x.shape);
  const { data, shape: ishape } = indexData("takeAlongAxis", indices);
  const ok = ishape.length === x.rank && ishape.every((d, i) => i === axis || d === x.shape[i]);
  if (!ok) {
    throw new TensorError(
      "takeAlongAxis",
      `indices of shape ${fmtShape(ishape)} do not match ${fmtShape(x.shape)} off axis ${axis}`,
    );
  }
  const n = x.shape[axis]!;
  const m = ishape[axis]!;
  const outer = x.shape.slice(0, axis).reduce((s, d) => s * d, 1);
  const inner = x.shape.slice(axis + 1).reduce((s, d) => s * d, 1);
  const map = new Int32Array(outer * m * inner);
  let k = 0;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      for (let i = 0; i < inner; i++) {
        const idx = checkIndex("takeAlongAxis", data[k]!, n, x.shape, axis);
        map[k++] = (o * n + idx) * inner + i;
      }
    }
  }
  return apply(gatherP, [x], { map, outShape: ishape.slice(), srcShape: x.shape.slice() });
};
