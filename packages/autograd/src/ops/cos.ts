import { TensorError } from "../errors";
import { prepUnary } from "../kernels";
import type { Primitive } from "../primitive";
import { fromData, type Tensor } from "../tensor";
import { apply } from "../trace";
import { mul } from "./mul";
import { neg } from "./neg";
import { sin } from "./sin";

// d(cos x) = −sin(x)·dx
export const cosP: Primitive = {
  name: "cos",
  forward: ([x]) => {
    const { a, out } = prepUnary(x!);
    for (let i = 0; i < a.length; i++) out[i] = Math.cos(a[i]!);
    return fromData(out, x!.shape);
  },
  vjp: (g, [x]) => [neg(mul(g, sin(x)))],
};

/**
 * Elementwise cosine.
 *
 * @example
 * cos(tensor([0.5, 1]))
 */
export const cos = (x: Tensor): Tensor => {
  if (x.dtype === "int32") throw new TensorError("cos", "needs a float tensor; cast int32 first");
  return apply(cosP, [x], undefined);
};
