import type { Primitive } from "../primitive";
import { dataOf, fromData, type Tensor } from "../tensor";
import { apply } from "../trace";
import { broadcastTo } from "./broadcastTo";
import { type ReduceOptions, type ReduceParams, reduceParams, sumKernel } from "./reduce";
import { reshape } from "./reshape";

// d Σx = broadcast(dy) over the reduced axes
export const sumP: Primitive<ReduceParams> = {
  name: "sum",
  forward: ([x], p) => fromData(sumKernel(dataOf(x!), x!.shape, p, x!.dtype), p.outShape),
  vjp: (g, [x], _out, p) => [broadcastTo(reshape(g, p.keepShape), x!.shape)],
};

/**
 * Sum over `axis` (a number, an array, or all axes when absent); `keepdims` keeps reduced axes
 * as size 1. float32 sums accumulate in float64. The sum of a size-zero tensor is 0.
 *
 * @example
 * sum(tensor([[1, 2], [3, 4]]), { axis: 0 }) // [4, 6]
 */
export const sum = (x: Tensor, opts?: ReduceOptions): Tensor =>
  apply(sumP, [x], reduceParams("sum", x, opts));
