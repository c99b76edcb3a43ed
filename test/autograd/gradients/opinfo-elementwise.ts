// Elementwise entries of the OpInfo table: unary and binary primitives and the activations.
// Each derivative is the textbook formula (DLMF chapter cited where not elementary).
import {
  abs,
  add,
  cast,
  clip,
  cos,
  div,
  elu,
  erf,
  exp,
  expm1,
  gelu,
  greater,
  leakyRelu,
  log,
  log1p,
  maximum,
  minimum,
  mul,
  neg,
  pow,
  reciprocal,
  relu,
  selu,
  sigmoid,
  sign,
  silu,
  sin,
  softplus,
  sqrt,
  square,
  sub,
  type Tensor,
  tanh,
  where,
} from "@tapegrad/autograd";
import { arbTensor } from "@tapegrad/gradcheck";
import type { OpInfo } from "./opinfo";
import { anyTensor, Phi, pairOf, phi, sigma } from "./samples";

const x = anyTensor();
const positive = anyTensor({ min: 0.1, max: 3 });
const awayFromZero = anyTensor({ avoid: { at: [0], margin: 0.25 } });
const pts = [[-2.5], [-1], [-0.3], [0], [0.7], [2]];
const posPts = [[0.1], [0.5], [1], [2.5]];
// indicator
const ind = (c: boolean): number => (c ? 1 : 0);

const unary = (
  name: string,
  fn: (t: Tensor) => Tensor,
  d: (v: number) => number,
  more: Partial<OpInfo> = {},
): OpInfo => ({
  name,
  group: "unary",
  fn,
  arbs: [x],
  smooth: true,
  partials: (v) => [d(v)],
  points: pts,
  ...more,
});

// Binary ops take their broadcastable pair as one argument; `elementwise` is the op itself.
const binary = (name: string, op: (a: Tensor, b: Tensor) => Tensor) =>
  ({ name, group: "binary", fn: ([a, b]: Tensor[]) => op(a!, b!), elementwise: op }) as const;

const activation = (
  name: string,
  fn: (t: Tensor) => Tensor,
  d: (v: number) => number,
  more: Partial<OpInfo> = {},
) => unary(name, fn, d, { group: "composite", ...more });

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
const GELU_C = Math.sqrt(2 / Math.PI);

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
  {
    ...binary("add", add),
    arbs: [pairOf()],
    smooth: true,
    partials: () => [1, 1],
    points: [
      [1, 2],
      [-3, 0.5],
    ],
  },
  {
    ...binary("sub", sub),
    arbs: [pairOf()],
    smooth: true,
    partials: () => [1, -1],
    points: [
      [1, 2],
      [-3, 0.5],
    ],
  },
  {
    ...binary("mul", mul),
    arbs: [pairOf()],
    smooth: true,
    partials: (a, b) => [b, a],
    points: [
      [1, 2],
      [-3, 0.5],
    ],
  },
  {
    ...binary("div", div),
    arbs: [pairOf({}, { avoid: { at: [0], margin: 0.25 } })],
    smooth: true,
    partials: (a, b) => [1 / b, -a / (b * b)],
    points: [
      [1, 2],
      [-3, 0.5],
      [0, -1],
    ],
  },
  {
    // d(aᵇ) = b·aᵇ⁻¹ da + aᵇ·ln a db
    ...binary("pow", pow),
    arbs: [pairOf({ min: 0.2, max: 3 }, { min: -2, max: 2 })],
    smooth: true,
    partials: (a, b) => [b * a ** (b - 1), a ** b * Math.log(a)],
    points: [
      [2, 3],
      [0.5, -1.5],
      [1, 0],
    ],
  },
  {
    // NOTE: ties give ½ to each (NUMERICS.md)
    ...binary("maximum", maximum),
    arbs: [pairOf()],
    partials: (a, b) => [ind(a > b) + 0.5 * ind(a === b), ind(b > a) + 0.5 * ind(a === b)],
    points: [
      [1, 2],
      [2, 1],
      [1.5, 1.5],
      [0, 0],
    ],
  },
  {
    ...binary("minimum", minimum),
    arbs: [pairOf()],
    partials: (a, b) => [ind(a < b) + 0.5 * ind(a === b), ind(b < a) + 0.5 * ind(a === b)],
    points: [
      [1, 2],
      [2, 1],
      [-1.5, -1.5],
    ],
  },
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
  },

  // ---------------------------------------------------------------- activations (composites)
  // NOTE: relu′(0) = 0
  activation("relu", relu, (v) => ind(v > 0), { kinks: [0], smooth: false }),
  // NOTE: the derivative at 0 is the slope (PyTorch)
  activation(
    "leakyRelu",
    (t) => leakyRelu(t),
    (v) => (v > 0 ? 1 : 0.01),
    { kinks: [0], smooth: false },
  ),
  activation("leakyRelu {slope: 1.5}", leakyRelu({ slope: 1.5 }), (v) => (v > 0 ? 1 : 1.5), {
    kinks: [0],
    smooth: false,
  }),
  // elu(x) = x (x > 0), α(eˣ − 1) (x ≤ 0); derivative 1 or α·eˣ; at 0 the x ≤ 0 branch: α (PyTorch)
  activation(
    "elu",
    (t) => elu(t),
    (v) => (v > 0 ? 1 : Math.exp(v)),
    { smooth: false },
  ),
  activation("elu {alpha: 0.5}", elu({ alpha: 0.5 }), (v) => (v > 0 ? 1 : 0.5 * Math.exp(v)), {
    kinks: [0],
    smooth: false,
  }),
  // selu = λ·elu(x, α) (Klambauer et al. 2017)
  activation("selu", selu, (v) => SELU_SCALE * (v > 0 ? 1 : SELU_ALPHA * Math.exp(v)), {
    kinks: [0],
    smooth: false,
  }),
  // gelu′(x) = Φ(x) + x·φ(x)
  activation(
    "gelu",
    (t) => gelu(t),
    (v) => Phi(v) + v * phi(v),
  ),
  // d/dx ½x(1 + tanh u), u = √(2/π)(x + 0.044715x³): ½(1 + tanh u) + ½x(1 − tanh²u)·√(2/π)(1 + 3·0.044715x²)
  activation("gelu {approximate: tanh}", gelu({ approximate: "tanh" }), (v) => {
    const t = Math.tanh(GELU_C * (v + 0.044715 * v ** 3));
    return 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * GELU_C * (1 + 3 * 0.044715 * v * v);
  }),
  // softplus′ = σ
  activation("softplus", softplus, sigma),
  // silu′ = σ(x)(1 + x(1 − σ(x)))
  activation("silu", silu, (v) => sigma(v) * (1 + v * (1 - sigma(v)))),
  // NOTE: gradient 1 on the closed interval, boundaries included (PyTorch clamp)
  activation(
    "clip(x, -1, 1)",
    (t) => clip(t, -1, 1),
    (v) => ind(v >= -1 && v <= 1),
    {
      kinks: [-1, 1],
      smooth: false,
      points: [[-2], [-1], [0.3], [1], [1.5]],
    },
  ),
  activation("square", square, (v) => 2 * v),
  activation("reciprocal", reciprocal, (v) => -1 / (v * v), {
    arbs: [awayFromZero],
    points: [[-2], [0.5], [3]],
  }),
];
