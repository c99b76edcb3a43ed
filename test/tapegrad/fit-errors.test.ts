import * as tg from "tapegrad";
import { type GradientTransformation, mse, sgd, type Tree, tensor, zeros } from "tapegrad";
import { describe, expect, it } from "vitest";
import { line, linear, zeroLinear } from "./fitHelpers";

// An optimizer and a model that record whether training started.
const watched = () => {
  const calls = { init: 0, update: 0, apply: 0 };
  const inner = sgd({ learningRate: 0.1 });
  const optimizer: GradientTransformation<Tree> = {
    init: (p) => {
      calls.init++;
      return inner.init(p);
    },
    update: (g, s, p) => {
      calls.update++;
      return inner.update(g, s as never, p);
    },
  };
  const model = (p: ReturnType<typeof zeroLinear>, x: Parameters<typeof linear>[1]) => {
    calls.apply++;
    return linear(p, x);
  };
  return { calls, optimizer, model };
};

describe("fit rejects bad input before any training", () => {
  const { x, y } = line(10);
  const cases: [string, Record<string, unknown>, RegExp][] = [
    [
      "x and y of different lengths",
      { y: zeros([9, 1], "float64") },
      /fit: x and y hold different numbers of examples: x has 10 \(shape \[10, 1\]\), y has 9 \(shape \[9, 1\]\)/,
    ],
    [
      "an empty data set",
      { x: zeros([0, 1], "float64"), y: zeros([0, 1], "float64") },
      /fit: the data set is empty \(x has shape \[0, 1\]\)/,
    ],
    ["a batch size of zero", { batchSize: 0 }, /fit: batchSize must be a positive integer, got 0/],
    ["a fractional batch size", { batchSize: 2.5 }, /batchSize must be a positive integer, got 2.5/],
    ["negative epochs", { epochs: -1 }, /epochs must be a non-negative integer, got -1/],
    ["a scalar x", { x: tensor(1) }, /x must have an examples axis/],
    ["x not a tensor", { x: [[1]] }, /x must be a tensor, got object/],
    ["validationSplit of 1", { validationSplit: 1 }, /validationSplit must be in \[0, 1\), got 1/],
    ["validationSplit too small to hold out anything", { validationSplit: 0.05 }, /holds out no example/],
    [
      "both validation options",
      { validationSplit: 0.2, validationData: [x, y] },
      /either validationSplit or validationData/,
    ],
    [
      "mismatched validationData",
      { validationData: [x, zeros([3, 1], "float64")] },
      /validationData\[0\] and validationData\[1\] hold different numbers/,
    ],
    ["no loss", { loss: undefined }, /loss must be a function/],
    ["not an optimizer", { optimizer: { step: 1 } }, /optimizer must be a gradient transformation/],
    [
      "learningRate without a factory",
      { learningRate: 0.1 },
      /learningRate is only for an optimizer factory/,
    ],
    ["an unknown metric", { metrics: ["acc"] }, /unknown metric "acc"/],
  ];
  for (const [what, override, message] of cases) {
    it(what, () => {
      const { calls, optimizer, model } = watched();
      expect(() =>
        tg.fit(model, zeroLinear(), { loss: mse, optimizer, x, y, epochs: 2, ...override } as never),
      ).toThrow(message);
      expect(calls).toEqual({ init: 0, update: 0, apply: 0 });
    });
  }

  it("zero epochs is allowed and changes nothing", () => {
    const { calls, optimizer, model } = watched();
    const r = tg.fit(model, zeroLinear(), { loss: mse, optimizer, x, y, epochs: 0 });
    expect(r.history.loss).toEqual([]);
    expect(calls.update).toBe(0);
  });

  it("a loss that is not a scalar gets autograd's clear error", () => {
    expect(() =>
      tg.fit(linear, zeroLinear(), {
        loss: (p, t) => mse(p, t, { reduction: "none" }),
        optimizer: sgd({ learningRate: 0.1 }),
        x,
        y,
      }),
    ).toThrow(/scalar/);
  });
});
