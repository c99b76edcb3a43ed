import {
  add,
  cast,
  key,
  leakyRelu,
  matmul,
  mul,
  sigmoid,
  split,
  sub,
  type Tensor,
  type Tree,
  tanh,
  tensor,
  tree,
  uniform,
  valueAndGrad,
} from "@tapegrad/autograd";
import { assertGradientsMatch } from "@tapegrad/gradcheck";
import { constantInit, dense, glorotUniform, type Layer, serial, zerosInit } from "@tapegrad/layers";
import { mse } from "@tapegrad/losses";
import { describe, expect, it } from "vitest";

/** Plain gradient descent with tree.zipWith (the optim package is separate): θ ← θ − γ·g. */
const sgdStep = <P extends Tree>(params: P, grads: P, lr: number): P =>
  tree.zipWith((p, g) => sub(p, mul(g, lr)), params, grads);

/** Trains `model` on (x, y) with MSE; returns the params and the first and last losses. */
const train = <P extends Tree>(
  model: Layer<P>,
  params: P,
  x: Tensor,
  y: Tensor,
  steps: number,
  lr: number,
) => {
  const lossOf = (p: P) => mse(model.apply(p, x), y);
  let first = Number.NaN;
  for (let i = 0; i < steps; i++) {
    const [l, g] = valueAndGrad(lossOf)(params);
    if (i === 0) first = l.item();
    params = sgdStep(params, g, lr);
  }
  return { params, first, last: mse(model.apply(params, x), y).item() };
};

const toF64 = <P extends Tree>(p: P): P => tree.map(p, (l) => cast(l, "float64"));

describe("the classic Keras model", () => {
  // Keras: Dense(12, input_dim=3), LeakyReLU(0.01), Dense(12), LeakyReLU(0.01), Dense(2), loss MSE.
  const model = serial(
    dense(12),
    leakyRelu({ slope: 0.01 }),
    dense(12),
    leakyRelu({ slope: 0.01 }),
    dense(2),
  );
  const [kData, kInit] = split(key(42), 2);
  const x = uniform(kData!, [64, 3], { minval: -1, maxval: 1 });
  // a small synthetic regression: one linear and one nonlinear target
  const y = tensor(
    (x.toArray() as number[][]).map(([a, b, c]) => [a! + 2 * b! - c!, a! * b! - 0.5 * c! * c!]),
  );

  it("trains with valueAndGrad and plain gradient descent to a loss far below its start", () => {
    const { params, outputShape } = model.init(kInit!, [3]);
    expect(outputShape).toEqual([2]);
    const r = train(model, params, x, y, 300, 0.1);
    expect(r.first).toBeGreaterThan(0.5);
    expect(r.last).toBeLessThan(r.first / 50);

    // its parameter gradients pass gradcheck (float64), at the trained point
    const p64 = toF64(r.params);
    const [x64, y64] = [cast(x, "float64"), cast(y, "float64")];
    const report = assertGradientsMatch((p: typeof p64) => mse(model.apply(p, x64), y64), p64, {
      autoKinks: false,
    });
    expect(report.mode).toBe("full");
    expect(report.counts.ok).toBe(12 * 3 + 12 + 12 * 12 + 12 + 12 * 2 + 2);
  });
});

describe("why weights must not start all equal", () => {
  // y = x² on [−1, 1]: not monotone, so one tanh unit cannot fit it, eight can.
  const x = uniform(key(5), [64, 1], { minval: -1, maxval: 1 });
  const y = mul(x, x);
  const net = (kernelInit = glorotUniform) =>
    serial(dense(8, { kernelInit }), tanh, dense(1, { kernelInit }));

  it("identical hidden units stay identical and do not learn what glorot-initialized ones learn", () => {
    const equal = net(constantInit(0.3));
    const glorot = net();
    const rEqual = train(equal, equal.init(key(1), [1]).params, x, y, 400, 0.2);
    const rGlorot = train(glorot, glorot.init(key(1), [1]).params, x, y, 400, 0.2);

    // every hidden unit (column of the first kernel, entry of the bias and of the second kernel) is the same
    const [d1, , d2] = rEqual.params;
    for (const t of [d1.kernel, d1.bias!, d2.kernel]) {
      const v = Array.from(t.dataSync());
      expect(v.every((u) => u === v[0])).toBe(true);
    }
    // the symmetric network is stuck near the variance of x² (≈ 0.089); glorot's fits it
    expect(rEqual.last).toBeGreaterThan(0.05);
    expect(rGlorot.last).toBeLessThan(rEqual.last / 10);
  });
});

describe("a custom layer is as easy to write as dense", () => {
  // A gated linear unit written from scratch: y = (x·W + b) ⊙ σ(x·V + c).
  interface GluParams {
    readonly [name: string]: Tensor;
    readonly w: Tensor;
    readonly b: Tensor;
    readonly v: Tensor;
    readonly c: Tensor;
  }
  const glu = (units: number): Layer<GluParams> => ({
    init(k, inputShape) {
      const n = inputShape[inputShape.length - 1]!;
      const [kw, kv] = split(k, 2);
      return {
        params: {
          w: glorotUniform(kw!, [n, units]),
          b: zerosInit(kw!, [units]),
          v: glorotUniform(kv!, [n, units]),
          c: zerosInit(kv!, [units]),
        },
        outputShape: [...inputShape.slice(0, -1), units],
      };
    },
    apply: (p, x) => mul(add(matmul(x, p.w), p.b), sigmoid(add(matmul(x, p.v), p.c))),
  });

  const model = serial(glu(16), dense(1));
  const x = uniform(key(9), [64, 2], { minval: -1, maxval: 1 });
  const y = tensor((x.toArray() as number[][]).map(([a, b]) => [Math.sin(2 * a!) + a! * b!]));

  it("trains inside serial to a loss far below its start", () => {
    const r = train(model, model.init(key(3), [2]).params, x, y, 300, 0.2);
    expect(r.last).toBeLessThan(r.first / 20);
  });

  it("has gradients that pass gradcheck", () => {
    const layer = glu(3);
    const p = toF64(layer.init(key(0), [2]).params);
    assertGradientsMatch((q: GluParams) => layer.apply(q, cast(x, "float64")), p, { autoKinks: false });
  });
});
