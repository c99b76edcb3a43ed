import type { Tensor } from "../tensor";
import { add } from "./add";
import { equal } from "./equal";
import { mul } from "./mul";

/**
 * @internal The cotangents of an elementwise max or min: the winner takes g, a tie gives ½ to each
 * (NUMERICS.md). `wins(a, b)` is `greater` for maximum and `less` for minimum.
 */
export const tieSplit = (
  g: Tensor,
  a: Tensor,
  b: Tensor,
  wins: (x: Tensor, y: Tensor) => Tensor,
): [Tensor, Tensor] => {
  const half = mul(equal(a, b), 0.5);
  return [mul(g, add(wins(a, b), half)), mul(g, add(wins(b, a), half))];
};
