import * as tg from "tapegrad";
import { cast, type Key, key, mse, sgd, type Tensor, tensor } from "tapegrad";
import { describe, expect, it } from "vitest";
import { expectTreesIdentical, line, linear, zeroLinear } from "./fitHelpers";

describe("fit", () => {
  it("learns a line: y = 2x − 1 from 64 points (least squares solution w = 2, b = −1)", () => {
    const { x, y } = line(64);
    const { params, history, optState } = tg.fit(linear, zeroLinear(), {
      loss: mse,
      optimizer: sgd({ learningRate: 0.1 }),
      x,
      y,
      epochs: 40,
      batchSize: 16,
      key: key(3),
    });
    // The data is exactly on the line, so the least-squares fit is w = 2, b = −1 with zero loss.
    expect(params.w.item()).toBeCloseTo(2, 5);
    expect(params.b.item()).toBeCloseTo(-1, 5);
    expect(history.loss).toHaveLength(40);
    expect(history.loss[39]!).toBeLessThan(1e-10);
    expect(history.loss[39]!).toBeLessThan(history.loss[0]!);
    expect(history.valLoss).toEqual([]);
    expect(history.stopReason).toBeUndefined();
    expect(optState).toBeDefined();
  });

  it("gives identical results for the same key and different ones for another", () => {
    const { x, y } = line(50, 2, "float32");
    const run = (k: Key) =>
      tg.fit(linear, zeroLinear("float32"), {
        loss: mse,
        optimizer: sgd({ learningRate: 0.05 }),
        x,
        y,
        epochs: 3,
        batchSize: 7,
        key: k,
        validationSplit: 0.2,
      });
    const a = run(key(11));
    const b = run(key(11));
    expectTreesIdentical(a.params, b.params);
    expect(a.history.loss).toEqual(b.history.loss);
    expect(a.history.valLoss).toEqual(b.history.valLoss);
    const c = run(key(12));
    expect(c.params.w.item()).not.toBe(a.params.w.item());
  });

  it("visits every training example once per epoch in ceil(N/B) steps, reshuffled each epoch", () => {
    const n = 10;
    const x = tensor(
      Array.from({ length: n }, (_, i) => [i]),
      { dtype: "float64" },
    );
    const seen: number[][] = [];
    const spy = (p: { w: Tensor; b: Tensor }, xb: Tensor) => {
      seen.push(Array.from(xb.dataSync()));
      return linear(p, xb);
    };
    const run = (opts: { epochs: number; shuffle?: boolean }) =>
      tg.fit(spy, zeroLinear(), {
        loss: mse,
        optimizer: sgd({ learningRate: 0 }),
        x,
        y: x,
        batchSize: 4,
        ...opts,
      });
    run({ epochs: 2 });
    expect(seen.map((b) => b.length)).toEqual([4, 4, 2, 4, 4, 2]);
    const epoch0 = seen.slice(0, 3).flat();
    const epoch1 = seen.slice(3).flat();
    expect([...epoch0].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect([...epoch1].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(epoch0).not.toEqual(epoch1);
    seen.length = 0;
    run({ epochs: 1, shuffle: false });
    expect(seen.flat()).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it("holds out the last examples for validation and scores them with training: false", () => {
    const x = tensor(
      Array.from({ length: 10 }, (_, i) => [i]),
      { dtype: "float64" },
    );
    const ctxs: { n: number; training?: boolean; key?: Tensor }[] = [];
    const spy = (p: { w: Tensor; b: Tensor }, xb: Tensor, ctx?: { training?: boolean; key?: Tensor }) => {
      ctxs.push({ n: xb.shape[0]!, training: ctx?.training, key: ctx?.key });
      return linear(p, xb);
    };
    const { history } = tg.fit(spy, zeroLinear(), {
      loss: mse,
      optimizer: sgd({ learningRate: 0 }),
      x,
      y: x,
      epochs: 1,
      batchSize: 8,
      validationSplit: 0.3,
      metrics: ["mae"],
    });
    // 7 training examples in one batch, then the 3 held-out ones (7, 8, 9) in inference mode.
    expect(ctxs.map((c) => [c.n, c.training])).toEqual([
      [7, true],
      [3, false],
    ]);
    expect(ctxs[0]!.key?.shape).toEqual([2]);
    // Zero parameters predict 0: valLoss = mean(7², 8², 9²), val mae = mean(7, 8, 9).
    expect(history.valLoss[0]).toBeCloseTo((49 + 64 + 81) / 3, 10);
    expect(history.epochs[0]!.valMetrics.mae).toBeCloseTo(8, 10);
    // Training mae over 0..6 = 3.
    expect(history.epochs[0]!.metrics.mae).toBeCloseTo(3, 10);
  });

  it("gives every step its own dropout key", () => {
    const { x, y } = line(12);
    const keys: string[] = [];
    const spy = (p: { w: Tensor; b: Tensor }, xb: Tensor, ctx?: { key?: Tensor }) => {
      keys.push(String(ctx?.key?.toArray()));
      return linear(p, xb);
    };
    tg.fit(spy, zeroLinear(), {
      loss: mse,
      optimizer: sgd({ learningRate: 0.01 }),
      x,
      y,
      epochs: 2,
      batchSize: 4,
    });
    expect(keys).toHaveLength(6);
    expect(new Set(keys).size).toBe(6);
  });

  it("does not change the parameters or data passed in", () => {
    const { x, y } = line(8);
    const p0 = zeroLinear();
    tg.fit(linear, p0, { loss: mse, optimizer: sgd({ learningRate: 0.1 }), x, y, epochs: 2, batchSize: 4 });
    expect(p0.w.item()).toBe(0);
    expect(p0.b.item()).toBe(0);
  });

  it("resumes from a given optimizer state", () => {
    const { x, y } = line(16);
    const opts = {
      loss: mse,
      optimizer: sgd({ learningRate: 0.1, momentum: 0.9 }),
      x,
      y,
      batchSize: 4,
      shuffle: false,
    };
    const two = tg.fit(linear, zeroLinear(), { ...opts, epochs: 2 });
    const one = tg.fit(linear, zeroLinear(), { ...opts, epochs: 1 });
    // Resuming epoch 2 needs the same order: without shuffling every epoch visits 0..N−1.
    const resumed = tg.fit(linear, one.params, { ...opts, epochs: 1, optState: one.optState });
    expectTreesIdentical(resumed.params, two.params);
  });

  it("accepts float32 data and a loss on cast predictions", () => {
    const { x, y } = line(8, 5, "float32");
    const { history } = tg.fit(linear, zeroLinear("float32"), {
      loss: (p, t) => mse(cast(p, "float64"), cast(t, "float64")),
      optimizer: sgd({ learningRate: 0.1 }),
      x,
      y,
      epochs: 2,
    });
    expect(history.loss).toHaveLength(2);
  });
});
