import { prepUnary } from "../kernels";
import type { Primitive } from "../primitive";
import { fromData, type Tensor } from "../tensor";
import { apply } from "../trace";

// d(−x) = −dx
export const negP: Primitive = {
  name: "neg",
  forward: ([x]) => {
    const { a, out } = prepUnary(x!);
    for (let i = 0; i < a.length; i++) out[i] = -a[i]!;
    return fromData(out, x!.shape);
  },
  vjp: (g, [_x]) => [neg(g)],
};

/**
 * Elementwise negation −x.
 *
 * @example
 * neg(tensor([0.5, 1]))
 */
export const neg = (x: Tensor): Tensor => {
  return apply(negP, [x], undefined);
};
