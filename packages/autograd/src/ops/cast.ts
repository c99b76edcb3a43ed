import { allocate, type DType, isDType, isFloat } from "../dtype";
import { TensorError } from "../errors";
import type { Primitive } from "../primitive";
import { dataOf, fromData, type Tensor } from "../tensor";
import { apply } from "../trace";

// d cast(x) = cast(dy, dtype of x) between float dtypes; no gradient into int32
export const castP: Primitive<DType> = {
  name: "cast",
  forward: ([x], dtype) => {
    const a = dataOf(x!);
    const out = allocate(dtype, a.length);
    if (dtype === "int32") for (let i = 0; i < a.length; i++) out[i] = Math.trunc(a[i]!);
    else out.set(a);
    return fromData(out, x!.shape);
  },
  vjp: (g, [x]) => [isFloat(x!.dtype) && isFloat(g.dtype) ? cast(g, x!.dtype) : null],
};

/**
 * Converts to another dtype. Float to int32 truncates toward zero (NumPy `astype`).
 *
 * @example
 * cast(tensor([1.7, -1.7]), "int32") // [1, -1]
 */
export const cast = (x: Tensor, dtype: DType): Tensor => {
  if (!isDType(dtype)) throw new TensorError("cast", `unknown dtype ${String(dtype)}`);
  return x.dtype === dtype ? x : apply(castP, [x], dtype);
};
