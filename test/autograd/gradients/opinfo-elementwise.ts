// Elementwise entries of the OpInfo table: unary and binary primitives (and a customVjp).
// Each derivative is the textbook formula (DLMF chapter cited where not elementary).
import {
  abs,
  add,
  cast,
  cos,
  customVjp,
  div,
  erf,
  exp,
  expm1,
  greater,
  log,
  log1p,
  maximum,
  minimum,
  mul,
  neg,
  pow,
  sigmoid,
  sign,
  sin,
  sqrt,
  sub,
  type Tensor,
  tanh,
  where,
} from "@tapegrad/autograd";
import { arbTensor } from "@tapegrad/gradcheck";
import type { OpInfo } from "./opinfo";
import { anyTensor, f64, pairOf, sameShape, sigma } from "./samples";

const x = anyTensor();
const positive = anyTensor({ min: 0.1, max: 3 });
export const awayFromZero = anyTensor({ avoid: { at: [0], margin: 0.25 } });
const pts = [[-2.5], [-1], [-0.3], [0], [0.7], [2]];
const posPts = [[0.1], [0.5], [1], [2.5]];
/** The indicator of a condition. */
export const ind = (c: boolean): number => (c ? 1 : 0);

// Fixed samples of a unary op: a scalar and a vector at its points (kinks included), size zero.
const unaryExamples = (points: readonly (readonly number[])[]) => {
  const vs = points.length > 0 ? points.map((p) => p[0]!) : [0.5];
  return [[f64(vs[0]!)], [f64(vs)], [f64([], [2, 0])]];
};

/** A unary entry: the op, its derivative formula, checked at `pts` and on `anyTensor()`. */
export const unary = (
  name: string,
  fn: (t: Tensor) => Tensor,
  d: (v: number) => number,
  more: Partial<OpInfo> = {},
): OpInfo => {
  const op: OpInfo = {
    name,
    group: "unary",
    fn,
    arbs: [x],
    smooth: true,
    partials: (v) => [d(v)],
    points: pts,
    ...more,
  };
  return { examples: unaryExamples(op.points!), ...op };
};

// Fixed samples of a binary op (its pair is one argument): scalars at its first point, a scalar
// against the vector of its second operands, and [0, n] against [n].
const binaryExamples = (points: readonly (readonly number[])[]) => {
  const bs = points.map((p) => p[1]!);
  return [
    [[f64(points[0]![0]!), f64(bs[0]!)]],
    [[f64(points[0]![0]!), f64(bs)]],
    [[f64([], [0, bs.length]), f64(bs)]],
  ];
};

// Binary ops take their broadcastable pair as one argument; `elementwise` is the op itself.
const binary = (
  name: string,
  op: (a: Tensor, b: Tensor) => Tensor,
  partials: OpInfo["partials"],
  more: Partial<OpInfo> = {},
): OpInfo => {
  const info: OpInfo = {
    name,
    group: "binary",
    fn: ([a, b]: Tensor[]) => op(a!, b!),
    elementwise: op,
    arbs: [pairOf()],
    smooth: true,
    partials,
    points: [
      [1, 2],
      [-3, 0.5],
    ],
    ...more,
  };
  return { examples: binaryExamples(info.points!), ...info };
};

const aSinB = customVjp(
  (a: Tensor, b: Tensor) => [mul(a, sin(b)), [a, b]] as const,
  ([a, b], g) => [mul(g, sin(b)), mul(g, mul(a, cos(b)))],
);

export const elementwiseOps: readonly OpInfo[] = [
  // ---------------------------------------------------------------- unary primitives
  unary("neg", neg, () => -1),
  unary("exp", exp, (v) => Math.exp(v)),
  unary("log", log, (v) => 1 / v, { arbs: [positive], points: posPts }),
  unary("sqrt", sqrt, (v) => 1 / (2 * Math.sqrt(v)), { arbs: [positive], points: posPts }),
  // NOTE: abs′(0) = 0 (PyTorch, JAX)
  unary("abs", abs, (v) => Math.sign(v), { kinks: [0], smooth: false }),
  unary("sign", sign, () => 0, { kinks: [0], smooth: false }),
  unary("sin", sin, (v) => Math.cos(v)),
  unary("cos", cos, (v) => -Math.sin(v)),
  unary("tanh", tanh, (v) => 1 - Math.tanh(v) ** 2),
  unary("sigmoid", sigmoid, (v) => sigma(v) * (1 - sigma(v))),
  // d erf(x)/dx = 2/√π·e^(−x²) (DLMF 7.2.1)
  unary("erf", erf, (v) => (2 / Math.sqrt(Math.PI)) * Math.exp(-v * v)),
  unary("expm1", expm1, (v) => Math.exp(v)),
  unary("log1p", log1p, (v) => 1 / (1 + v), {
    arbs: [anyTensor({ min: -0.9, max: 3 })],
    points: [[-0.5], [0], [2]],
  }),
  unary(
    "pow(x, 3)",
    (t) => pow(t, 3),
    (v) => 3 * v * v,
  ),
  unary(
    "pow(x, 2.5)",
    (t) => pow(t, 2.5),
    (v) => 2.5 * v ** 1.5,
    { arbs: [positive], points: posPts },
  ),
  unary(
    "pow(x, -1)",
    (t) => pow(t, -1),
    (v) => -1 / (v * v),
    { arbs: [awayFromZero], points: [[-2], [0.5], [3]] },
  ),
  unary(
    "pow(2, x)",
    (t) => pow(2, t),
    (v) => 2 ** v * Math.LN2,
  ),
  // cast: identity on values; checked in float32 so the cast really happens (float32 → float64).
  unary(
    "cast float32→float64",
    (t) => cast(t, "float64"),
    () => 1,
    {
      options: { dtype: "float32", atol: 1e-4, rtol: 1e-3 },
      smooth: false,
      points: [],
    },
  ),
  // x + float(int(x)): the int32 path carries no gradient, so the derivative is 1 (integers are kinks)
  unary(
    "cast through int32 (no gradient)",
    (t) => add(t, cast(cast(t, "int32"), "float64")),
    () => 1,
    {
      kinks: [-3, -2, -1, 0, 1, 2, 3],
      smooth: false,
      points: [[-1.5], [0.25], [2.75]],
    },
  ),

  // ---------------------------------------------------------------- binary primitives (broadcasting)
  binary("add", add, () => [1, 1]),
  binary("sub", sub, () => [1, -1]),
  binary("mul", mul, (a, b) => [b, a]),
  binary("div", div, (a, b) => [1 / b, -a / (b * b)], {
    arbs: [pairOf({}, { avoid: { at: [0], margin: 0.25 } })],
    points: [
      [1, 2],
      [-3, 0.5],
      [0, -1],
    ],
  }),
  // d(aᵇ) = b·aᵇ⁻¹ da + aᵇ·ln a db
  binary("pow", pow, (a, b) => [b * a ** (b - 1), a ** b * Math.log(a)], {
    arbs: [pairOf({ min: 0.2, max: 3 }, { min: -2, max: 2 })],
    points: [
      [2, 3],
      [0.5, -1.5],
      [1, 0],
    ],
  }),
  // NOTE: ties give ½ to each (NUMERICS.md)
  binary("maximum", maximum, (a, b) => [ind(a > b) + 0.5 * ind(a === b), ind(b > a) + 0.5 * ind(a === b)], {
    smooth: false,
    points: [
      [1, 2],
      [2, 1],
      [1.5, 1.5],
      [0, 0],
    ],
  }),
  binary("minimum", minimum, (a, b) => [ind(a < b) + 0.5 * ind(a === b), ind(b < a) + 0.5 * ind(a === b)], {
    smooth: false,
    points: [
      [1, 2],
      [2, 1],
      [-1.5, -1.5],
    ],
  }),
  {
    // where(c > 0, a, b): a where the condition holds, b elsewhere; c itself gets no gradient
    name: "where",
    group: "binary",
    fn: ([c, a, b]: Tensor[]) => where(greater(c!, 0), a!, b!),
    arbs: [
      pairOf().chain(([a, b]) =>
        arbTensor({ shape: a.shape, avoid: { at: [0], margin: 0.1 } }).map((c) => [c, a, b]),
      ),
    ],
    smooth: true,
    examples: [[[f64(1), f64([1, 2]), f64(3)]], [[f64([], [0, 2]), f64([], [0, 2]), f64([1, 2])]]],
  },
  // customVjp with a hand-written rule for a·sin(b): ∂/∂a = sin b, ∂/∂b = a·cos b; its bwd uses
  // tapegrad ops, so the second-order check differentiates through it.
  binary("customVjp a·sin(b)", aSinB, (a, b) => [Math.sin(b), a * Math.cos(b)], {
    group: "composite",
    arbs: [sameShape(2)],
    examples: [[[f64(0.5), f64(-2)]], [[f64([1, -3]), f64([0.5, 2])]], [[f64([], [2, 0]), f64([], [2, 0])]]],
  }),
];
