// Structural entries of the OpInfo table: reductions, shape ops, matmul and the reducing
// composites. Parameters that depend on the sample's shape are computed from it inside `fn`.
import {
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
  linearTriple,
  matmulPair,
  rotatePerm,
  sameShape,
  withBroadcastTarget,
  withSumToTarget,
} from "./samples";

const rank2 = anyTensor({ minRank: 2 });
const rank2NonEmpty = anyTensor({ minRank: 2, allowZero: false });
const _nonEmpty = anyTensor({ allowZero: false });
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

export const structuralOps: readonly OpInfo[] = [
  // ---------------------------------------------------------------- reductions (primitives)
  ...reductions("sum", sum, "reduction"),
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
  ...[-1, 0].flatMap((axis): OpInfo[] => [
    {
      name: `softmax {axis: ${axis}}`,
      group: "composite",
      fn: (t: Tensor) => softmax(t, { axis }),
      arbs: [anyTensor({ minRank: 1, allowZero: false })],
      smooth: true,
    },
    {
      name: `logSoftmax {axis: ${axis}}`,
      group: "composite",
      fn: (t: Tensor) => logSoftmax(t, { axis }),
      arbs: [anyTensor({ minRank: 1, allowZero: false })],
      smooth: true,
    },
  ]),
  {
    name: "sumTo",
    group: "composite",
    fn: ([t, target]: Tensor[]) => sumTo(t!, target!.shape),
    arbs: [withSumToTarget()],
    smooth: true,
  },

  // ---------------------------------------------------------------- shape ops
  {
    name: "reshape [-1]",
    group: "shape",
    fn: (t: Tensor) => reshape(t, [-1]),
    arbs: [anyTensor()],
    smooth: true,
  },
  {
    name: "reshape reversed shape",
    group: "shape",
    fn: (t: Tensor) => reshape(t, [...t.shape].reverse()),
    arbs: [anyTensor()],
    smooth: true,
  },
  {
    name: "transpose (reverse)",
    group: "shape",
    fn: (t: Tensor) => transpose(t),
    arbs: [anyTensor()],
    smooth: true,
  },
  {
    name: "transpose rotate",
    group: "shape",
    fn: (t: Tensor) => transpose(t, rotatePerm(t.rank)),
    arbs: [anyTensor({ minRank: 1 })],
    smooth: true,
  },
  {
    name: "broadcastTo",
    group: "shape",
    fn: ([t, target]: Tensor[]) => broadcastTo(t!, target!.shape),
    arbs: [withBroadcastTarget()],
    smooth: true,
  },
  {
    name: "slice begin 1, step 2",
    group: "shape",
    fn: (t: Tensor) =>
      slice(
        t,
        ints(t.rank, () => 1),
        undefined,
        ints(t.rank, () => 2),
      ),
    arbs: [anyTensor({ minRank: 1 })],
    smooth: true,
  },
  {
    name: "slice [-5:-1:3] on axis 0",
    group: "shape",
    fn: (t: Tensor) => slice(t, [-5], [-1], [3]),
    arbs: [anyTensor({ minRank: 1, maxDim: 6 })],
    smooth: true,
  },
  ...[0, -1].map(
    (axis): OpInfo => ({
      name: `concat {axis: ${axis}}`,
      group: "shape",
      fn: ([a, b]: Tensor[]) => concat([a!, b!, a!], { axis }),
      arbs: [concatPair(axis)],
      smooth: true,
    }),
  ),
  ...[0, -1].map(
    (axis): OpInfo => ({
      name: `stack {axis: ${axis}}`,
      group: "shape",
      fn: ([a, b]: Tensor[]) => stack([a!, b!], { axis }),
      arbs: [sameShape(2)],
      smooth: true,
    }),
  ),
  {
    name: "pad [[i mod 3, 2], …] value 0.5",
    group: "shape",
    fn: (t: Tensor) =>
      pad(
        t,
        Array.from({ length: t.rank }, (_, i) => [i % 3, 2] as const),
        0.5,
      ),
    arbs: [anyTensor()],
    smooth: true,
  },
  {
    // repeated indices: the gradient accumulates
    name: "take [0, n−1, 0] {axis: -1}",
    group: "shape",
    fn: (t: Tensor) => {
      const n = t.shape[t.rank - 1]!;
      return take(t, n === 0 ? [] : [0, n - 1, 0, -1], { axis: -1 });
    },
    arbs: [anyTensor({ minRank: 1 })],
    smooth: true,
  },
  {
    name: "take 2-D int32 indices {axis: 0}",
    group: "shape",
    fn: ([t, idx]: Tensor[]) => take(t!, idx!, { axis: 0 }),
    arbs: [
      arbShape({ minRank: 1, allowZero: false }).chain((s) =>
        arbTensor({ shape: s }).chain((t) =>
          arbTensor({ shape: [2, 3], dtype: "int32", min: -s[0]!, max: s[0]! - 1 }).map((i) => [t, i]),
        ),
      ),
    ],
    smooth: true,
  },
  {
    name: "takeAlongAxis {axis: -1}",
    group: "shape",
    fn: ([t, idx]: Tensor[]) => takeAlongAxis(t!, idx!, { axis: -1 }),
    arbs: [alongAxisSample],
    smooth: true,
  },
  {
    name: "squeeze (all size-1 axes)",
    group: "shape",
    fn: (t: Tensor) => squeeze(t),
    arbs: [anyTensor({ maxDim: 2 })],
    smooth: true,
  },
  ...[0, -1].map(
    (axis): OpInfo => ({
      name: `expandDims ${axis}`,
      group: "shape",
      fn: (t: Tensor) => expandDims(t, axis),
      arbs: [anyTensor()],
      smooth: true,
    }),
  ),

  // ---------------------------------------------------------------- matmul
  {
    name: "matmul (1-D operands, batch broadcasting, zero extents)",
    group: "matmul",
    fn: ([a, b]: Tensor[]) => matmul(a!, b!),
    arbs: [matmulPair],
    smooth: true,
    numRuns: 60,
  },
  {
    name: "linear (x·W + b, batch axes, zero extents)",
    group: "matmul",
    fn: ([x, w, b]: Tensor[]) => linear(x!, w!, b!),
    arbs: [linearTriple],
    smooth: true,
    numRuns: 40,
  },
];
