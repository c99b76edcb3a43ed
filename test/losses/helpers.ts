import type { Tensor } from "@tapegrad/autograd";
import { arbShape, arbTensor, type ShapeOptions, type TensorArbOptions } from "@tapegrad/gradcheck";
import fc from "fast-check";
import { flat } from "../shared/tensors";

export { allFinite, expectClose, f64, flat, i32 } from "../shared/tensors";

/** Two float64 tensors of one generated shape (zero-size and scalar shapes included). */
export const arbPair = (
  a: TensorArbOptions = {},
  b: TensorArbOptions = a,
  shape: ShapeOptions = {},
): fc.Arbitrary<[Tensor, Tensor]> =>
  arbShape(shape).chain((s) => fc.tuple(arbTensor({ ...a, shape: s }), arbTensor({ ...b, shape: s })));

/** True when every |a − b| exceeds `margin` (keeps gradient checks off a kink at a = b). */
export const apart = (a: Tensor, b: Tensor, margin: number, at = 0): boolean => {
  const x = flat(a);
  const y = flat(b);
  return x.every((v, i) => Math.abs(Math.abs(v - y[i]!) - at) > margin);
};
