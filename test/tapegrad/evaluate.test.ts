import { dense, evaluate, key, mse, normal, predict, relu, serial, type Tensor, tensor } from "tapegrad";
import { describe, expect, it } from "vitest";

describe("predict and evaluate", () => {
  const model = serial(dense(8), relu, dense(3));
  const { params } = model.init(key(0), [5]);
  const x = normal(key(1), [1000, 5]);

  it("predict in batches equals one forward pass, and never runs a batch larger than asked", () => {
    const sizes: number[] = [];
    const spy = {
      apply: (p: typeof params, xb: Tensor, ctx?: { training?: boolean }) => {
        sizes.push(xb.shape[0]!);
        expect(ctx?.training).toBe(false);
        return model.apply(p, xb, ctx);
      },
    };
    const batched = predict(spy, params, x, { batchSize: 64 });
    expect(Math.max(...sizes)).toBe(64);
    expect(sizes.reduce((s, n) => s + n, 0)).toBe(1000);
    expect(batched.shape).toEqual([1000, 3]);
    expect(Array.from(batched.dataSync())).toEqual(Array.from(model.apply(params, x).dataSync()));
  });

  it("evaluate scores all predictions at once: loss and metrics equal their value on the whole set", () => {
    const y = normal(key(2), [1000, 3]);
    const pred = model.apply(params, x);
    const r = evaluate(model, params, { x, y, loss: mse, metrics: ["mse", "mae", "r2"], batchSize: 100 });
    expect(r.loss).toBeCloseTo(mse(pred, y).item(), 6);
    expect(r.metrics.mse).toBeCloseTo(mse(pred, y).item(), 5);
    expect(Object.keys(r.metrics)).toEqual(["mse", "mae", "r2"]);
  });

  it("takes metrics as functions or a record, and named functions keep their names", () => {
    const y = tensor(
      Array.from({ length: 1000 }, (_, i) => i % 3),
      { dtype: "int32" },
    );
    const always = function hitRate() {
      return tensor(1);
    };
    const r = evaluate(model, params, { x, y, metrics: ["accuracy", always] });
    expect(Object.keys(r.metrics)).toEqual(["accuracy", "hitRate"]);
    expect(r.metrics.hitRate).toBe(1);
    expect(r.loss).toBeUndefined();
    const named = evaluate(model, params, { x, y, metrics: { acc: "accuracy" } });
    expect(named.metrics.acc).toBe(r.metrics.accuracy);
  });

  it("rejects mismatched data and a bad batch size", () => {
    expect(() => evaluate(model, params, { x, y: normal(key(3), [9, 3]) })).toThrow(
      /evaluate: x and y hold different numbers/,
    );
    expect(() => predict(model, params, x, { batchSize: 0 })).toThrow(
      /predict: batchSize must be a positive integer/,
    );
  });
});
