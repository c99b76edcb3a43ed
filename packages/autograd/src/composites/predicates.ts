import { abs } from "../ops/abs";
import { less } from "../ops/less";
import type { Tensor } from "../tensor";

/** @internal 1 where x is finite (not ±Infinity or NaN), else 0. */
export const isFinite_ = (x: Tensor): Tensor => less(abs(x), Number.POSITIVE_INFINITY);
