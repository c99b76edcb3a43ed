import {
  elu,
  gelu,
  grad,
  key,
  leakyRelu,
  logSoftmax,
  relu,
  selu,
  sigmoid,
  silu,
  softmax,
  softplus,
  sum,
  type Tensor,
  tanh,
} from "@tapegrad/autograd";
import { arbShape, arbTensor, gradientProperty } from "@tapegrad/gradcheck";
import { asLayer, serial } from "@tapegrad/layers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allFinite, expectClose, f64, flat } from "./helpers";

// Abramowitz–Stegun 7.1.26 is too coarse for a reference; erf by its Maclaurin series (|x| ≤ 3).
const erf = (x: number): number => {
  let term = x;
  let s = x;
  for (let n = 1; n < 80; n++) {
    term *= (-x * x) / n;
    s += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * s;
};
const sig = (x: number) => 1 / (1 + Math.exp(-x));
const SELU_A = 1.6732632423543772;
const SELU_L = 1.0507009873554805;

type Act = (x: Tensor) => Tensor;
// [name, activation, elementwise reference (NUMERICS.md, Activations), kinks]
const elementwise: [string, Act, (x: number) => number, number[]][] = [
  ["relu", relu, (x) => Math.max(x, 0), [0]],
  ["leakyRelu", leakyRelu, (x) => (x >= 0 ? x : 0.01 * x), [0]],
  ["leakyRelu({ slope: 2 })", leakyRelu({ slope: 2 }), (x) => (x >= 0 ? x : 2 * x), [0]],
  ["elu", elu, (x) => (x > 0 ? x : Math.expm1(x)), []], // C¹ at 0 for α = 1
  ["selu", selu, (x) => SELU_L * (x > 0 ? x : SELU_A * Math.expm1(x)), [0]],
  ["gelu", gelu, (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)), []],
  [
    "gelu({ approximate: 'tanh' })",
    gelu({ approximate: "tanh" }),
    (x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))),
    [],
  ],
  ["softplus", softplus, (x) => Math.log1p(Math.exp(-Math.abs(x))) + Math.max(x, 0), []],
  ["silu", silu, (x) => x * sig(x), []],
  ["sigmoid", sigmoid, sig, []],
  ["tanh", tanh, Math.tanh, []],
];
const XS = [-2.5, -1, -0.3, 0, 0.2, 1, 2.75];

describe.each(elementwise)("%s as a layer", (_name, act, ref, kinks) => {
  it("matches its formula, used directly in serial", () => {
    const model = serial(act);
    const { params, outputShape } = model.init(key(0), [7]);
    expect(outputShape).toEqual([7]);
    expectClose(model.apply(params, f64([XS])), XS.map(ref), 1e-12);
  });

  it("has float64 gradients that match finite differences (off its kinks)", () => {
    const layer = asLayer(act);
    fc.assert(
      gradientProperty(
        (x: Tensor) => layer.apply({}, x),
        [arbTensor({ avoid: { at: kinks, margin: 1e-3 } })],
        {
          autoKinks: false,
        },
      ),
      { numRuns: 20 },
    );
  });

  it("is finite with finite gradients for inputs of ±1e4", () => {
    const x = f64([-1e4, 1e4]);
    expect(allFinite(act(x))).toBe(true);
    expect(allFinite(grad((t: Tensor) => sum(act(t)))(x))).toBe(true);
  });
});

describe("activation kinks", () => {
  const d0 = (act: Act) => flat(grad((t: Tensor) => sum(act(t)))(f64([0])))[0];
  it("relu′(0) = 0, leakyRelu′(0) = slope, elu′(0) = 1, selu′(0) = λα (PyTorch)", () => {
    expect(d0(relu)).toBe(0);
    expect(d0(leakyRelu({ slope: 0.2 }))).toBeCloseTo(0.2, 15);
    expect(d0(elu)).toBe(1);
    expect(d0(selu)).toBeCloseTo(SELU_L * SELU_A, 14);
  });
});

describe("softmax and logSoftmax as layers", () => {
  const rows = [
    [1, 2, 3],
    [-1, 0, 5],
  ];
  const lse = (r: number[]) => Math.log(r.reduce((s, v) => s + Math.exp(v), 0));

  it("match exp(x)/Σexp(x) and x − log Σexp(x) per row", () => {
    expectClose(
      serial(softmax).apply([{}], f64(rows)),
      rows.flatMap((r) => r.map((v) => Math.exp(v - lse(r)))),
    );
    expectClose(
      serial(logSoftmax).apply([{}], f64(rows)),
      rows.flatMap((r) => r.map((v) => v - lse(r))),
    );
  });

  it("have float64 gradients that match finite differences", () => {
    for (const act of [softmax, logSoftmax] as Act[]) {
      fc.assert(
        gradientProperty(
          (x: Tensor) => act(x),
          [arbTensor({ shape: arbShape({ minRank: 1, allowZero: false }) })],
          {
            autoKinks: false,
          },
        ),
        { numRuns: 15 },
      );
    }
  });

  it("are finite for logits of ±1e4", () => {
    const z = f64([[1e4, -1e4, 0]]);
    expectClose(softmax(z), [1, 0, 0]);
    expectClose(logSoftmax(z), [0, -2e4, -1e4]);
    expect(allFinite(grad((t: Tensor) => sum(logSoftmax(t)))(z))).toBe(true);
  });
});
