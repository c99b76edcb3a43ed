import { TensorError } from "../errors";
import { prepUnary } from "../kernels";
import type { Primitive } from "../primitive";
import { fromData, type Tensor } from "../tensor";
import { apply } from "../trace";
import { add } from "./add";
import { mul } from "./mul";

// d(expm1 x) = exp(x)·dx
export const expm1P: Primitive = {
  name: "expm1",
  forward: ([x]) => {
    const { a, out } = prepUnary(x!);
    for (let i = 0; i < a.length; i++) out[i] = Math.expm1(a[i]!);
    return fromData(out, x!.shape);
  },
  vjp: (g, [_x], out) => [mul(g, add(out, 1))],
};

/**
 * Elementwise e^x − 1, accurate for small x.
 *
 * @example
 * expm1(tensor([0.5, 1]))
 */
export const expm1 = (x: Tensor): Tensor => {
  if (x.dtype === "int32") throw new TensorError("expm1", "needs a float tensor; cast int32 first");
  return apply(expm1P, [x], undefined);
};
