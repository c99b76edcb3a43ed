// Structural entries of the OpInfo table: reductions, shape ops, matmul and the reducing
// composites. Parameters that depend on the sample's shape are computed from it inside `fn`.
import {
  add,
  broadcastTo,
  concat,
  expandDims,
  linear,
  logSoftmax,
  logSumExp,
  matmul,
  max,
  mean,
  min,
  pad,
  type ReduceOptions,
  reshape,
  slice,
  softmax,
  squeeze,
  stack,
  sum,
  sumTo,
  type Tensor,
  take,
  takeAlongAxis,
  transpose,
  variance,
} from "@tapegrad/autograd";
import { arbShape, arbTensor } from "@tapegrad/gradcheck";
import type { OpInfo } from "./opinfo";
import {
  alongAxisSample,
  anyTensor,
  concatPair,
  f64,
  i32,
  linearTriple,
  matmulPair,
  rotatePerm,
  sameShape,
  shapeWitness,
  withBroadcastTarget,
  withSumToTarget,
} from "./samples";

const rank2 = anyTensor({ minRank: 2 });
const rank2NonEmpty = anyTensor({ minRank: 2, allowZero: false });
const axisVariants: readonly (ReduceOptions & { label: string })[] = [
  { label: "all axes" },
  { label: "{axis: 0}", axis: 0 },
  { label: "{axis: -1, keepdims}", axis: -1, keepdims: true },
  { label: "{axis: [0, -1]}", axis: [0, -1] },
];

const reductions = (
  name: string,
  fn: (t: Tensor, o: ReduceOptions) => Tensor,
  group: OpInfo["group"],
  more: Partial<OpInfo> = {},
): OpInfo[] =>
  axisVariants.map(({ label, ...o }) => ({
    name: `${name} ${label}`,
    group,
    fn: (t: Tensor) => fn(t, o),
    arbs: [rank2],
    smooth: true,
    ...more,
  }));

// The number of elements each output of a reduction over `axis` sums.
const reducedCount = (t: Tensor, axis: ReduceOptions["axis"]): number => {
  if (axis === undefined) return t.size;
  const axes = (typeof axis === "number" ? [axis] : axis).map((a) => (a < 0 ? a + t.rank : a));
  return axes.reduce((n, a) => n * t.shape[a]!, 1);
};

const ints = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

/** A shape op (linear, so smooth) on one tensor of any shape unless `more` says otherwise. */
const shapeOp = (name: string, fn: OpInfo["fn"], more: Partial<OpInfo> = {}): OpInfo => ({
  name,
  group: "shape",
  fn,
  arbs: [anyTensor()],
  smooth: true,
  ...more,
});

const scalar = [f64(2)];
const six = [1, 2, 3, 4, 5, 6];
const empty = (...shape: number[]) => f64([], shape);

export const structuralOps: readonly OpInfo[] = [
  // ---------------------------------------------------------------- reductions (primitives)
  ...reductions("sum", sum, "reduction", { examples: [[empty(0, 3)], [empty(3, 0)]] }),
  // max/min: ties split the gradient evenly; k-way ties (k > 2) are kinks the checker flags.
  ...reductions("max", max, "reduction", { arbs: [rank2NonEmpty], smooth: false }),
  ...reductions("min", min, "reduction", { arbs: [rank2NonEmpty], smooth: false }),

  // ---------------------------------------------------------------- reducing composites
  // mean of a size-zero reduction is NaN (NumPy): non-empty samples only
  ...reductions("mean", mean, "composite", { arbs: [rank2NonEmpty] }),
  ...[0, 1].flatMap((ddof) =>
    reductions(`variance ddof=${ddof}`, (t, o) => variance(t, { ...o, ddof }), "composite", {
      arbs: [rank2NonEmpty],
      options: {
        precondition: (t: Tensor) => reducedCount(t, [0, -1]) > ddof && t.shape.every((d) => d > ddof),
      },
    }),
  ),
  ...reductions("logSumExp", logSumExp, "composite", { arbs: [rank2NonEmpty] }),
  // over an empty axis softmax is the (empty) input itself
  ...[-1, 0].flatMap((axis): OpInfo[] =>
    (
      [
        ["softmax", softmax],
        ["logSoftmax", logSoftmax],
      ] as const
    ).map(([name, f]) => ({
      name: `${name} {axis: ${axis}}`,
      group: "composite",
      fn: (t: Tensor) => f(t, { axis }),
      arbs: [anyTensor({ minRank: 1, allowZero: false })],
      smooth: true,
      examples: [[empty(2, 0)], [empty(0, 3)]],
    })),
  ),
  {
    name: "sumTo",
    group: "composite",
    fn: ([t, target]: Tensor[]) => sumTo(t!, target!.shape),
    arbs: [withSumToTarget()],
    smooth: true,
    examples: [[[empty(0, 3), shapeWitness([3])]], [[f64([1, 2, 3, 4], [2, 2]), shapeWitness([])]]],
  },

  // ---------------------------------------------------------------- shape ops
  shapeOp("reshape [-1]", (t: Tensor) => reshape(t, [-1]), { examples: [scalar, [empty(0, 3)]] }),
  shapeOp("reshape reversed shape", (t: Tensor) => reshape(t, [...t.shape].reverse()), {
    examples: [scalar, [empty(0, 3)]],
  }),
  shapeOp("transpose (reverse)", (t: Tensor) => transpose(t), { examples: [scalar, [empty(2, 0)]] }),
  shapeOp("transpose rotate", (t: Tensor) => transpose(t, rotatePerm(t.rank)), {
    arbs: [anyTensor({ minRank: 1 })],
    examples: [[empty(0, 3, 2)]],
  }),
  shapeOp("broadcastTo", ([t, target]: Tensor[]) => broadcastTo(t!, target!.shape), {
    arbs: [withBroadcastTarget()],
    examples: [[[f64(2), shapeWitness([2, 3])]], [[f64([1, 2, 3]), shapeWitness([0, 3])]]],
  }),
  shapeOp(
    "slice begin 1, step 2",
    (t: Tensor) =>
      slice(
        t,
        ints(t.rank, () => 1),
        undefined,
        ints(t.rank, () => 2),
      ),
    { arbs: [anyTensor({ minRank: 1 })], examples: [[empty(0, 3)]] },
  ),
  shapeOp("slice [-5:-1:3] on axis 0", (t: Tensor) => slice(t, [-5], [-1], [3]), {
    arbs: [anyTensor({ minRank: 1, maxDim: 6 })],
  }),
  // size-zero parts, alone or beside non-empty ones
  ...[0, -1].map((axis) => {
    const [none, some] = axis === 0 ? [empty(0, 2), f64(six, [3, 2])] : [empty(2, 0), f64(six, [2, 3])];
    return shapeOp(`concat {axis: ${axis}}`, ([a, b]: Tensor[]) => concat([a!, b!, a!], { axis }), {
      arbs: [concatPair(axis)],
      examples: [[[none, some]], [[some, none]], [[none, none]]],
    });
  }),
  ...[0, -1].map((axis) =>
    shapeOp(`stack {axis: ${axis}}`, ([a, b]: Tensor[]) => stack([a!, b!], { axis }), {
      arbs: [sameShape(2)],
      examples: [[[f64(1), f64(2)]], [[empty(0), empty(0)]]],
    }),
  ),
  shapeOp(
    "pad [[i mod 3, 2], …] value 0.5",
    (t: Tensor) =>
      pad(
        t,
        Array.from({ length: t.rank }, (_, i) => [i % 3, 2] as const),
        0.5,
      ),
    { examples: [scalar, [empty(0, 2)]] },
  ),
  // repeated indices: the gradient accumulates
  shapeOp(
    "take [0, n−1, 0] {axis: -1}",
    (t: Tensor) => {
      const n = t.shape[t.rank - 1]!;
      return take(t, n === 0 ? [] : [0, n - 1, 0, -1], { axis: -1 });
    },
    { arbs: [anyTensor({ minRank: 1 })], examples: [[empty(2, 0)], [f64([1, 2, 3])]] },
  ),
  // a dense and a sparse (gather) cotangent accumulate into the same input
  shapeOp(
    "x + take(x, reversed, {axis: -1})",
    (t: Tensor) => {
      const n = t.shape[t.rank - 1]!;
      return add(
        t,
        take(
          t,
          ints(n, (i) => n - 1 - i),
          { axis: -1 },
        ),
      );
    },
    { arbs: [anyTensor({ minRank: 1 })], examples: [[empty(2, 0)], [f64([1, 2, 3])]] },
  ),
  shapeOp("take 2-D int32 indices {axis: 0}", ([t, idx]: Tensor[]) => take(t!, idx!, { axis: 0 }), {
    arbs: [
      arbShape({ minRank: 1, allowZero: false }).chain((s) =>
        arbTensor({ shape: s }).chain((t) =>
          arbTensor({ shape: [2, 3], dtype: "int32", min: -s[0]!, max: s[0]! - 1 }).map((i) => [t, i]),
        ),
      ),
    ],
    examples: [[[empty(3, 0), i32([0, -1, 2, 1, 1, -3], [2, 3])]]],
  }),
  shapeOp("takeAlongAxis {axis: -1}", ([t, idx]: Tensor[]) => takeAlongAxis(t!, idx!, { axis: -1 }), {
    arbs: [alongAxisSample],
    examples: [
      [[f64([1, 2, 3]), i32([2, 0, 2, -1])]],
      [[f64(six, [2, 3]), i32([], [2, 0])]],
      [[empty(0, 3), i32([], [0, 2])]],
    ],
  }),
  shapeOp("squeeze (all size-1 axes)", (t: Tensor) => squeeze(t), {
    arbs: [anyTensor({ maxDim: 2 })],
    examples: [scalar, [empty(1, 0, 1)]],
  }),
  ...[0, -1].map((axis) =>
    shapeOp(`expandDims ${axis}`, (t: Tensor) => expandDims(t, axis), { examples: [scalar, [empty(0)]] }),
  ),

  // ---------------------------------------------------------------- matmul
  {
    name: "matmul (1-D operands, batch broadcasting, zero extents)",
    group: "matmul",
    fn: ([a, b]: Tensor[]) => matmul(a!, b!),
    arbs: [matmulPair],
    smooth: true,
    numRuns: 60,
    examples: [[[empty(2, 0), empty(0, 3)]], [[f64([1, 2]), f64([3, 4])]]],
  },
  {
    name: "linear (x·W + b, batch axes, zero extents)",
    group: "matmul",
    fn: ([x, w, b]: Tensor[]) => linear(x!, w!, b!),
    arbs: [linearTriple],
    smooth: true,
    numRuns: 40,
    examples: [
      [[empty(2, 0), empty(0, 3), f64([1, 2, 3])]],
      [[f64([1, 2]), f64(six, [2, 3]), f64([1, 2, 3])]],
    ],
  },
];
