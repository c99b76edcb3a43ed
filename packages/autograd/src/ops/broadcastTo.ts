import { allocate } from "../dtype";
import { fmtShape, TensorError } from "../errors";
import { broadcastIndex } from "../kernels";
import type { Primitive } from "../primitive";
import { shapesEqual, sizeOf } from "../shape";
import { dataOf, fromData, type Tensor } from "../tensor";
import { apply } from "../trace";

// d broadcastTo(x) = dy summed back to the shape of x (the tape does the summing)
export const broadcastToP: Primitive<readonly number[]> = {
  name: "broadcastTo",
  forward: ([x], shape) => {
    const a = dataOf(x!);
    if (a.length === 1) {
      // one element (a scalar's cotangent, a mean's): a fill, no index map
      const out = allocate(x!.dtype, sizeOf(shape));
      if (a[0] !== 0) out.fill(a[0]!);
      return fromData(out, shape);
    }
    const map = broadcastIndex(shape, x!.shape);
    const out = allocate(x!.dtype, map.length);
    for (let i = 0; i < map.length; i++) out[i] = a[map[i]!]!;
    return fromData(out, shape);
  },
  vjp: (g) => [g],
};

/**
 * Broadcasts `x` to `shape` by NumPy rules (leading axes added, size-1 axes repeated).
 *
 * @example
 * broadcastTo(tensor([1, 2]), [3, 2])
 */
export const broadcastTo = (x: Tensor, shape: readonly number[]): Tensor => {
  if (shapesEqual(x.shape, shape)) return x;
  const off = shape.length - x.rank;
  const ok = off >= 0 && x.shape.every((d, i) => d === 1 || d === shape[off + i]);
  if (!ok)
    throw new TensorError("broadcastTo", `cannot broadcast shape ${fmtShape(x.shape)} to ${fmtShape(shape)}`);
  return apply(broadcastToP, [x], shape.slice());
};
