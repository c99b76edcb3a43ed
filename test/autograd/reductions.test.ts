/**
 * Reductions against a reference reduce written in the test (numpy.sum/max/min/mean/var with
 * `axis` a number, a tuple or None, `keepdims`, negative axes).
 */
import { logSumExp, max, mean, min, sum, type Tensor, tensor, variance, zeros } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { expectClose, randArray, ravel, rng, sizeOfShape, unravel } from "./helpers";

type Axis = number | number[] | undefined;

/** Reference reduction: groups elements by their index with reduced axes zeroed. */
const refReduce = (
  data: number[],
  shape: number[],
  axis: Axis,
  keepdims: boolean,
  f: (xs: number[]) => number,
): { data: number[]; shape: number[] } => {
  const rank = shape.length;
  const list = axis === undefined ? shape.map((_, i) => i) : typeof axis === "number" ? [axis] : axis;
  const axes = list.map((a) => (a < 0 ? a + rank : a));
  const keepShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const groups: number[][] = Array.from({ length: sizeOfShape(keepShape) }, () => []);
  data.forEach((v, i) => {
    const idx = unravel(i, shape).map((j, a) => (axes.includes(a) ? 0 : j));
    groups[ravel(idx, keepShape)]!.push(v);
  });
  const outShape = keepdims ? keepShape : shape.filter((_, i) => !axes.includes(i));
  return { data: groups.map(f), shape: outShape };
};

const total = (xs: number[]) => xs.reduce((s, v) => s + v, 0);
const avg = (xs: number[]) => total(xs) / xs.length;
const populationVar = (ddof: number) => (xs: number[]) => {
  const m = avg(xs);
  return total(xs.map((v) => (v - m) ** 2)) / (xs.length - ddof);
};

const shape = [2, 3, 4];
const data = randArray(rng(5), 24, -3, 3);
const x = tensor(data, { shape, dtype: "float64" });
const axisCases: Axis[] = [undefined, 0, 1, 2, -1, -2, [0, 2], [2, 0], [-1, 0], [0, 1, 2], [1, 2], []];

const check = (name: string, got: Tensor, ref: { data: number[]; shape: number[] }) => {
  expect(got.shape, name).toEqual(ref.shape);
  expectClose(got.dataSync(), ref.data, 1e-12, 1e-12);
};

describe("reductions over axis numbers, arrays, negatives, keepdims", () => {
  const fns: [string, (t: Tensor, axis: Axis, keepdims: boolean) => Tensor, (xs: number[]) => number][] = [
    ["sum", (t, axis, keepdims) => sum(t, { axis, keepdims }), total],
    ["mean", (t, axis, keepdims) => mean(t, { axis, keepdims }), avg],
    ["max", (t, axis, keepdims) => max(t, { axis, keepdims }), (xs) => Math.max(...xs)],
    ["min", (t, axis, keepdims) => min(t, { axis, keepdims }), (xs) => Math.min(...xs)],
    ["variance", (t, axis, keepdims) => variance(t, { axis, keepdims }), populationVar(0)],
    [
      "logSumExp",
      (t, axis, keepdims) => logSumExp(t, { axis, keepdims }),
      (xs) => Math.log(total(xs.map(Math.exp))),
    ],
  ];
  for (const [name, f, ref] of fns) {
    it(name, () => {
      for (const axis of axisCases) {
        for (const keepdims of [false, true]) {
          check(
            `${name} axis=${JSON.stringify(axis)} keepdims=${keepdims}`,
            f(x, axis, keepdims),
            refReduce(data, shape, axis, keepdims, ref),
          );
        }
      }
    });
  }

  it("sum by hand: [[1, 2], [3, 4]]", () => {
    const t = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(sum(t).toArray()).toBe(10);
    expect(sum(t).shape).toEqual([]);
    expect(sum(t, { axis: 0 }).toArray()).toEqual([4, 6]);
    expect(sum(t, { axis: -1, keepdims: true }).toArray()).toEqual([[3], [7]]);
    expect(sum(t, { axis: [0, 1], keepdims: true }).toArray()).toEqual([[10]]);
  });

  it("sum of size-zero axes is 0 (numpy), of a scalar is itself", () => {
    expect(sum(zeros([0])).item()).toBe(0);
    expect(sum(zeros([2, 0]), { axis: 1 }).toArray()).toEqual([0, 0]);
    expect(sum(zeros([0, 3]), { axis: 1 }).shape).toEqual([0]);
    expect(sum(tensor(4)).item()).toBe(4);
    expect(max(tensor(4)).item()).toBe(4);
  });

  it("float32 sums accumulate accurately (1e6 × 0.1 ≈ 1e5 within float32 rounding of the result)", () => {
    const t = tensor(new Float32Array(1_000_000).fill(0.1));
    // exact sum of 1e6 copies of fround(0.1), rounded once to float32
    expect(sum(t).item()).toBe(Math.fround(1e6 * Math.fround(0.1)));
  });

  it("int32 sums stay int32", () => {
    const t = tensor([1, 2, 3], { dtype: "int32" });
    expect(sum(t).dtype).toBe("int32");
    expect(sum(t).item()).toBe(6);
    expect(max(t).item()).toBe(3);
  });

  it("max/min of an empty axis is an error naming the op", () => {
    expect(() => max(zeros([0]))).toThrow(/max/);
    expect(() => min(zeros([2, 0]), { axis: 1 })).toThrow(/min/);
  });
});

describe("NaN propagation in max and min (numpy.max / numpy.min)", () => {
  const n = Number.NaN;
  it("any NaN in the reduced slice gives NaN, wherever it sits", () => {
    const t = tensor(
      [
        [n, 1, 2],
        [1, n, 2],
        [1, 2, n],
        [1, 2, 3],
      ],
      { dtype: "float64" },
    );
    expect(Array.from(max(t, { axis: 1 }).dataSync())).toEqual([n, n, n, 3]);
    expect(Array.from(min(t, { axis: 1 }).dataSync())).toEqual([n, n, n, 1]);
    expect(max(t).item()).toBeNaN();
    expect(min(t).item()).toBeNaN();
    expect(Array.from(max(t, { axis: 0 }).dataSync())).toEqual([n, n, n]);
  });

  it("±Infinity are ordinary values", () => {
    const t = tensor([-Infinity, 0, Infinity]);
    expect(max(t).item()).toBe(Infinity);
    expect(min(t).item()).toBe(-Infinity);
  });
});

describe("mean and variance", () => {
  it("mean of int32 is float (numpy gives float64; tapegrad float32)", () => {
    const t = tensor([1, 2], { dtype: "int32" });
    const m = mean(t);
    expect(m.dtype).toBe("float32");
    expect(m.item()).toBe(1.5);
    expect(
      mean(
        tensor(
          [
            [1, 2],
            [4, 4],
          ],
          { dtype: "int32" },
        ),
        { axis: 1 },
      ).toArray(),
    ).toEqual([1.5, 4]);
  });

  it("mean of an empty tensor is NaN (numpy)", () => {
    expect(mean(zeros([0])).item()).toBeNaN();
  });

  it("variance with ddof: Σ(x − x̄)²/(N − ddof); default ddof 0 (numpy.var)", () => {
    const t = tensor([1, 2, 3, 4], { dtype: "float64" });
    // x̄ = 2.5, Σ(x − x̄)² = 2.25 + 0.25 + 0.25 + 2.25 = 5
    expect(variance(t).item()).toBeCloseTo(5 / 4, 15);
    expect(variance(t, { ddof: 1 }).item()).toBeCloseTo(5 / 3, 15);
    expect(variance(t, { ddof: 2 }).item()).toBeCloseTo(5 / 2, 15);
    const rows = tensor(
      [
        [1, 3],
        [2, 6],
      ],
      { dtype: "float64" },
    );
    // per row: (1,3): mean 2, Σ = 2; (2,6): mean 4, Σ = 8
    expect(variance(rows, { axis: 1, ddof: 1 }).toArray()).toEqual([2, 8]);
    expect(variance(rows, { axis: -1, keepdims: true }).toArray()).toEqual([[1], [4]]);
    for (const ddof of [0, 1]) {
      const r = refReduce(data, shape, [0, 2], false, populationVar(ddof));
      check(`variance ddof ${ddof}`, variance(x, { axis: [0, 2], ddof }), r);
    }
  });

  it("variance of int32 is float", () => {
    const v = variance(tensor([1, 2], { dtype: "int32" }));
    expect(v.dtype).toBe("float32");
    expect(v.item()).toBe(0.25);
  });

  it("variance with ddof ≥ N is ±Infinity or NaN as numpy, never an exception; negative ddof is an error", () => {
    expect(variance(tensor([1, 2], { dtype: "float64" }), { ddof: 2 }).item()).toBe(Infinity);
    expect(() => variance(tensor([1, 2]), { ddof: -1 })).toThrow(/variance/);
  });
});
