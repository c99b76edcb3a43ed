import { allocate, sameDType } from "../dtype";
import { fmtShape, TensorError } from "../errors";
import { gemm } from "../gemm";
import { broadcastIndex } from "../kernels";
import type { Primitive } from "../primitive";
import { broadcastShapes, sizeOf } from "../shape";
import { dataOf, fromData, type Tensor } from "../tensor";
import { apply } from "../trace";
import { reshape } from "./reshape";

/** @internal Which operands enter transposed (last two axes swapped). */
export interface MatmulParams {
  readonly ta: boolean;
  readonly tb: boolean;
}

const T = (ta: boolean, tb: boolean): MatmulParams => ({ ta, tb });

// C = op(A)·op(B). d: for C = A·B, dA = dC·Bᵀ and dB = Aᵀ·dC; the transposed variants follow by
// transposing these, so no VJP materializes a transpose. Batch axes are summed back by the tape.
export const matmulP: Primitive<MatmulParams> = {
  name: "matmul",
  forward: ([x, y], { ta, tb }) => {
    const dtype = sameDType("matmul", [x!.dtype, y!.dtype]);
    const ra = x!.rank;
    const rb = y!.rank;
    const m = x!.shape[ta ? ra - 1 : ra - 2]!;
    const k = x!.shape[ta ? ra - 2 : ra - 1]!;
    const n = y!.shape[tb ? rb - 2 : rb - 1]!;
    const batchA = x!.shape.slice(0, ra - 2);
    const batchB = y!.shape.slice(0, rb - 2);
    const batch = broadcastShapes("matmul", batchA, batchB);
    const nb = sizeOf(batch);
    const out = allocate(dtype, nb * m * n);
    const a = dataOf(x!);
    const b = dataOf(y!);
    const sa = m * k;
    const sb = k * n;
    const sc = m * n;
    if (nb === 1) gemm(a, b, out, m, k, n, ta, tb, true);
    else {
      const ia = broadcastIndex(batch, batchA);
      const ib = broadcastIndex(batch, batchB);
      for (let i = 0; i < nb; i++) {
        const ao = ia[i]! * sa;
        const bo = ib[i]! * sb;
        gemm(
          a.subarray(ao, ao + sa),
          b.subarray(bo, bo + sb),
          out.subarray(i * sc, (i + 1) * sc),
          m,
          k,
          n,
          ta,
          tb,
        );
      }
    }
    return fromData(out, [...batch, m, n]);
  },
  vjp: (g, [a, b], _out, { ta, tb }, needs) => {
    const da = (): Tensor => {
      if (!ta && !tb) return mm(g, b!, T(false, true));
      if (!ta && tb) return mm(g, b!, T(false, false));
      if (ta && !tb) return mm(b!, g, T(false, true));
      return mm(b!, g, T(true, true));
    };
    const db = (): Tensor => {
      if (!ta && !tb) return mm(a!, g, T(true, false));
      if (!ta && tb) return mm(g, a!, T(true, false));
      if (ta && !tb) return mm(a!, g, T(false, false));
      return mm(g, a!, T(true, true));
    };
    return [needs[0] ? da() : null, needs[1] ? db() : null];
  },
};

const mm = (a: Tensor, b: Tensor, p: MatmulParams): Tensor => apply(matmulP, [a, b], p);

/**
 * Matrix product with NumPy `matmul` semantics: batch axes broadcast; a 1-D left operand is a
 * row vector and a 1-D right operand a column vector (the added axis is removed again).
 * Products of 16³ multiply-adds or more run a WebAssembly SIMD kernel.
 *
 * @example
 * matmul(ones([2, 3]), ones([3, 4])).shape // [2, 4]
 */
export const matmul = (a: Tensor, b: Tensor): Tensor => {
  if (a.rank === 0 || b.rank === 0) {
    throw new TensorError(
      "matmul",
      `operands must have rank ≥ 1, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`,
    );
  }
  const a2 = a.rank === 1 ? reshape(a, [1, a.shape[0]!]) : a;
  const b2 = b.rank === 1 ? reshape(b, [b.shape[0]!, 1]) : b;
  const k1 = a2.shape[a2.rank - 1]!;
  const k2 = b2.shape[b2.rank - 2]!;
  if (k1 !== k2) {
    throw new TensorError(
      "matmul",
      `inner dimensions differ: ${fmtShape(a.shape)} @ ${fmtShape(b.shape)} (${k1} vs ${k2})`,
    );
  }
  if (a.dtype !== b.dtype) {
    throw new TensorError(
      "matmul",
      `dtype mismatch: ${a.dtype} ${fmtShape(a.shape)} vs ${b.dtype} ${fmtShape(b.shape)}`,
    );
  }
  const ba = a2.shape.slice(0, -2);
  const bb = b2.shape.slice(0, -2);
  const n = Math.max(ba.length, bb.length);
  for (let i = 0; i < n; i++) {
    const da = ba[ba.length - n + i] ?? 1;
    const db = bb[bb.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new TensorError(
        "matmul",
        `batch axes of ${fmtShape(a.shape)} and ${fmtShape(b.shape)} do not broadcast`,
      );
    }
  }
  const c = mm(a2, b2, T(false, false));
  if (a.rank === 1 && b.rank === 1) return reshape(c, []);
  if (a.rank === 1) return reshape(c, [...c.shape.slice(0, -2), c.shape[c.rank - 1]!]);
  if (b.rank === 1) return reshape(c, c.shape.slice(0, -1));
  return c;
};
