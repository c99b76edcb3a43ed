import { TensorError } from "../errors";
import { prepUnary } from "../kernels";
import type { Primitive } from "../primitive";
import { fromData, type Tensor } from "../tensor";
import { apply } from "../trace";
import { div } from "./div";
import { mul } from "./mul";

// d(√x) = dx / (2√x)
export const sqrtP: Primitive = {
  name: "sqrt",
  forward: ([x]) => {
    const { a, out } = prepUnary(x!);
    for (let i = 0; i < a.length; i++) out[i] = Math.sqrt(a[i]!);
    return fromData(out, x!.shape);
  },
  vjp: (g, [_x], out) => [div(g, mul(out, 2))],
};

/**
 * Elementwise square root.
 *
 * @example
 * sqrt(tensor([0.5, 1]))
 */
export const sqrt = (x: Tensor): Tensor => {
  if (x.dtype === "int32") throw new TensorError("sqrt", "needs a float tensor; cast int32 first");
  return apply(sqrtP, [x], undefined);
};
