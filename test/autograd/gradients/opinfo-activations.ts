// Activation entries of the OpInfo table (composites of the elementwise primitives), with their
// conventions at the kinks. Each derivative is the textbook formula.
import {
  clip,
  elu,
  gelu,
  leakyRelu,
  mul,
  reciprocal,
  relu,
  selu,
  silu,
  softplus,
  square,
  type Tensor,
} from "@tapegrad/autograd";
import type { OpInfo } from "./opinfo";
import { awayFromZero, ind, unary } from "./opinfo-elementwise";
import { Phi, phi, sigma } from "./samples";

const activation = (
  name: string,
  fn: (t: Tensor) => Tensor,
  d: (v: number) => number,
  more: Partial<OpInfo> = {},
) => unary(name, fn, d, { group: "composite", ...more });

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
const GELU_C = Math.sqrt(2 / Math.PI);

export const activationOps: readonly OpInfo[] = [
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
  // x·leakyRelu(x): the fused kernel's VJP gets a cotangent that depends on x, so the second-order
  // check runs (and differentiates) its composite branch; d/dx = 2x·(1 or slope)
  ...[0, 1.5].map((slope) =>
    activation(
      `x·leakyRelu(x) {slope: ${slope}}`,
      (t) => mul(t, leakyRelu(t, { slope })),
      (v) => 2 * v * (v > 0 ? 1 : slope),
      {
        kinks: [0],
        smooth: "piecewise",
      },
    ),
  ),
  // elu(x) = x (x > 0), α(eˣ − 1) (x ≤ 0); derivative 1 or α·eˣ; at 0 the x ≤ 0 branch: α (PyTorch)
  activation(
    "elu",
    (t) => elu(t),
    (v) => (v > 0 ? 1 : Math.exp(v)),
    { smooth: false },
  ),
  activation("elu {alpha: 0.5}", elu({ alpha: 0.5 }), (v) => (v > 0 ? 1 : 0.5 * Math.exp(v)), {
    kinks: [0],
    smooth: "piecewise",
  }),
  // selu = λ·elu(x, α) (Klambauer et al. 2017)
  activation("selu", selu, (v) => SELU_SCALE * (v > 0 ? 1 : SELU_ALPHA * Math.exp(v)), {
    kinks: [0],
    smooth: "piecewise",
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
