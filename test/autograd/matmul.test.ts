/**
 * matmul with numpy.matmul semantics against a naive triple loop written here: batch axes
 * broadcast, a 1-D left operand is a row vector and a 1-D right operand a column vector, the
 * added axis being removed from the result.
 */
import { matmul, tensor, zeros } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import {
  broadcastSource,
  expectClose,
  randArray,
  refBroadcastShape,
  rng,
  sizeOfShape,
  unravel,
} from "./helpers";

/** Naive numpy.matmul: promote 1-D operands, broadcast batch axes, triple loop, drop added axes. */
const refMatmul = (
  a: number[],
  sa: number[],
  b: number[],
  sb: number[],
): { data: number[]; shape: number[] } => {
  const a2 = sa.length === 1 ? [1, sa[0]!] : sa;
  const b2 = sb.length === 1 ? [sb[0]!, 1] : sb;
  const [m, k] = a2.slice(-2) as [number, number];
  const [k2, n] = b2.slice(-2) as [number, number];
  if (k !== k2) throw new Error("reference: inner dims");
  const ba = a2.slice(0, -2);
  const bb = b2.slice(0, -2);
  const batch = refBroadcastShape(ba, bb);
  const data: number[] = [];
  for (let t = 0; t < sizeOfShape(batch); t++) {
    const bi = unravel(t, batch);
    const offA = broadcastSource(bi, ba) * m * k;
    const offB = broadcastSource(bi, bb) * k * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[offA + i * k + p]! * b[offB + p * n + j]!;
        data.push(s);
      }
    }
  }
  let shape = [...batch, m, n];
  if (sa.length === 1) shape = [...batch, n];
  if (sb.length === 1) shape = sa.length === 1 ? [...batch] : [...batch, m];
  return { data, shape };
};

const cases: [number[], number[]][] = [
  [
    [2, 3],
    [3, 4],
  ],
  [
    [1, 1],
    [1, 1],
  ],
  [[3], [3]], // dot product → scalar
  [[3], [3, 4]], // vector @ matrix → [4]
  [[2, 3], [3]], // matrix @ vector → [2]
  [
    [5, 2, 3],
    [3, 4],
  ], // batch @ matrix
  [
    [2, 3],
    [5, 3, 4],
  ], // matrix @ batch
  [
    [5, 2, 3],
    [5, 3, 4],
  ],
  [
    [2, 1, 2, 3],
    [4, 3, 2],
  ], // batch axes [2,1] and [4] broadcast to [2,4]
  [
    [1, 2, 3],
    [6, 3, 1],
  ],
  [[3], [2, 3, 4]], // 1-D left with batched right → [2, 4]
  [[2, 4, 3], [3]], // batched left with 1-D right → [2, 4]
  [
    [0, 3],
    [3, 2],
  ], // zero rows
  [
    [2, 0],
    [0, 3],
  ], // zero inner dimension: zeros
  [
    [2, 3],
    [3, 0],
  ],
  [
    [0, 2, 3],
    [3, 2],
  ],
];

describe("matmul (numpy.matmul)", () => {
  for (const [sa, sb] of cases) {
    it(`${JSON.stringify(sa)} @ ${JSON.stringify(sb)}`, () => {
      const r = rng(sa.length * 31 + sb.length);
      const a = randArray(r, sizeOfShape(sa));
      const b = randArray(r, sizeOfShape(sb));
      const ref = refMatmul(a, sa, b, sb);
      for (const dtype of ["float64", "float32"] as const) {
        const c = matmul(tensor(a, { shape: sa, dtype }), tensor(b, { shape: sb, dtype }));
        expect(c.shape).toEqual(ref.shape);
        expect(c.dtype).toBe(dtype);
        expectClose(
          c.dataSync(),
          ref.data,
          dtype === "float64" ? 1e-13 : 1e-5,
          dtype === "float64" ? 1e-13 : 1e-5,
        );
      }
    });
  }

  it("by hand: [[1, 2], [3, 4]] @ [[5, 6], [7, 8]] = [[19, 22], [43, 50]]", () => {
    const a = tensor([
      [1, 2],
      [3, 4],
    ]);
    const b = tensor([
      [5, 6],
      [7, 8],
    ]);
    expect(matmul(a, b).toArray()).toEqual([
      [19, 22],
      [43, 50],
    ]);
    expect(matmul(tensor([1, 2]), b).toArray()).toEqual([19, 22]);
    expect(matmul(a, tensor([1, 1])).toArray()).toEqual([3, 7]);
    expect(matmul(tensor([1, 2]), tensor([3, 4])).toArray()).toBe(11);
  });

  it("int32 matmul is exact", () => {
    const a = tensor([[2, 3]], { dtype: "int32" });
    const b = tensor([[4], [5]], { dtype: "int32" });
    const c = matmul(a, b);
    expect(c.dtype).toBe("int32");
    expect(c.toArray()).toEqual([[23]]);
  });

  it("a zero inner dimension gives zeros", () => {
    expect(matmul(zeros([2, 0]), zeros([0, 3])).toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });
});
