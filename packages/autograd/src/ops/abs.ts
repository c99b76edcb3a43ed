import { prepUnary } from "../kernels";
import type { Primitive } from "../primitive";
import { fromData, type Tensor } from "../tensor";
import { apply } from "../trace";
import { mul } from "./mul";
import { sign } from "./sign";

// d|x| = sign(x)·dx
export const absP: Primitive = {
  name: "abs",
  forward: ([x]) => {
    const { a, out } = prepUnary(x!);
    for (let i = 0; i < a.length; i++) out[i] = Math.abs(a[i]!);
    return fromData(out, x!.shape);
  },
  vjp: (g, [x]) => [mul(g, sign(x))],
};

/**
 * Elementwise absolute value. NOTE: abs′(0) = 0 (PyTorch, JAX).
 *
 * @example
 * abs(tensor([0.5, 1]))
 */
export const abs = (x: Tensor): Tensor => {
  return apply(absP, [x], undefined);
};
