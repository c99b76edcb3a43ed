import { prepUnary } from "../kernels";
import type { Primitive } from "../primitive";
import { fromData, type Tensor } from "../tensor";
import { apply } from "../trace";

// d sign(x) = 0
export const signP: Primitive = {
  name: "sign",
  forward: ([x]) => {
    const { a, out } = prepUnary(x!);
    for (let i = 0; i < a.length; i++) out[i] = Math.sign(a[i]!);
    return fromData(out, x!.shape);
  },
  vjp: (_g, [_x]) => [null],
};

/**
 * Elementwise sign: −1, 0 or 1 (gradient zero everywhere).
 *
 * @example
 * sign(tensor([0.5, 1]))
 */
export const sign = (x: Tensor): Tensor => {
  return apply(signP, [x], undefined);
};
