// The README's code, compiled and run: if the README's example breaks, this test fails.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  adam,
  applyUpdates,
  dense,
  earlyStopping,
  evaluate,
  fit,
  grad,
  key,
  leakyRelu,
  load,
  mse,
  mul,
  save,
  serial,
  slice,
  sum,
  type Tensor,
  tensor,
  uniform,
  valueAndGrad,
} from "tapegrad";
import { describe, expect, it } from "vitest";

describe("README examples", () => {
  // --- "The model in ten lines", as in the README ---
  const model = serial(
    dense(12),
    leakyRelu({ slope: 0.01 }),
    dense(12),
    leakyRelu({ slope: 0.01 }),
    dense(2),
  );
  const { params } = model.init(key(0), [3]); // input: 3 features per example
  const opt = adam({ learningRate: 1e-3 });
  type Params = typeof params;
  const step = (p: Params, s: ReturnType<typeof opt.init>, x: Tensor, y: Tensor) => {
    const [loss, grads] = valueAndGrad((p: Params) => mse(model.apply(p, x), y))(p);
    const { updates, state } = opt.update(grads, s, p);
    return { params: applyUpdates(p, updates), state, loss };
  };
  // --- end of the README's code ---

  // A small synthetic regression: y = [x0 + 2·x1 − x2, x0·x1].
  const x = uniform(key(1), [64, 3], { minval: -1, maxval: 1 });
  const y = tensor((x.toArray() as number[][]).map(([a, b, c]) => [a! + 2 * b! - c!, a! * b!]));

  it("the ten-line model trains with valueAndGrad + adam (loss falls well below its start)", () => {
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

  it("fit runs the same loop, evaluate scores it, save/load round-trip it", async () => {
    const [xTest, yTest] = [slice(x, [48], [64]), slice(y, [48], [64])];
    const dir = await mkdtemp(join(tmpdir(), "tapegrad-readme-"));
    const file = join(dir, "cars.safetensors");
    try {
      // --- "Or let fit run the loop", as in the README (file in a temporary directory) ---
      const {
        params: trained,
        optState,
        history,
      } = fit(model, params, {
        loss: mse,
        optimizer: adam({ learningRate: 1e-3 }),
        x,
        y,
        key: key(1),
        epochs: 200,
        batchSize: 16,
        validationSplit: 0.1,
        metrics: ["mae", "r2"],
        callbacks: [earlyStopping({ patience: 40, restoreBestParams: true })],
      });
      const { loss, metrics } = evaluate(model, trained, { x: xTest, y: yTest, loss: mse, metrics: ["mae"] });
      await save(file, { params: trained, optState });
      const { params: back } = await load<{ params: Params }>(file);
      // --- end of the README's code ---

      expect(history.loss.length).toBeGreaterThan(40);
      expect(history.valLoss.length).toBe(history.loss.length);
      expect(history.loss.at(-1)!).toBeLessThan(history.loss[0]! / 5);
      expect(Object.keys(history.epochs[0]!.metrics).sort()).toEqual(["mae", "r2"]);
      expect(Object.keys(history.epochs[0]!.valMetrics).sort()).toEqual(["mae", "r2"]);
      expect(loss).toBeLessThan(history.loss[0]!);
      expect(Object.keys(metrics)).toEqual(["mae"]);
      expect(model.apply(back, xTest).toArray()).toEqual(model.apply(trained, xTest).toArray());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("the single-package example: grad of Σx² is 2x", () => {
    expect(grad((x: Tensor) => sum(mul(x, x)))(tensor([1, 2, 3])).toArray()).toEqual([2, 4, 6]);
  });
});
