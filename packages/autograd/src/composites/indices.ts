import { allocate, type DType } from "../dtype";
import { fmtShape, TensorError } from "../errors";
import { concrete, dataOf, fromData, type Tensor } from "../internal";
import { normAxis } from "../shape";

const argExtremum = (op: string, x: Tensor, axisOpt: number | undefined, sign: 1 | -1): Tensor => {
  const c = concrete(x);
  const flat = axisOpt === undefined;
  const shape = flat ? [c.size] : c.shape;
  if (shape.length === 0) return fromData(new Int32Array(1), []);
  const axis = flat ? 0 : normAxis(op, axisOpt, shape.length, c.shape);
  const n = shape[axis]!;
  if (n === 0)
    throw new TensorError(op, `cannot take ${op} over the empty axis ${axis} of shape ${fmtShape(c.shape)}`);
  const outer = shape.slice(0, axis).reduce((s, d) => s * d, 1);
  const inner = shape.slice(axis + 1).reduce((s, d) => s * d, 1);
  const a = dataOf(c);
  const out = new Int32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let best = a[base]!;
      let bi = 0;
      for (let k = 1; k < n && !Number.isNaN(best); k++) {
        const v = a[base + k * inner]!;
        if (Number.isNaN(v) || (sign === 1 ? v > best : v < best)) {
          best = v;
          bi = k;
        }
      }
      out[o * inner + i] = bi;
    }
  }
  return fromData(out, flat ? [] : shape.filter((_, i) => i !== axis));
};

/**
 * Index of the largest element along `axis` (over the flattened tensor when absent), as int32;
 * the first one wins a tie, NaN counts as largest (NumPy). Not differentiable.
 *
 * @example
 * argmax(tensor([[1, 5], [7, 2]]), { axis: 1 }) // [1, 0]
 */
export const argmax = (x: Tensor, opts?: { readonly axis?: number }): Tensor =>
  argExtremum("argmax", x, opts?.axis, 1);

/** Index of the smallest element along `axis`, as `argmax`. @example argmin(tensor([3, 1, 2])) // 1 */
export const argmin = (x: Tensor, opts?: { readonly axis?: number }): Tensor =>
  argExtremum("argmin", x, opts?.axis, -1);

/**
 * One-hot encoding of int32 class indices: shape `[...indices.shape, depth]`. An index outside
 * [0, depth) is an error.
 *
 * @example
 * oneHot(tensor([0, 2], { dtype: "int32" }), 3) // [[1, 0, 0], [0, 0, 1]]
 */
export const oneHot = (indices: Tensor, depth: number, opts?: { readonly dtype?: DType }): Tensor => {
  if (indices.dtype !== "int32")
    throw new TensorError("oneHot", `indices must be int32, got ${indices.dtype}`);
  if (!Number.isInteger(depth) || depth < 0)
    throw new TensorError("oneHot", `depth must be a non-negative integer, got ${depth}`);
  const a = dataOf(concrete(indices));
  const out = allocate(opts?.dtype ?? "float32", a.length * depth);
  for (let i = 0; i < a.length; i++) {
    const k = a[i]!;
    if (k < 0 || k >= depth)
      throw new TensorError("oneHot", `index ${k} at flat position ${i} is out of range [0, ${depth})`);
    out[i * depth + k] = 1;
  }
  return fromData(out, [...indices.shape, depth]);
};
