import { TensorError } from "../errors";
import { prepUnary } from "../kernels";
import type { Primitive } from "../primitive";
import { fromData, type Tensor } from "../tensor";
import { apply } from "../trace";
import { mul } from "./mul";

// d(exp x) = exp(x)·dx
export const expP: Primitive = {
  name: "exp",
  forward: ([x]) => {
    const { a, out } = prepUnary(x!);
    for (let i = 0; i < a.length; i++) out[i] = Math.exp(a[i]!);
    return fromData(out, x!.shape);
  },
  vjp: (g, [_x], out) => [mul(g, out)],
};

/**
 * Elementwise e^x.
 *
 * @example
 * exp(tensor([0.5, 1]))
 */
export const exp = (x: Tensor): Tensor => {
  if (x.dtype === "int32") throw new TensorError("exp", "needs a float tensor; cast int32 first");
  return apply(expP, [x], undefined);
};
