import { TensorError } from "../errors";
import { prepUnary } from "../kernels";
import type { Primitive } from "../primitive";
import { fromData, type Tensor } from "../tensor";
import { apply } from "../trace";
import { div } from "./div";

// d(log x) = dx / x
export const logP: Primitive = {
  name: "log",
  forward: ([x]) => {
    const { a, out } = prepUnary(x!);
    for (let i = 0; i < a.length; i++) out[i] = Math.log(a[i]!);
    return fromData(out, x!.shape);
  },
  vjp: (g, [x]) => [div(g, x)],
};

/**
 * Elementwise natural logarithm (−Infinity at 0, NaN below).
 *
 * @example
 * log(tensor([0.5, 1]))
 */
export const log = (x: Tensor): Tensor => {
  if (x.dtype === "int32") throw new TensorError("log", "needs a float tensor; cast int32 first");
  return apply(logP, [x], undefined);
};
