import { add, grad, mul, slice, sub, sum, type Tensor, tensor } from "@tapegrad/autograd";
import {
  adadelta,
  adagrad,
  adam,
  adamax,
  adamw,
  amsgrad,
  applyUpdates,
  cosineDecay,
  type GradientTransformation,
  kerasAdam,
  kerasRmsprop,
  nadam,
  radam,
  rmsprop,
  sgd,
} from "@tapegrad/optim";
import { describe, expect, it } from "vitest";

const f64 = (v: number[]) => tensor(v, { dtype: "float64" });
const A = f64([1, 3, 0.5, 2]);
const C = f64([1, -2, 0.5, 3]);
// f(θ) = ½ Σ aᵢ(θᵢ − cᵢ)², minimum 0 at θ = c
const quadratic = (p: { readonly theta: Tensor }): Tensor => {
  const d = sub(p.theta, C);
  return mul(sum(mul(A, mul(d, d))), 0.5);
};
// Rosenbrock f(x, y) = (1 − x)² + 100(y − x²)², minimum 0 at (1, 1)
const rosenbrock = (p: { readonly xy: Tensor }): Tensor => {
  const x = slice(p.xy, [0], [1]);
  const y = slice(p.xy, [1], [2]);
  const a = sub(1, x);
  const b = sub(y, mul(x, x));
  return sum(add(mul(a, a), mul(mul(b, b), 100)));
};

const minimize = <P extends { readonly [k: string]: Tensor }>(
  f: (p: P) => Tensor,
  opt: GradientTransformation<any>,
  params: P,
  steps: number,
): P => {
  const df = grad(f);
  let state = opt.init(params);
  for (let t = 0; t < steps; t++) {
    const r = opt.update(df(params), state, params);
    params = applyUpdates(params, r.updates);
    state = r.state;
  }
  return params;
};

const STEPS = 400;
const decay = (lr: number) => cosineDecay({ initValue: lr, decaySteps: STEPS, alpha: 0.01 });
const cases: [string, GradientTransformation<any>][] = [
  ["sgd", sgd({ learningRate: 0.3 })],
  ["sgd momentum", sgd({ learningRate: 0.05, momentum: 0.9 })],
  ["sgd nesterov", sgd({ learningRate: 0.05, momentum: 0.9, nesterov: true })],
  ["adam", adam({ learningRate: decay(0.1) })],
  ["amsgrad", amsgrad({ learningRate: decay(0.1) })],
  ["adamw", adamw({ learningRate: decay(0.1), weightDecay: 0 })],
  ["kerasAdam", kerasAdam({ learningRate: decay(0.1) })],
  ["rmsprop", rmsprop({ learningRate: decay(0.05) })],
  ["rmsprop centered momentum", rmsprop({ learningRate: decay(0.01), momentum: 0.9, centered: true })],
  ["kerasRmsprop", kerasRmsprop({ learningRate: decay(0.05) })],
  ["adagrad", adagrad({ learningRate: 1 })],
  ["adadelta", adadelta({ learningRate: 10, eps: 1e-4 })],
  ["adamax", adamax({ learningRate: decay(0.1) })],
  ["nadam", nadam({ learningRate: decay(0.1) })],
  ["radam", radam({ learningRate: decay(0.1) })],
];

describe("convergence", () => {
  it.each(cases)("%s reaches the minimum of a quadratic", (_, opt) => {
    const start = { theta: f64([0, 0, 0, 0]) };
    const end = minimize(quadratic, opt, start, STEPS);
    expect(quadratic(start).item()).toBeGreaterThan(10);
    expect(quadratic(end).item()).toBeLessThan(1e-8);
    const theta = Array.from(end.theta.dataSync());
    theta.forEach((v, i) => void expect(Math.abs(v - [1, -2, 0.5, 3][i]!)).toBeLessThan(1e-3));
  });

  const rosen: [string, GradientTransformation<any>][] = [
    ["sgd momentum", sgd({ learningRate: 1e-3, momentum: 0.9 })],
    ["adam", adam({ learningRate: 0.02 })],
  ];
  it.each(rosen)("%s makes progress on Rosenbrock from (−1.2, 1)", (_, opt) => {
    const start = { xy: f64([-1.2, 1]) };
    const end = minimize(rosenbrock, opt, start, 1500);
    const [x, y] = Array.from(end.xy.dataSync());
    expect(rosenbrock(start).item()).toBeCloseTo(24.2, 10);
    expect(rosenbrock(end).item()).toBeLessThan(0.05);
    expect(Math.hypot(x! - 1, y! - 1)).toBeLessThan(0.5);
  });
});
