import { fmtShape, TensorError } from "../errors";
import type { Primitive } from "../primitive";
import { sizeOf } from "../shape";
import { dataOf, fromData, type Tensor } from "../tensor";
import { apply } from "../trace";

// d reshape(x) = reshape(dy, shape of x)
export const reshapeP: Primitive<readonly number[]> = {
  name: "reshape",
  // Zero-copy: tensors are immutable, so the new view may share the storage.
  forward: ([x], shape) => fromData(dataOf(x!), shape),
  vjp: (g, [x]) => [reshape(g, x!.shape)],
};

/** @internal Resolves one −1 in a target shape and checks the size. */
export const resolveShape = (op: string, from: readonly number[], to: readonly number[]): number[] => {
  // fast path: no −1 and the same number of elements
  let size = 1;
  let plain = true;
  for (let i = 0; i < to.length; i++) {
    const d = to[i]!;
    if (d < 0 || !Number.isInteger(d)) plain = false;
    size *= d;
  }
  if (plain && size === sizeOf(from)) return to.slice();
  const n = sizeOf(from);
  const free = to.filter((d) => d === -1).length;
  if (free > 1)
    throw new TensorError(op, `only one -1 is allowed: cannot reshape ${fmtShape(from)} to ${fmtShape(to)}`);
  for (const d of to) {
    if (!Number.isInteger(d) || d < -1)
      throw new TensorError(op, `cannot reshape ${fmtShape(from)} to the invalid shape ${fmtShape(to)}`);
  }
  const known = to.reduce((s, d) => (d === -1 ? s : s * d), 1);
  const out = to.map((d) => (d === -1 ? (known === 0 ? 0 : n / known) : d));
  if (sizeOf(out) !== n || out.some((d) => !Number.isInteger(d))) {
    throw new TensorError(
      op,
      `cannot reshape a tensor of shape ${fmtShape(from)} (size ${n}) to ${fmtShape(to)}`,
    );
  }
  return out;
};

/**
 * The same elements in a new shape (row-major order); one axis may be −1 and is inferred.
 *
 * @example
 * reshape(arange(6), [2, -1]) // shape [2, 3]
 */
export const reshape = (x: Tensor, shape: readonly number[]): Tensor => {
  const s = resolveShape("reshape", x.shape, shape);
  if (s.length === x.shape.length && s.every((d, i) => d === x.shape[i])) return x;
  return apply(reshapeP, [x], s);
};
