import { fmtShape, TensorError } from "../errors";
import type { Primitive } from "../primitive";
import { dataOf, fromData, type Tensor } from "../tensor";
import { apply } from "../trace";
import { div } from "./div";
import { equal } from "./equal";
import { mul } from "./mul";
import { extremumKernel, type ReduceOptions, type ReduceParams, reduceParams } from "./reduce";
import { reshape } from "./reshape";
import { sum } from "./sum";

// d min(x) = dy · [x = min(x)] / (number of ties): ties share the gradient evenly
export const minP: Primitive<ReduceParams> = {
  name: "min",
  forward: ([x], p) => fromData(extremumKernel(dataOf(x!), x!.shape, p, x!.dtype, -1), p.outShape),
  vjp: (g, [x], out, p) => {
    const mask = equal(x!, reshape(out, p.keepShape));
    const count = sum(mask, { axis: p.axes, keepdims: true });
    return [mul(mask, div(reshape(g, p.keepShape), count))];
  },
};

/**
 * The minimum over `axis` (all axes when absent), with `keepdims`. NaN propagates.
 * NOTE: the gradient is split evenly among tied elements (torch.amax, TensorFlow).
 *
 * @example
 * min(tensor([[1, 5], [3, 2]]), { axis: 1 }) // [1, 2]
 */
export const min = (x: Tensor, opts?: ReduceOptions): Tensor => {
  const p = reduceParams("min", x, opts);
  for (const a of p.axes) {
    if (x.shape[a] === 0)
      throw new TensorError("min", `cannot reduce the empty axis ${a} of shape ${fmtShape(x.shape)}`);
  }
  return apply(minP, [x], p);
};
