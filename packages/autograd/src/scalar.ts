import { allocate, type DType } from "./dtype";
import { fromData, Tensor } from "./tensor";

/** A tensor operand, or a plain number that takes the dtype of the other operand. */
export type TensorLike = Tensor | number;

// Plain numbers in ops (mul(x, 0.5), the VJPs' constants) recur every step: their scalar tensors
// are immutable, so a small cache per dtype serves them instead of a new tensor per call.
const CACHE_SIZE = 512;
const caches: Record<DType, Map<number, Tensor>> = {
  float32: new Map(),
  float64: new Map(),
  int32: new Map(),
};

/** @internal A scalar tensor of `dtype` holding `v`. */
export const scalarOf = (v: number, dtype: DType): Tensor => {
  const cache = caches[dtype];
  const hit = cache.get(v);
  if (hit !== undefined && !Object.is(v, -0)) return hit;
  const d = allocate(dtype, 1);
  d[0] = v;
  const t = fromData(d, []);
  if (cache.size >= CACHE_SIZE) cache.clear();
  if (!Object.is(v, -0)) cache.set(v, t);
  return t;
};

/** @internal Lifts plain numbers to scalar tensors of the other operand's dtype (float32 if none). */
export const lift2 = (a: TensorLike, b: TensorLike): [Tensor, Tensor] => {
  if (a instanceof Tensor) return [a, b instanceof Tensor ? b : scalarOf(b, a.dtype)];
  if (b instanceof Tensor) return [scalarOf(a, b.dtype), b];
  return [scalarOf(a, "float32"), scalarOf(b, "float32")];
};
