/** Shape ops against NumPy semantics, with references computed in the test by index arithmetic. */
import {
  arange,
  concat,
  expandDims,
  pad,
  reshape,
  slice,
  squeeze,
  stack,
  sumTo,
  tensor,
  transpose,
  zeros,
} from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { ravel, sizeOfShape, unravel } from "./helpers";

const iota = (shape: number[]) =>
  tensor(
    Array.from({ length: sizeOfShape(shape) }, (_, i) => i),
    { shape },
  );

/** numpy.transpose by definition: out[i₀…] = x[i_perm⁻¹…], i.e. out index j on axis a reads x axis perm[a]. */
const refTranspose = (shape: number[], perm: number[]) => {
  const outShape = perm.map((p) => shape[p]!);
  const data: number[] = [];
  for (let k = 0; k < sizeOfShape(outShape); k++) {
    const oi = unravel(k, outShape);
    const xi = new Array<number>(shape.length);
    perm.forEach((p, a) => {
      xi[p] = oi[a]!;
    });
    data.push(ravel(xi, shape));
  }
  return { data, shape: outShape };
};

/** Python's slice(begin, end, step).indices(n) for step > 0, then the taken indices. */
const pySlice = (n: number, begin: number | undefined, end: number | undefined, step = 1): number[] => {
  const norm = (v: number) => (v < 0 ? Math.max(v + n, 0) : Math.min(v, n));
  const b = begin === undefined ? 0 : norm(begin);
  const e = end === undefined ? n : norm(end);
  const out: number[] = [];
  for (let i = b; i < e; i += step) out.push(i);
  return out;
};

describe("transpose", () => {
  it("without perm reverses the axes (numpy default)", () => {
    for (const shape of [[2, 3], [2, 3, 4], [1, 2, 1, 3], [5], []]) {
      const perm = shape.map((_, i) => shape.length - 1 - i);
      const t = transpose(iota(shape));
      const ref = refTranspose(shape, perm);
      expect(t.shape).toEqual(ref.shape);
      expect(Array.from(t.dataSync())).toEqual(ref.data);
    }
  });

  it("explicit and negative permutations", () => {
    const shape = [2, 3, 4];
    for (const perm of [
      [0, 2, 1],
      [1, 0, 2],
      [2, 0, 1],
      [1, 2, 0],
      [0, 1, 2],
    ]) {
      const t = transpose(iota(shape), perm);
      const ref = refTranspose(shape, perm);
      expect(t.shape).toEqual(ref.shape);
      expect(Array.from(t.dataSync())).toEqual(ref.data);
    }
    expect(transpose(iota(shape), [-1, 0, 1]).toArray()).toEqual(transpose(iota(shape), [2, 0, 1]).toArray());
  });

  it("by hand", () => {
    expect(
      transpose(
        tensor([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      ).toArray(),
    ).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
  });
});

describe("slice (x[begin:end:step] per axis)", () => {
  it("1-D cases vs Python slicing: negatives, clamping, steps, empty", () => {
    const n = 10;
    const x = arange(n);
    const cases: [number | undefined, number | undefined, number][] = [
      [2, 8, 1],
      [2, 8, 3],
      [-3, undefined, 1],
      [-3, -1, 1],
      [undefined, -7, 2],
      [-100, 100, 1], // clamped to the whole axis
      [5, 100, 4],
      [8, 2, 1], // empty
      [10, 12, 1], // empty past the end
      [0, 10, 20],
      [-12, 3, 1],
      [3, 3, 1],
    ];
    for (const [b, e, s] of cases) {
      const t = slice(x, b === undefined ? [] : [b], [e], [s]);
      expect(Array.from(t.dataSync()), `[${b}:${e}:${s}]`).toEqual(pySlice(n, b, e, s));
    }
  });

  it("2-D: per-axis boxes, and shorter index arrays take the remaining axes whole", () => {
    const x = iota([4, 5]);
    const rows = pySlice(4, 1, -1, 1);
    const cols = pySlice(5, -4, 5, 2);
    const t = slice(x, [1, -4], [-1, 5], [1, 2]);
    expect(t.shape).toEqual([rows.length, cols.length]);
    expect(Array.from(t.dataSync())).toEqual(rows.flatMap((r) => cols.map((c) => r * 5 + c)));
    expect(slice(x, [2]).toArray()).toEqual([
      [10, 11, 12, 13, 14],
      [15, 16, 17, 18, 19],
    ]);
    expect(slice(x, [0, 0], [4, 0]).shape).toEqual([4, 0]);
  });

  it("the result is independent of later ops on the source", () => {
    const x = tensor([1, 2, 3, 4]);
    const s = slice(x, [1], [3]);
    expect(s.toArray()).toEqual([2, 3]);
    expect(x.toArray()).toEqual([1, 2, 3, 4]);
  });
});

describe("concat and stack", () => {
  it("concat along axis 0, 1 and -1 (numpy.concatenate)", () => {
    const a = tensor([
      [1, 2],
      [3, 4],
    ]);
    const b = tensor([[5, 6]]);
    expect(concat([a, b]).toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const c = tensor([[7], [8]]);
    expect(concat([a, c], { axis: 1 }).toArray()).toEqual([
      [1, 2, 7],
      [3, 4, 8],
    ]);
    expect(concat([c, a, c], { axis: -1 }).toArray()).toEqual([
      [7, 1, 2, 7],
      [8, 3, 4, 8],
    ]);
    expect(concat([tensor([1, 2]), zeros([0]), tensor([3])]).toArray()).toEqual([1, 2, 3]);
  });

  it("concat along a middle axis matches index arithmetic", () => {
    const a = iota([2, 2, 3]);
    const b = iota([2, 1, 3]);
    const t = concat([a, b], { axis: 1 });
    expect(t.shape).toEqual([2, 3, 3]);
    const expected: number[] = [];
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++)
        for (let k = 0; k < 3; k++)
          expected.push(j < 2 ? ravel([i, j, k], [2, 2, 3]) : ravel([i, 0, k], [2, 1, 3]));
    expect(Array.from(t.dataSync())).toEqual(expected);
  });

  it("stack adds a new axis (numpy.stack), negative axes count from the result's end", () => {
    const a = tensor([1, 2, 3]);
    const b = tensor([4, 5, 6]);
    expect(stack([a, b]).toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(stack([a, b], { axis: 1 }).toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(stack([a, b], { axis: -1 }).toArray()).toEqual(stack([a, b], { axis: 1 }).toArray());
    expect(stack([tensor(1), tensor(2)]).toArray()).toEqual([1, 2]);
  });
});

describe("pad (numpy.pad, mode='constant')", () => {
  it("1-D and 2-D with a value", () => {
    expect(pad(tensor([1, 2]), [[1, 2]]).toArray()).toEqual([0, 1, 2, 0, 0]);
    expect(
      pad(
        tensor([
          [1, 2],
          [3, 4],
        ]),
        [
          [0, 1],
          [2, 0],
        ],
        9,
      ).toArray(),
    ).toEqual([
      [9, 9, 1, 2],
      [9, 9, 3, 4],
      [9, 9, 9, 9],
    ]);
    expect(pad(zeros([0]), [[1, 1]], 5).toArray()).toEqual([5, 5]);
    expect(pad(tensor([1]), [[0, 0]]).toArray()).toEqual([1]);
  });
});

describe("reshape, squeeze, expandDims, sumTo", () => {
  it("reshape keeps row-major order", () => {
    expect(reshape(arange(6), [2, 3]).toArray()).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(reshape(arange(6), [3, -1]).toArray()).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect(reshape(tensor([5]), []).toArray()).toBe(5);
  });

  it("squeeze and expandDims", () => {
    expect(squeeze(zeros([1, 2, 1, 3])).shape).toEqual([2, 3]);
    expect(squeeze(zeros([1, 2, 1]), { axis: -1 }).shape).toEqual([1, 2]);
    expect(expandDims(zeros([2, 3]), 0).shape).toEqual([1, 2, 3]);
    expect(expandDims(zeros([2, 3]), -1).shape).toEqual([2, 3, 1]);
    expect(expandDims(zeros([2, 3]), 1).shape).toEqual([2, 1, 3]);
  });

  it("sumTo is the inverse of broadcasting", () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(sumTo(x, [1, 3]).toArray()).toEqual([[5, 7, 9]]);
    expect(sumTo(x, [3]).toArray()).toEqual([5, 7, 9]);
    expect(sumTo(x, [2, 1]).toArray()).toEqual([[6], [15]]);
    expect(sumTo(x, []).toArray()).toBe(21);
    expect(() => sumTo(x, [2])).toThrow(/sumTo/);
  });
});
