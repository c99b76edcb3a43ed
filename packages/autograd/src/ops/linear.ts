import { allocate } from "../dtype";
import { fmtShape, TensorError } from "../errors";
import { gemm } from "../gemm";
import type { Primitive } from "../primitive";
import { dataOf, fromData, type Tensor } from "../tensor";
import { apply } from "../trace";
import { matmulP } from "./matmul";
import { reshape } from "./reshape";
import { sum } from "./sum";

/** The number of rows of x seen as a matrix: the product of its batch axes. */
const rows = (x: Tensor): number => {
  let m = 1;
  for (let i = 0; i < x.shape.length - 1; i++) m *= x.shape[i]!;
  return m;
};

// y = x·W + b over the last axis of x. d: dx = dy·Wᵀ, dW = xᵀ·dy (batch axes flattened),
// db = Σ over the batch of dy. One kernel where matmul then add took two ops forward and the
// add's cotangent took two more (sumTo, reshape) backward; the same values bit for bit.
export const linearP: Primitive = {
  name: "linear",
  forward: ([x, w, b]) => {
    const k = w!.shape[0]!;
    const n = w!.shape[1]!;
    const m = rows(x!);
    const out = allocate(x!.dtype, m * n);
    gemm(dataOf(x!), dataOf(w!), out, m, k, n, false, false, true, b === undefined ? undefined : dataOf(b));
    return fromData(out, [...x!.shape.slice(0, -1), n]);
  },
  vjp: (g, [x, w, b], _out, _p, needs) => {
    const k = w!.shape[0]!;
    const n = w!.shape[1]!;
    const m = rows(x!);
    const g2 = reshape(g, [m, n]);
    const dx = needs[0] ? reshape(apply(matmulP, [g2, w!], { ta: false, tb: true }), x!.shape) : null;
    const dw = needs[1] ? apply(matmulP, [reshape(x!, [m, k]), g2], { ta: true, tb: false }) : null;
    const db = b !== undefined && needs[2] ? sum(g2, { axis: 0 }) : null;
    return b === undefined ? [dx, dw] : [dx, dw, db];
  },
};

/**
 * The affine map of a dense layer, `x·W + b` over the last axis of `x`, as one fused op.
 * `W` has the Keras layout (in, out); `x` is `[..., in]`, `b` (optional) is `[out]`.
 * NOTE: W is (in, out), not PyTorch `F.linear`'s (out, in).
 *
 * @example
 * linear(ones([32, 3]), ones([3, 12]), zeros([12])).shape // [32, 12]
 */
export const linear = (x: Tensor, w: Tensor, b?: Tensor): Tensor => {
  if (w.rank !== 2)
    throw new TensorError("linear", `the weight must be 2-D (in, out), got ${fmtShape(w.shape)}`);
  if (x.rank < 1 || x.shape[x.rank - 1] !== w.shape[0]) {
    throw new TensorError(
      "linear",
      `input ${fmtShape(x.shape)} does not match weight ${fmtShape(w.shape)} (in = ${w.shape[0]})`,
    );
  }
  if (b !== undefined && (b.rank !== 1 || b.shape[0] !== w.shape[1])) {
    throw new TensorError(
      "linear",
      `bias ${fmtShape(b.shape)} does not match weight ${fmtShape(w.shape)} (out = ${w.shape[1]})`,
    );
  }
  const dts = b === undefined ? [x, w] : [x, w, b];
  if (dts.some((t) => t.dtype !== x.dtype)) {
    throw new TensorError(
      "linear",
      `dtype mismatch: ${dts.map((t) => `${t.dtype} ${fmtShape(t.shape)}`).join(" vs ")}`,
    );
  }
  if (x.dtype === "int32") throw new TensorError("linear", "needs float tensors; cast int32 first");
  return apply(linearP, b === undefined ? [x, w] : [x, w, b], undefined);
};
