import { TensorError } from "../errors";
import { prepUnary } from "../kernels";
import type { Primitive } from "../primitive";
import { fromData, type Tensor } from "../tensor";
import { apply } from "../trace";
import { mul } from "./mul";
import { sub } from "./sub";

// d(tanh x) = (1 − tanh²x)·dx
export const tanhP: Primitive = {
  name: "tanh",
  forward: ([x]) => {
    const { a, out } = prepUnary(x!);
    for (let i = 0; i < a.length; i++) out[i] = Math.tanh(a[i]!);
    return fromData(out, x!.shape);
  },
  vjp: (g, [_x], out) => [mul(g, sub(1, mul(out, out)))],
};

/**
 * Elementwise hyperbolic tangent.
 *
 * @example
 * tanh(tensor([0.5, 1]))
 */
export const tanh = (x: Tensor): Tensor => {
  if (x.dtype === "int32") throw new TensorError("tanh", "needs a float tensor; cast int32 first");
  return apply(tanhP, [x], undefined);
};
