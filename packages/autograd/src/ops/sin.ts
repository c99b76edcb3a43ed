import { TensorError } from "../errors";
import { prepUnary } from "../kernels";
import type { Primitive } from "../primitive";
import { fromData, type Tensor } from "../tensor";
import { apply } from "../trace";
import { cos } from "./cos";
import { mul } from "./mul";

// d(sin x) = cos(x)·dx
export const sinP: Primitive = {
  name: "sin",
  forward: ([x]) => {
    const { a, out } = prepUnary(x!);
    for (let i = 0; i < a.length; i++) out[i] = Math.sin(a[i]!);
    return fromData(out, x!.shape);
  },
  vjp: (g, [x]) => [mul(g, cos(x))],
};

/**
 * Elementwise sine.
 *
 * @example
 * sin(tensor([0.5, 1]))
 */
export const sin = (x: Tensor): Tensor => {
  if (x.dtype === "int32") throw new TensorError("sin", "needs a float tensor; cast int32 first");
  return apply(sinP, [x], undefined);
};
