import * as tg from "tapegrad";
import {
  earlyStopping,
  learningRateScheduler,
  mse,
  sgd,
  type Tensor,
  tensor,
  terminateOnNaN,
  tree,
} from "tapegrad";
import { describe, expect, it } from "vitest";
import { expectTreesIdentical, line, linear, zeroLinear } from "./fitHelpers";

// Training data on y = x, validation data on y = −x: as w moves from 0 towards 1, the validation
// loss (w + 1)²·mean(x²) only grows, so the best validation loss is after the first epoch.
const diverging = () => {
  const x = tensor([[1], [-2], [3], [-4], [0.5], [2.5]], { dtype: "float64" });
  const scale = (t: Tensor, s: number) =>
    tensor(
      Array.from(t.dataSync(), (v) => s * v),
      { dtype: "float64", shape: t.shape },
    );
  return { x, y: x, validationData: [x, scale(x, -1)] as const };
};
const slope = (p: { w: Tensor }, x: Tensor) => linear({ w: p.w, b: tensor([0], { dtype: "float64" }) }, x);
const w0 = () => ({ w: tensor([[0]], { dtype: "float64" }) });
const base = { loss: mse, optimizer: sgd({ learningRate: 0.01 }), batchSize: 2, ...diverging() };

describe("earlyStopping", () => {
  it("stops after `patience` epochs without improvement and says why", () => {
    const { history } = tg.fit(slope, w0(), {
      ...base,
      epochs: 50,
      callbacks: [earlyStopping({ patience: 2 })],
    });
    // Epoch 0 is the best; epochs 1, 2, 3 do not improve; the third exceeds patience 2.
    expect(history.loss).toHaveLength(4);
    for (let i = 1; i < history.valLoss.length; i++)
      expect(history.valLoss[i]!).toBeGreaterThan(history.valLoss[i - 1]!);
    expect(history.stopReason).toMatch(
      /earlyStopping: valLoss did not improve for 3 epochs \(best .* at epoch 0\)/,
    );
  });

  it("restores the best parameters when asked", () => {
    const best = tg.fit(slope, w0(), { ...base, epochs: 1 });
    const stopped = tg.fit(slope, w0(), {
      ...base,
      epochs: 50,
      callbacks: [earlyStopping({ patience: 1, restoreBestParams: true })],
    });
    expectTreesIdentical(stopped.params, best.params);
  });

  it("runs every epoch while the monitored value improves, and can monitor a max metric", () => {
    const { x, y } = line(32);
    const { history } = tg.fit(linear, zeroLinear(), {
      loss: mse,
      optimizer: sgd({ learningRate: 0.05 }),
      x,
      y,
      epochs: 10,
      batchSize: 8,
      metrics: ["r2"],
      callbacks: [earlyStopping({ monitor: "r2" })],
    });
    expect(history.loss).toHaveLength(10);
    expect(history.stopReason).toBeUndefined();
  });

  it("is reusable: state is reset at the start of each fit", () => {
    const cb = earlyStopping({ patience: 2 });
    const a = tg.fit(slope, w0(), { ...base, epochs: 50, callbacks: [cb] });
    const b = tg.fit(slope, w0(), { ...base, epochs: 50, callbacks: [cb] });
    expect(b.history.loss).toHaveLength(a.history.loss.length);
  });

  it("fails before training when the monitored value will not exist", () => {
    const { x, y } = line(8);
    const opts = { loss: mse, optimizer: sgd({ learningRate: 0.1 }), x, y };
    expect(() => tg.fit(linear, zeroLinear(), { ...opts, callbacks: [earlyStopping()] })).toThrow(
      /earlyStopping: monitor "valLoss" will not be in the logs/,
    );
    expect(() =>
      tg.fit(linear, zeroLinear(), { ...opts, callbacks: [earlyStopping({ monitor: "accuracy" })] }),
    ).toThrow(/monitor "accuracy"/);
    expect(() => earlyStopping({ patience: -1 })).toThrow(/patience/);
  });
});

describe("terminateOnNaN", () => {
  // One example is NaN: the third step (batch size 1, no shuffling) has a NaN loss.
  const x = tensor([[1], [2], [Number.NaN], [4]], { dtype: "float64" });
  const opts = {
    loss: mse,
    optimizer: sgd({ learningRate: 0.01 }),
    x,
    y: x,
    batchSize: 1,
    shuffle: false,
    epochs: 3,
  };

  it("stops at the first non-finite loss and keeps the last finite parameters", () => {
    const { params, history } = tg.fit(linear, zeroLinear(), { ...opts, callbacks: [terminateOnNaN()] });
    expect(history.stopReason).toMatch(/terminateOnNaN: loss is NaN at epoch 0, batch 2 \(step 2\)/);
    // The parameters are those after the first two (finite) steps.
    const two = tg.fit(linear, zeroLinear(), {
      ...opts,
      x: tensor([[1], [2]], { dtype: "float64" }),
      y: tensor([[1], [2]], { dtype: "float64" }),
      epochs: 1,
    });
    expectTreesIdentical(params, two.params);
    for (const leaf of tree.leaves(params)) expect(Number.isFinite(leaf.dataSync()[0]!)).toBe(true);
    expect(history.epochs).toHaveLength(1);
  });

  it("without it, training carries on into NaN parameters", () => {
    const { params, history } = tg.fit(linear, zeroLinear(), opts);
    expect(history.loss).toHaveLength(3);
    expect(Number.isNaN(params.w.item())).toBe(true);
  });

  it("catches a diverging run (loss overflowing to Infinity)", () => {
    const { x: lx, y: ly } = line(16, 4, "float32");
    const { params, history } = tg.fit(linear, zeroLinear("float32"), {
      loss: mse,
      optimizer: sgd({ learningRate: 50 }),
      x: lx,
      y: ly,
      epochs: 100,
      batchSize: 4,
      callbacks: [terminateOnNaN()],
    });
    expect(history.stopReason).toMatch(/terminateOnNaN: loss is (Infinity|NaN)/);
    expect(history.loss.length).toBeLessThan(100);
    for (const leaf of tree.leaves(params)) expect(Number.isFinite(leaf.dataSync()[0]!)).toBe(true);
  });
});

describe("learningRateScheduler", () => {
  const { x, y } = line(16);
  const opts = { loss: mse, x, y, batchSize: 4, shuffle: false };

  it("sets the learning rate each epoch through an optimizer factory", () => {
    const seen: number[] = [];
    const { history } = tg.fit(linear, zeroLinear(), {
      ...opts,
      optimizer: (lr: number) => {
        seen.push(lr);
        return sgd({ learningRate: lr });
      },
      learningRate: 0.1,
      epochs: 3,
      callbacks: [learningRateScheduler((epoch, lr) => (epoch === 0 ? lr : lr / 2))],
    });
    expect(history.epochs.map((e) => e.learningRate)).toEqual([0.1, 0.05, 0.025]);
    expect(seen).toEqual([0.1, 0.1, 0.05, 0.025]);
  });

  it("a learning rate of 0 from epoch 1 freezes the parameters of epoch 0", () => {
    const frozen = tg.fit(linear, zeroLinear(), {
      ...opts,
      optimizer: (lr: number) => sgd({ learningRate: lr, momentum: 0.9 }),
      learningRate: 0.1,
      epochs: 3,
      callbacks: [learningRateScheduler((epoch) => (epoch === 0 ? 0.1 : 0))],
    });
    const once = tg.fit(linear, zeroLinear(), {
      ...opts,
      optimizer: sgd({ learningRate: 0.1, momentum: 0.9 }),
      epochs: 1,
    });
    expectTreesIdentical(frozen.params, once.params);
  });

  it("explains that it needs an optimizer factory", () => {
    expect(() =>
      tg.fit(linear, zeroLinear(), {
        ...opts,
        optimizer: sgd({ learningRate: 0.1 }),
        callbacks: [learningRateScheduler(() => 0.1)],
      }),
    ).toThrow(/learningRateScheduler: needs an optimizer factory/);
    expect(() =>
      tg.fit(linear, zeroLinear(), { ...opts, optimizer: (lr: number) => sgd({ learningRate: lr }) }),
    ).toThrow(/learningRate \(needed with an optimizer factory\)/);
  });
});
