import { TensorError } from "../errors";
import { prepUnary } from "../kernels";
import type { Primitive } from "../primitive";
import { fromData, type Tensor } from "../tensor";
import { apply } from "../trace";
import { add } from "./add";
import { div } from "./div";

// d(log1p x) = dx / (1 + x)
export const log1pP: Primitive = {
  name: "log1p",
  forward: ([x]) => {
    const { a, out } = prepUnary(x!);
    for (let i = 0; i < a.length; i++) out[i] = Math.log1p(a[i]!);
    return fromData(out, x!.shape);
  },
  vjp: (g, [x]) => [div(g, add(x, 1))],
};

/**
 * Elementwise log(1 + x), accurate for small x.
 *
 * @example
 * log1p(tensor([0.5, 1]))
 */
export const log1p = (x: Tensor): Tensor => {
  if (x.dtype === "int32") throw new TensorError("log1p", "needs a float tensor; cast int32 first");
  return apply(log1pP, [x], undefined);
};
