import { TensorError } from "../errors";
import { prepUnary } from "../kernels";
import type { Primitive } from "../primitive";
import { fromData, type Tensor } from "../tensor";
import { apply } from "../trace";
import { mul } from "./mul";
import { sigmoid } from "./sigmoid";

// d softplus(x) = σ(x)·dx — a primitive rather than a composite so that every derivative is
// smooth at 0 (the composite max(x, 0) + log1p(e^−|x|) has the right first derivative, ½, but
// its second derivative at 0 came out 0 instead of σ′(0) = ¼).
export const softplusP: Primitive = {
  name: "softplus",
  forward: ([x]) => {
    const { a, out } = prepUnary(x!);
    // log(1 + eˣ) = log1p(e^−|x|) + max(x, 0): no overflow for any x
    for (let i = 0; i < a.length; i++) {
      const v = a[i]!;
      out[i] = Math.log1p(Math.exp(-Math.abs(v))) + Math.max(v, 0);
    }
    return fromData(out, x!.shape);
  },
  vjp: (g, [x]) => [mul(g, sigmoid(x!))],
};

/**
 * softplus log(1 + eˣ), computed as log1p(e^−|x|) + max(x, 0): finite for any x; its
 * derivative is σ(x) (½ at 0) and every higher derivative is smooth.
 *
 * @example
 * softplus(tensor([0])) // log 2
 */
export const softplus = (x: Tensor): Tensor => {
  if (x.dtype === "int32") throw new TensorError("softplus", "needs a float tensor; cast int32 first");
  return apply(softplusP, [x], undefined);
};
