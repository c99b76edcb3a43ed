// The README's code, compiled and run: if the README's example breaks, this test fails.
import {
  adam,
  applyUpdates,
  dense,
  fit,
  grad,
  key,
  leakyRelu,
  mse,
  mul,
  serial,
  sum,
  type Tensor,
  tensor,
  uniform,
  valueAndGrad,
} from "tapegrad";
import { describe, expect, it } from "vitest";

describe("README examples", () => {
  it("the ten-line model trains with valueAndGrad + adam (loss falls well below its start)", () => {
    // --- as in the README ---
    const model = serial(
      dense(12),
      leakyRelu({ slope: 0.01 }),
      dense(12),
      leakyRelu({ slope: 0.01 }),
      dense(2),
    );
    const { params } = model.init(key(0), [3]);
    const opt = adam({ learningRate: 1e-3 });
    type Params = typeof params;
    const step = (p: Params, s: ReturnType<typeof opt.init>, x: Tensor, y: Tensor) => {
      const [loss, grads] = valueAndGrad((p: Params) => mse(model.apply(p, x), y))(p);
      const { updates, state } = opt.update(grads, s, p);
      return { params: applyUpdates(p, updates), state, loss };
    };
    // --- a small synthetic regression: y = [x0 + 2·x1 − x2, x0·x1] ---
    const x = uniform(key(1), [64, 3], { minval: -1, maxval: 1 });
    const xs = x.toArray() as number[][];
    const y = tensor(xs.map(([a, b, c]) => [a! + 2 * b! - c!, a! * b!]));
    let p = params;
    let s = opt.init(params);
    const first = step(p, s, x, y).loss.item();
    let last = first;
    for (let i = 0; i < 1500; i++) {
      const r = step(p, s, x, y);
      p = r.params;
      s = r.state;
      last = r.loss.item();
    }
    expect(last).toBeLessThan(first / 20);
  });

  it("fit runs the same loop", () => {
    const model = serial(
      dense(12),
      leakyRelu({ slope: 0.01 }),
      dense(12),
      leakyRelu({ slope: 0.01 }),
      dense(2),
    );
    const { params } = model.init(key(0), [3]);
    const x = uniform(key(1), [64, 3], { minval: -1, maxval: 1 });
    const y = tensor((x.toArray() as number[][]).map(([a, b, c]) => [a! + 2 * b! - c!, a! * b!]));
    const opt = adam({ learningRate: 1e-2 });
    const { history } = fit(model, params, {
      loss: mse,
      optimizer: opt,
      x,
      y,
      epochs: 30,
      batchSize: 16,
      key: key(1),
      progress: false,
    });
    expect(history.loss.length).toBe(30);
    expect(history.loss[29]!).toBeLessThan(history.loss[0]! / 5);
  });

  it("the single-package example: grad of Σx² is 2x", () => {
    expect(grad((x: Tensor) => sum(mul(x, x)))(tensor([1, 2, 3])).toArray()).toEqual([2, 4, 6]);
  });
});
