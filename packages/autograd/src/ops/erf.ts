import { TensorError } from "../errors";
import { prepUnary } from "../kernels";
import type { Primitive } from "../primitive";
import { erfScalar } from "../special";
import { fromData, type Tensor } from "../tensor";
import { apply } from "../trace";
import { exp } from "./exp";
import { mul } from "./mul";
import { neg } from "./neg";

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

// d(erf x) = 2/√π·e^(−x²)·dx
export const erfP: Primitive = {
  name: "erf",
  forward: ([x]) => {
    const { a, out } = prepUnary(x!);
    for (let i = 0; i < a.length; i++) out[i] = erfScalar(a[i]!);
    return fromData(out, x!.shape);
  },
  vjp: (g, [x]) => [mul(g, mul(exp(neg(mul(x, x))), TWO_OVER_SQRT_PI))],
};

/**
 * Elementwise error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt (to about 1e-15).
 *
 * @example
 * erf(tensor([0.5, 1]))
 */
export const erf = (x: Tensor): Tensor => {
  if (x.dtype === "int32") throw new TensorError("erf", "needs a float tensor; cast int32 first");
  return apply(erfP, [x], undefined);
};
