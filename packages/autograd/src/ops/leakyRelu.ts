import { TensorError } from "../errors";
import { prepUnary } from "../kernels";
import type { Primitive } from "../primitive";
import { dataOf, fromData, type Tensor } from "../tensor";
import { apply } from "../trace";
import { leakyReluGradWasm, leakyReluWasm, WASM_ELEMENTWISE_MIN } from "../wasm/elementwise";
import { lessEqual } from "./lessEqual";
import { mul } from "./mul";
import { where } from "./where";

// d leakyRelu(x) = dx for x > 0, slope·dx otherwise (relu: slope 0, so relu′(0) = 0).
// A fused kernel for relu and leakyRelu: one pass forward, one pass backward, where the
// composite `where(lessEqual(x, 0), mul(x, slope), x)` took three; same values and gradients, bit for bit
// (tested in test/autograd/kernels/fused.test.ts).
type F = Float32Array; // (or Float64Array: int32 never reaches the kernels)

export const leakyReluP: Primitive<number> = {
  name: "leakyRelu",
  forward: ([x], slope0) => {
    const { a, out } = prepUnary(x!);
    const slope = x!.dtype === "float32" ? Math.fround(slope0) : slope0; // as mul lifts it
    // NaN propagates (x ≤ 0 is false for NaN), as PyTorch and JAX.
    const fast = a.length >= WASM_ELEMENTWISE_MIN && leakyReluWasm(a as F, out as F, slope);
    if (fast) return fromData(out, x!.shape);
    if (slope === 0)
      for (let i = 0; i < a.length; i++) out[i] = Math.max(a[i]!, 0); // max(NaN, 0) is NaN, max(-0, 0) is 0
    else for (let i = 0; i < a.length; i++) out[i] = a[i]! <= 0 ? a[i]! * slope : a[i]!;
    return fromData(out, x!.shape);
  },
  vjp: (g, [x], _out, slope) => {
    if (g._tr !== null || x!._tr !== null || g.dtype !== x!.dtype) {
      // Being differentiated itself: the composite form, built from differentiable ops.
      return [where(lessEqual(x!, 0), slope === 0 ? 0 : mul(g, slope), g)];
    }
    const gd = dataOf(g);
    const { a, out } = prepUnary(x!);
    const s = x!.dtype === "float32" ? Math.fround(slope) : slope;
    const fast = a.length >= WASM_ELEMENTWISE_MIN && leakyReluGradWasm(a as F, gd as F, out as F, s);
    if (fast) return [fromData(out, x!.shape)];
    if (slope === 0) for (let i = 0; i < a.length; i++) out[i] = a[i]! <= 0 ? 0 : gd[i]!;
    else for (let i = 0; i < a.length; i++) out[i] = a[i]! <= 0 ? gd[i]! * s : gd[i]!;
    return [fromData(out, x!.shape)];
  },
};

/** @internal The fused kernel behind `relu` and `leakyRelu`. */
export const leakyReluFused = (x: Tensor, slope: number): Tensor => {
  if (x.dtype === "int32")
    throw new TensorError(slope === 0 ? "relu" : "leakyRelu", "needs a float tensor; cast int32 first");
  return apply(leakyReluP, [x], slope);
};
