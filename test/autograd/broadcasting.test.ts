/**
 * NumPy broadcasting of the elementwise binary ops, against a reference written in the test
 * (helpers.refBinary: align shapes on the right; an axis of size 1 repeats).
 */
import {
  add,
  broadcastTo,
  div,
  maximum,
  minimum,
  mul,
  pow,
  sub,
  type Tensor,
  tensor,
  zeros,
} from "@tapegrad/autograd";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectClose, randArray, refBinary, rng, sizeOfShape } from "./helpers";

type Op = (a: Tensor | number, b: Tensor | number) => Tensor;
const ops: [string, Op, (x: number, y: number) => number][] = [
  ["add", add, (x, y) => x + y],
  ["sub", sub, (x, y) => x - y],
  ["mul", mul, (x, y) => x * y],
  ["div", div, (x, y) => x / y],
  ["maximum", maximum, (x, y) => Math.max(x, y)],
  ["minimum", minimum, (x, y) => Math.min(x, y)],
  ["pow", pow, (x, y) => Math.abs(x) ** y],
];

// (a, b) shape pairs covering rank differences, size-1 axes on either side, scalars, zero-size.
const pairs: [number[], number[]][] = [
  [
    [2, 3],
    [2, 3],
  ],
  [[2, 3], [3]],
  [[3], [2, 3]],
  [
    [2, 1],
    [1, 3],
  ],
  [
    [4, 1, 3],
    [2, 1],
  ],
  [[1], [5]],
  [[], [2, 2]],
  [[2, 2], []],
  [[], []],
  [
    [2, 1, 4],
    [3, 1],
  ],
  [[1, 1, 1], [2]],
  [[0], [1]],
  [[0, 3], [3]],
  [
    [2, 0],
    [2, 1],
  ],
  [
    [1, 0],
    [4, 1],
  ],
];

const run = (
  name: string,
  op: Op,
  f: (x: number, y: number) => number,
  sa: number[],
  sb: number[],
  seed: number,
) => {
  const r = rng(seed);
  const da = randArray(r, sizeOfShape(sa), 0.5, 2);
  const db = randArray(r, sizeOfShape(sb), 0.5, 2);
  const a = tensor(da, { shape: sa, dtype: "float64" });
  const b = tensor(db, { shape: sb, dtype: "float64" });
  // pow: keep bases positive so every value is real
  const ref = refBinary(da, sa, db, sb, name === "pow" ? (x, y) => x ** y : f);
  const out = op(a, b);
  expect(out.shape, `${name} ${JSON.stringify(sa)} ${JSON.stringify(sb)}`).toEqual(ref.shape);
  expect(out.dtype).toBe("float64");
  expectClose(out.dataSync(), ref.data, 1e-14, 1e-14);
};

describe("broadcasting of binary ops (NumPy rules)", () => {
  for (const [name, op, f] of ops) {
    it(`${name}: fixed shape pairs`, () => {
      pairs.forEach(([sa, sb], i) => {
        run(name, op, f, sa, sb, 17 + i);
      });
    });
  }

  it("add: random broadcastable shape pairs (fast-check)", () => {
    // Build b from a by dropping leading axes and setting some axes to 1, then maybe swap.
    const arb = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 0, maxLength: 4 }).chain((sa) =>
      fc.record({
        sa: fc.constant(sa),
        drop: fc.integer({ min: 0, max: sa.length }),
        ones: fc.array(fc.boolean(), { minLength: sa.length, maxLength: sa.length }),
        swap: fc.boolean(),
        seed: fc.integer({ min: 0, max: 1000 }),
      }),
    );
    fc.assert(
      fc.property(arb, ({ sa, drop, ones, swap, seed }) => {
        const sb = sa.map((d, i) => (ones[i] ? 1 : d)).slice(drop);
        const [x, y] = swap ? [sb, sa] : [sa, sb];
        run("add", add, (p, q) => p + q, x, y, seed);
      }),
      { numRuns: 60 },
    );
  });

  it("plain numbers broadcast as scalars of the tensor's dtype", () => {
    const x = tensor([1, 2, 3], { dtype: "float64" });
    expect(add(x, 0.5).toArray()).toEqual([1.5, 2.5, 3.5]);
    expect(sub(10, x).toArray()).toEqual([9, 8, 7]);
    expect(div(1, tensor([4], { dtype: "float64" })).toArray()).toEqual([0.25]);
    const s = add(2, 3);
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(5);
    expect(s.dtype).toBe("float32");
  });

  it("the result is symmetric in operand order for add and mul", () => {
    const a = tensor([[1], [2]]);
    const b = tensor([10, 20, 30]);
    expect(add(a, b).toArray()).toEqual(add(b, a).toArray());
    expect(mul(a, b).toArray()).toEqual([
      [10, 20, 30],
      [20, 40, 60],
    ]);
  });

  it("zero-size broadcasts give zero-size results of the broadcast shape", () => {
    expect(add(zeros([0, 3]), zeros([1, 3])).shape).toEqual([0, 3]);
    expect(mul(zeros([2, 0]), 5).shape).toEqual([2, 0]);
    expect(add(zeros([0]), zeros([])).shape).toEqual([0]);
  });

  it("broadcastTo repeats size-1 axes and adds leading ones", () => {
    const t = broadcastTo(tensor([[1], [2]]), [3, 2, 4]);
    expect(t.shape).toEqual([3, 2, 4]);
    const expected = Array.from({ length: 24 }, (_, i) => (Math.floor(i / 4) % 2) + 1);
    expect(Array.from(t.dataSync())).toEqual(expected);
    expect(broadcastTo(tensor(7), [2]).toArray()).toEqual([7, 7]);
  });

  it("maximum/minimum propagate NaN (numpy.maximum)", () => {
    const a = tensor([Number.NaN, 1, 2], { dtype: "float64" });
    const b = tensor([0, Number.NaN, 1], { dtype: "float64" });
    expect(Array.from(maximum(a, b).dataSync())).toEqual([Number.NaN, Number.NaN, 2]);
    expect(Array.from(minimum(a, b).dataSync())).toEqual([Number.NaN, Number.NaN, 1]);
    expect(Array.from(maximum(a, 5).dataSync())).toEqual([Number.NaN, 5, 5]);
    expect(Array.from(minimum(5, a).dataSync())).toEqual([Number.NaN, 1, 2]);
  });
});
