import { TensorError } from "../errors";
import { prepUnary } from "../kernels";
import type { Primitive } from "../primitive";
import { fromData, type Tensor } from "../tensor";
import { apply } from "../trace";
import { mul } from "./mul";
import { sub } from "./sub";

// dσ(x) = σ(x)(1 − σ(x))·dx
export const sigmoidP: Primitive = {
  name: "sigmoid",
  forward: ([x]) => {
    const { a, out } = prepUnary(x!);
    for (let i = 0; i < a.length; i++) {
      const v = a[i]!;
      if (v >= 0) out[i] = 1 / (1 + Math.exp(-v));
      else {
        const e = Math.exp(v);
        out[i] = e / (1 + e);
      }
    }
    return fromData(out, x!.shape);
  },
  vjp: (g, [_x], out) => [mul(g, mul(out, sub(1, out)))],
};

/**
 * Elementwise logistic function σ(x) = 1 / (1 + e^−x), computed without overflow for any x.
 *
 * @example
 * sigmoid(tensor([0.5, 1]))
 */
export const sigmoid = (x: Tensor): Tensor => {
  if (x.dtype === "int32") throw new TensorError("sigmoid", "needs a float tensor; cast int32 first");
  return apply(sigmoidP, [x], undefined);
};
