import { allocate, sameDType } from "../dtype";
import { fmtShape, TensorError } from "../errors";
import { gemm } from "../gemm";
import { broadcastIndex } from "../kernels";
import type { Primitive } from "../primitive";
import { broadcastShapes, sizeOf } from "../shape";
import { dataOf, fromData, type Tensor } from "../tensor";
import { apply } from "../trace";
import { reshape } from "./reshape";
import { transpose } from "./transpose";

const mT = (x: Tensor): Tensor => {
  const r = x.rank;
  const perm = Array.from({ length: r }, (_, i) => i);
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return transpose(x, perm);
};

// d(A·B) = dC·Bᵀ for A and Aᵀ·dC for B (batch axes summed back by the tape)
export const matmulP: Primitive = {
  name: "matmul",
  forward: ([x, y]) => {
    const dtype = sameDType("matmul", [x!.dtype, y!.dtype]);
    const ra = x!.rank;
    const rb = y!.rank;
    const m = x!.shape[ra - 2]!;
    const k = x!.shape[ra - 1]!;
    const n = y!.shape[rb - 1]!;
    const batchA = x!.shape.slice(0, ra - 2);
    const batchB = y!.shape.slice(0, rb - 2);
    const batch = broadcastShapes("matmul", batchA, batchB);
    const nb = sizeOf(batch);
    const out = allocate(dtype, nb * m * n);
    const a = dataOf(x!);
    const b = dataOf(y!);
    const ia = broadcastIndex(batch, batchA);
    const ib = broadcastIndex(batch, batchB);
    for (let i = 0; i < nb; i++) gemm(a, ia[i]! * m * k, b, ib[i]! * k * n, out, i * m * n, m, k, n);
    return fromData(out, [...batch, m, n]);
  },
  vjp: (g, [a, b]) => [matmul(g, mT(b!)), matmul(mT(a!), g)],
};

/**
 * Matrix product with NumPy `matmul` semantics: batch axes broadcast; a 1-D left operand is a
 * row vector and a 1-D right operand a column vector (the added axis is removed again).
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
  sameDType("matmul", [a.dtype, b.dtype]);
  broadcastShapes("matmul", a2.shape.slice(0, -2), b2.shape.slice(0, -2));
  const c = apply(matmulP, [a2, b2], undefined);
  if (a.rank === 1 && b.rank === 1) return reshape(c, []);
  if (a.rank === 1) return reshape(c, [...c.shape.slice(0, -2), c.shape[c.rank - 1]!]);
  if (b.rank === 1) return reshape(c, c.shape.slice(0, -1));
  return c;
};
