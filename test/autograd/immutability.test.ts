/**
 * No op and no VJP changes its inputs' data (STYLE.md §11). Table-driven, one row per op (the
 * OpInfo idea): run the op, its pullback (twice, with a random cotangent) and a second-order
 * pass, snapshotting every tensor's `dataSync()` before and comparing after.
 */
import {
  abs,
  add,
  argmax,
  argmin,
  broadcastTo,
  cast,
  clip,
  concat,
  cos,
  customVjp,
  div,
  elu,
  equal,
  erf,
  exp,
  expandDims,
  expm1,
  gelu,
  greater,
  hvp,
  leakyRelu,
  less,
  log,
  log1p,
  logSoftmax,
  logSumExp,
  matmul,
  max,
  maximum,
  mean,
  min,
  minimum,
  mul,
  neg,
  oneHot,
  pad,
  pow,
  reciprocal,
  relu,
  reshape,
  selu,
  sigmoid,
  sign,
  silu,
  sin,
  slice,
  softmax,
  softplus,
  sqrt,
  square,
  squeeze,
  stack,
  stopGradient,
  sub,
  sum,
  sumTo,
  type Tensor,
  take,
  takeAlongAxis,
  tanh,
  tensor,
  transpose,
  variance,
  vjp,
  where,
} from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { randArray, rng, sizeOfShape } from "./helpers";

const rand = rng(2024);
const rnd = (shape: number[], lo = -2, hi = 2) =>
  tensor(randArray(rand, sizeOfShape(shape), lo, hi), { shape, dtype: "float64" });
const pos = (shape: number[]) => rnd(shape, 0.5, 3);
const i32 = (v: number[] | number[][]) => tensor(v, { dtype: "int32" });

type Row = [name: string, inputs: () => Tensor[], f: (xs: Tensor[]) => Tensor];

const straightThroughSign = customVjp(
  (x: Tensor) => [sign(x), x] as const,
  (_x, g) => [g],
);

const rows: Row[] = [
  // elementwise unary
  ["neg", () => [rnd([2, 3])], ([x]) => neg(x!)],
  ["exp", () => [rnd([2, 3])], ([x]) => exp(x!)],
  ["log", () => [pos([2, 3])], ([x]) => log(x!)],
  ["sqrt", () => [pos([2, 3])], ([x]) => sqrt(x!)],
  ["abs", () => [rnd([2, 3])], ([x]) => abs(x!)],
  ["sign", () => [rnd([2, 3])], ([x]) => sign(x!)],
  ["sin", () => [rnd([2, 3])], ([x]) => sin(x!)],
  ["cos", () => [rnd([2, 3])], ([x]) => cos(x!)],
  ["tanh", () => [rnd([2, 3])], ([x]) => tanh(x!)],
  ["sigmoid", () => [rnd([2, 3])], ([x]) => sigmoid(x!)],
  ["erf", () => [rnd([2, 3])], ([x]) => erf(x!)],
  ["expm1", () => [rnd([2, 3])], ([x]) => expm1(x!)],
  ["log1p", () => [pos([2, 3])], ([x]) => log1p(x!)],
  ["relu", () => [rnd([2, 3])], ([x]) => relu(x!)],
  ["leakyRelu", () => [rnd([2, 3])], ([x]) => leakyRelu(x!, { slope: 0.2 })],
  ["elu", () => [rnd([2, 3])], ([x]) => elu(x!)],
  ["selu", () => [rnd([2, 3])], ([x]) => selu(x!)],
  ["gelu", () => [rnd([2, 3])], ([x]) => gelu(x!)],
  ["gelu tanh", () => [rnd([2, 3])], ([x]) => gelu(x!, { approximate: "tanh" })],
  ["softplus", () => [rnd([2, 3])], ([x]) => softplus(x!)],
  ["silu", () => [rnd([2, 3])], ([x]) => silu(x!)],
  ["square", () => [rnd([2, 3])], ([x]) => square(x!)],
  ["reciprocal", () => [pos([2, 3])], ([x]) => reciprocal(x!)],
  ["clip", () => [rnd([2, 3])], ([x]) => clip(x!, -0.5, 0.5)],
  ["cast f64→f32", () => [rnd([2, 3])], ([x]) => cast(x!, "float32")],
  ["stopGradient", () => [rnd([2, 3])], ([x]) => mul(x!, stopGradient(x!))],
  ["customVjp", () => [rnd([2, 3])], ([x]) => straightThroughSign(x!)],
  // binary, with broadcasting and ties
  ["add", () => [rnd([2, 3]), rnd([3])], ([a, b]) => add(a!, b!)],
  ["sub", () => [rnd([2, 1]), rnd([1, 3])], ([a, b]) => sub(a!, b!)],
  ["mul", () => [rnd([2, 3]), rnd([])], ([a, b]) => mul(a!, b!)],
  ["div", () => [rnd([2, 3]), pos([2, 1])], ([a, b]) => div(a!, b!)],
  ["pow", () => [pos([2, 3]), rnd([3])], ([a, b]) => pow(a!, b!)],
  [
    "maximum (with ties)",
    () => [tensor([[1, 2, 3]], { dtype: "float64" }), rnd([2, 1], 0, 4)],
    ([a, b]) => maximum(a!, maximum(b!, a!)),
  ],
  ["minimum", () => [rnd([2, 3]), rnd([3])], ([a, b]) => minimum(a!, b!)],
  ["where", () => [rnd([2, 3]), rnd([3])], ([a, b]) => where(greater(a!, 0), a!, b!)],
  ["comparisons", () => [rnd([2, 3]), rnd([3])], ([a, b]) => add(mul(less(a!, b!), a!), equal(a!, a!))],
  ["matmul", () => [rnd([2, 3, 4]), rnd([4, 2])], ([a, b]) => matmul(a!, b!)],
  ["matmul 1-D", () => [rnd([4]), rnd([2, 4, 3])], ([a, b]) => matmul(a!, b!)],
  // the same input read twice: gradients accumulate into one buffer
  ["x·x", () => [rnd([2, 3])], ([x]) => mul(x!, x!)],
  ["x + x + x", () => [rnd([2, 3])], ([x]) => add(add(x!, x!), x!)],
  // reductions
  ["sum axis", () => [rnd([2, 3, 4])], ([x]) => sum(x!, { axis: [0, 2] })],
  ["mean", () => [rnd([2, 3])], ([x]) => mean(x!, { axis: -1, keepdims: true })],
  ["variance", () => [rnd([2, 3])], ([x]) => variance(x!, { axis: 0, ddof: 1 })],
  [
    "max (with ties)",
    () => [
      tensor(
        [
          [1, 3, 3],
          [2, 2, 0],
        ],
        { dtype: "float64" },
      ),
    ],
    ([x]) => max(x!, { axis: 1 }),
  ],
  ["min", () => [rnd([2, 3])], ([x]) => min(x!)],
  ["logSumExp", () => [rnd([2, 3])], ([x]) => logSumExp(x!, { axis: 1 })],
  ["softmax", () => [rnd([2, 3])], ([x]) => softmax(x!, { axis: 0 })],
  ["logSoftmax", () => [rnd([2, 3])], ([x]) => logSoftmax(x!)],
  // shapes
  ["reshape", () => [rnd([2, 3])], ([x]) => reshape(x!, [3, 2])],
  ["transpose", () => [rnd([2, 3, 4])], ([x]) => transpose(x!, [2, 0, 1])],
  ["broadcastTo", () => [rnd([3, 1])], ([x]) => broadcastTo(x!, [2, 3, 4])],
  ["slice", () => [rnd([4, 5])], ([x]) => slice(x!, [1, -4], [4, 5], [2, 2])],
  ["slices summed", () => [rnd([6])], ([x]) => add(slice(x!, [0], [3]), slice(x!, [2], [5]))],
  [
    "pad",
    () => [rnd([2, 2])],
    ([x]) =>
      pad(
        x!,
        [
          [1, 0],
          [0, 2],
        ],
        1,
      ),
  ],
  ["concat", () => [rnd([2, 2]), rnd([2, 3])], ([a, b]) => concat([a!, b!, a!], { axis: 1 })],
  ["stack", () => [rnd([3]), rnd([3])], ([a, b]) => stack([a!, b!], { axis: 1 })],
  ["squeeze / expandDims", () => [rnd([1, 3])], ([x]) => expandDims(squeeze(x!), 1)],
  ["sumTo", () => [rnd([4, 3])], ([x]) => sumTo(x!, [1, 3])],
  ["take (repeated indices)", () => [rnd([4, 2])], ([x]) => take(x!, [1, 3, 1, -1])],
  [
    "takeAlongAxis",
    () => [rnd([2, 3])],
    ([x]) =>
      takeAlongAxis(
        x!,
        i32([
          [2, 2],
          [0, 1],
        ]),
        { axis: 1 },
      ),
  ],
];

// Not differentiable (integer outputs): forward only.
const forwardOnly: Row[] = [
  ["argmax", () => [rnd([3, 4])], ([x]) => argmax(x!, { axis: 1 })],
  ["argmin", () => [rnd([3, 4])], ([x]) => argmin(x!)],
  ["oneHot", () => [i32([0, 2, 1])], ([x]) => oneHot(x!, 3)],
  ["cast f64→int32", () => [rnd([3])], ([x]) => cast(x!, "int32")],
];

const snap = (ts: Tensor[]) => ts.map((t) => Array.from(t.dataSync()));
const expectSame = (ts: Tensor[], before: number[][], what: string) => {
  ts.forEach((t, i) => {
    expect(Array.from(t.dataSync()), `${what} #${i}`).toEqual(before[i]);
  });
};

describe("no op and no VJP changes its inputs", () => {
  for (const [name, make, f] of rows) {
    it(name, () => {
      const xs = make();
      const before = snap(xs);

      const y = f(xs);
      expectSame(xs, before, "input after forward");

      const [y2, pullback] = vjp(f, xs);
      expect(Array.from(y2.dataSync())).toEqual(Array.from(y.dataSync()));
      const yBefore = snap([y2]);
      const ct = tensor(randArray(rand, y2.size), { shape: y2.shape.slice(), dtype: y2.dtype });
      const ctBefore = snap([ct]);

      const g1 = pullback(ct);
      const g1Before = snap(g1);
      const g2 = pullback(ct);
      expectSame(xs, before, "input after pullback");
      expectSame([ct], ctBefore, "cotangent after pullback");
      expectSame([y2], yBefore, "output after pullback");
      // the second call must neither write into the first call's results nor differ from them
      expectSame(g1, g1Before, "first gradients after a second pullback");
      expect(snap(g2)).toEqual(g1Before);

      // second order: the backward pass is itself differentiated
      const vs = xs.map((x) => tensor(randArray(rand, x.size), { shape: x.shape.slice(), dtype: x.dtype }));
      const vsBefore = snap(vs);
      hvp((zs: Tensor[]) => sum(mul(f(zs), ct)), xs, vs);
      expectSame(xs, before, "input after hvp");
      expectSame(vs, vsBefore, "tangent after hvp");
      expectSame([ct], ctBefore, "cotangent after hvp");
    });
  }

  for (const [name, make, f] of forwardOnly) {
    it(`${name} (forward only)`, () => {
      const xs = make();
      const before = snap(xs);
      f(xs);
      expectSame(xs, before, "input after forward");
    });
  }
});
