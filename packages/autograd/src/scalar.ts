import { allocate, type DType } from "./dtype";
import { fromData, Tensor } from "./tensor";

/** A tensor operand, or a plain number that takes the dtype of the other operand. */
export type TensorLike = Tensor | number;

/** @internal A scalar tensor of `dtype` holding `v`. */
export const scalarOf = (v: number, dtype: DType): Tensor => {
  const d = allocate(dtype, 1);
  d[0] = v;
  return fromData(d, []);
};

/** @internal Lifts plain numbers to scalar tensors of the other operand's dtype (float32 if none). */
export const lift2 = (a: TensorLike, b: TensorLike): [Tensor, Tensor] => {
  if (a instanceof Tensor) return [a, b instanceof Tensor ? b : scalarOf(b, a.dtype)];
  if (b instanceof Tensor) return [scalarOf(a, b.dtype), b];
  return [scalarOf(a, "float32"), scalarOf(b, "float32")];
};
