/** Gathers, one-hot, argmax and dtype semantics (cast, int32 division, comparisons, where). */
import {
  add,
  argmax,
  argmin,
  cast,
  div,
  equal,
  greater,
  greaterEqual,
  less,
  lessEqual,
  mul,
  notEqual,
  oneHot,
  take,
  takeAlongAxis,
  tensor,
  where,
  zeros,
} from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { ravel, sizeOfShape, unravel } from "./helpers";

const i32 = (v: number[] | number[][] | number[][][]) => tensor(v, { dtype: "int32" });
const iota = (shape: number[]) =>
  tensor(
    Array.from({ length: sizeOfShape(shape) }, (_, i) => i),
    { shape },
  );

describe("take (tf.gather / numpy.take with an axis)", () => {
  it("output shape x.shape[:axis] + indices.shape + x.shape[axis+1:], values by index arithmetic", () => {
    const shape = [3, 4, 2];
    const x = iota(shape);
    const idx = [
      [3, 0],
      [1, -1],
    ];
    const t = take(x, i32(idx), { axis: 1 });
    expect(t.shape).toEqual([3, 2, 2, 2]);
    const expected: number[] = [];
    for (let k = 0; k < 3 * 2 * 2 * 2; k++) {
      const [a, i, j, c] = unravel(k, [3, 2, 2, 2]) as [number, number, number, number];
      const raw = idx[i]![j]!;
      expected.push(ravel([a, raw < 0 ? raw + 4 : raw, c], shape));
    }
    expect(Array.from(t.dataSync())).toEqual(expected);
  });

  it("default axis 0, repeated indices, empty index list, scalar index tensor", () => {
    const x = tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(take(x, [2, 0, 2]).toArray()).toEqual([
      [5, 6],
      [1, 2],
      [5, 6],
    ]);
    expect(take(x, []).shape).toEqual([0, 2]);
    const s = take(x, tensor(1, { dtype: "int32" }));
    expect(s.shape).toEqual([2]);
    expect(s.toArray()).toEqual([3, 4]);
  });
});

describe("takeAlongAxis (numpy.take_along_axis)", () => {
  it("out[i, j] = x[i, idx[i, j]] along axis 1 and x[idx[i, j], j] along axis 0", () => {
    const x = tensor([
      [10, 11, 12],
      [20, 21, 22],
    ]);
    expect(
      takeAlongAxis(
        x,
        i32([
          [2, 0],
          [1, 1],
        ]),
        { axis: 1 },
      ).toArray(),
    ).toEqual([
      [12, 10],
      [21, 21],
    ]);
    expect(takeAlongAxis(x, i32([[1, 0, 1]]), { axis: 0 }).toArray()).toEqual([[20, 11, 22]]);
    // default axis is -1
    expect(takeAlongAxis(x, i32([[0], [2]])).toArray()).toEqual([[10], [22]]);
  });

  it("3-D along the middle axis", () => {
    const shape = [2, 3, 2];
    const x = iota(shape);
    const idx = [[[2, 0]], [[1, 1]]];
    const t = takeAlongAxis(x, i32(idx), { axis: 1 });
    expect(t.shape).toEqual([2, 1, 2]);
    const expected = [0, 1].flatMap((a) => [0, 1].map((c) => ravel([a, idx[a]![0]![c]!, c], shape)));
    expect(Array.from(t.dataSync())).toEqual(expected);
  });
});

describe("oneHot and argmax", () => {
  it("oneHot: shape [...indices.shape, depth], 1 at the index", () => {
    expect(oneHot(i32([0, 2, 1]), 3).toArray()).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 0],
    ]);
    const t = oneHot(i32([[1], [0]]), 2);
    expect(t.shape).toEqual([2, 1, 2]);
    expect(t.toArray()).toEqual([[[0, 1]], [[1, 0]]]);
    expect(t.dtype).toBe("float32");
    expect(oneHot(i32([1]), 2, { dtype: "float64" }).dtype).toBe("float64");
    expect(oneHot(i32([]), 4).shape).toEqual([0, 4]);
  });

  it("argmax picks the first of ties and returns int32 (numpy.argmax)", () => {
    const x = tensor([
      [1, 5, 5],
      [7, 7, 2],
      [0, 0, 0],
    ]);
    const r = argmax(x, { axis: 1 });
    expect(r.dtype).toBe("int32");
    expect(r.toArray()).toEqual([1, 0, 0]);
    // columns (1, 7, 0), (5, 7, 0), (5, 2, 0)
    expect(argmax(x, { axis: 0 }).toArray()).toEqual([1, 1, 0]);
    expect(argmax(x, { axis: -1 }).toArray()).toEqual([1, 0, 0]);
    // without axis: index into the flattened tensor; first of the two 7s
    expect(argmax(x).toArray()).toBe(3);
    expect(argmin(x, { axis: 1 }).toArray()).toEqual([0, 2, 0]);
  });

  it("argmax treats NaN as the maximum (numpy)", () => {
    expect(argmax(tensor([1, Number.NaN, 3])).toArray()).toBe(1);
    expect(argmin(tensor([1, Number.NaN, -3])).toArray()).toBe(1);
  });
});

describe("dtype semantics", () => {
  it("cast float → int32 truncates toward zero (numpy astype)", () => {
    const t = cast(tensor([1.7, -1.7, 2.5, -2.5, 0.9, -0.1], { dtype: "float64" }), "int32");
    expect(t.dtype).toBe("int32");
    expect(t.toArray()).toEqual([1, -1, 2, -2, 0, 0]);
  });

  it("cast int32 → float and between floats", () => {
    expect(cast(i32([3, -4]), "float64").toArray()).toEqual([3, -4]);
    expect(cast(tensor([0.1], { dtype: "float64" }), "float32").toArray()).toEqual([Math.fround(0.1)]);
    const x = tensor([1, 2]);
    expect(cast(x, "float32")).toBe(x);
  });

  it("int32 division truncates toward zero (C, torch trunc mode)", () => {
    const a = i32([7, -7, 7, -7, 1, 0]);
    const b = i32([2, 2, -2, -2, 3, 5]);
    const q = div(a, b);
    expect(q.dtype).toBe("int32");
    expect(q.toArray()).toEqual([3, -3, -3, 3, 0, 0]);
    expect(div(i32([9, -9]), 4).toArray()).toEqual([2, -2]);
  });

  it("comparisons give 0/1 in the operands' dtype, with broadcasting", () => {
    const a = tensor([1, 2, 3], { dtype: "float64" });
    const b = tensor([[2], [1]], { dtype: "float64" });
    const cases: [string, typeof greater, (x: number, y: number) => boolean][] = [
      ["greater", greater, (x, y) => x > y],
      ["greaterEqual", greaterEqual, (x, y) => x >= y],
      ["less", less, (x, y) => x < y],
      ["lessEqual", lessEqual, (x, y) => x <= y],
      ["equal", equal, (x, y) => x === y],
      ["notEqual", notEqual, (x, y) => x !== y],
    ];
    for (const [name, f, ref] of cases) {
      const r = f(a, b);
      expect(r.dtype, name).toBe("float64");
      expect(r.shape).toEqual([2, 3]);
      expect(r.toArray(), name).toEqual([2, 1].map((y) => [1, 2, 3].map((x) => (ref(x, y) ? 1 : 0))));
    }
    expect(greater(i32([1, 5]), 3).dtype).toBe("int32");
    expect(greater(i32([1, 5]), 3).toArray()).toEqual([0, 1]);
    expect(greater(tensor([1, 5]), 3).dtype).toBe("float32");
  });

  it("comparisons with NaN are false, except notEqual (IEEE 754)", () => {
    const n = tensor([Number.NaN]);
    expect(equal(n, n).toArray()).toEqual([0]);
    expect(notEqual(n, n).toArray()).toEqual([1]);
    expect(greater(n, 0).toArray()).toEqual([0]);
    expect(less(n, 0).toArray()).toEqual([0]);
  });

  it("comparison masks multiply straight in", () => {
    const x = tensor([-1, 2, -3, 4]);
    expect(mul(x, greater(x, 0)).toArray()).toEqual([-0, 2, -0, 4]);
    expect(add(x, mul(less(x, 0), 10)).toArray()).toEqual([9, 2, 7, 4]);
  });
});

describe("where (numpy.where)", () => {
  it("selects a where cond ≠ 0, else b, broadcasting all three", () => {
    const cond = tensor([[1], [0]]);
    const a = tensor([1, 2, 3]);
    const b = tensor(-1);
    expect(where(cond, a, b).toArray()).toEqual([
      [1, 2, 3],
      [-1, -1, -1],
    ]);
    expect(where(tensor([0, 2, -1]), 5, tensor([7, 8, 9])).toArray()).toEqual([7, 5, 5]);
    expect(where(tensor([1, 0]), tensor([1, 2]), 0).toArray()).toEqual([1, 0]);
  });

  it("the condition may be int32 while the branches are float", () => {
    expect(where(i32([0, 1]), tensor([1, 2], { dtype: "float64" }), 0).toArray()).toEqual([0, 2]);
  });

  it("NaN in the unselected branch does not leak", () => {
    const r = where(tensor([1, 0]), tensor([1, Number.NaN]), tensor([Number.NaN, 2]));
    expect(r.toArray()).toEqual([1, 2]);
  });

  it("zero-size", () => {
    expect(where(zeros([0]), zeros([0]), 1).shape).toEqual([0]);
  });
});
