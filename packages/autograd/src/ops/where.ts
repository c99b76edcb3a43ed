import { allocate, sameDType } from "../dtype";
import { fmtShape, TensorError } from "../errors";
import { broadcastIndex } from "../kernels";
import type { Primitive } from "../primitive";
import { scalarOf, type TensorLike } from "../scalar";
import { broadcastShapes, sizeOf } from "../shape";
import { dataOf, fromData, Tensor } from "../tensor";
import { apply } from "../trace";
import { zerosLikeConcrete } from "./zerosLike";

// d where(c, a, b) = where(c, da, 0) + where(c, 0, db); c gets no gradient
export const whereP: Primitive = {
  name: "where",
  forward: ([c, x, y]) => {
    const dtype = sameDType("where", [x!.dtype, y!.dtype]);
    const shape = broadcastShapes("where", broadcastShapes("where", c!.shape, x!.shape), y!.shape);
    const n = sizeOf(shape);
    const out = allocate(dtype, n);
    const cd = dataOf(c!);
    const a = dataOf(x!);
    const b = dataOf(y!);
    const sc = c!.size === n;
    const sa = x!.size === n;
    const sb = y!.size === n;
    if ((sc || c!.size === 1) && (sa || x!.size === 1) && (sb || y!.size === 1)) {
      // every operand is full-size or a scalar: no index maps
      for (let i = 0; i < n; i++) out[i] = cd[sc ? i : 0] !== 0 ? a[sa ? i : 0]! : b[sb ? i : 0]!;
    } else {
      const ic = broadcastIndex(shape, c!.shape);
      const ia = broadcastIndex(shape, x!.shape);
      const ib = broadcastIndex(shape, y!.shape);
      for (let i = 0; i < n; i++) out[i] = cd[ic[i]!] !== 0 ? a[ia[i]!]! : b[ib[i]!]!;
    }
    return fromData(out, shape);
  },
  vjp: (g, [c]) => {
    const z = zerosLikeConcrete(g);
    return [null, where(c!, g, z), where(c!, z, g)];
  },
};

/**
 * Selects elementwise: `a` where `cond` is non-zero, else `b` (NumPy broadcasting over all three).
 * Only `a` and `b` are differentiable; the unselected branch gets a zero gradient.
 *
 * @example
 * where(greater(x, 0), x, 0) // relu
 */
export const where = (cond: Tensor, a: TensorLike, b: TensorLike): Tensor => {
  if (!(cond instanceof Tensor)) throw new TensorError("where", "the condition must be a tensor");
  const ta = a instanceof Tensor ? a : scalarOf(a, b instanceof Tensor ? b.dtype : "float32");
  const tb = b instanceof Tensor ? b : scalarOf(b, ta.dtype);
  if (ta.dtype !== tb.dtype) {
    throw new TensorError(
      "where",
      `dtype mismatch: ${ta.dtype} ${fmtShape(ta.shape)} vs ${tb.dtype} ${fmtShape(tb.shape)}`,
    );
  }
  return apply(whereP, [cond, ta, tb], undefined);
};
