import * as tg from "tapegrad";
import {
  adam,
  batchNorm,
  dense,
  dropout,
  key,
  mse,
  normal,
  relu,
  serial,
  type Tensor,
  type Tree,
  tree,
} from "tapegrad";
import { describe, expect, it } from "vitest";
import { expectTreesIdentical } from "./fitHelpers";

describe("fit with stateful and random layers", () => {
  const x = normal(key(1), [64, 4]);
  const y = normal(key(2), [64, 2]);

  it("threads batchNorm's running statistics through applyWithState and returns them", () => {
    const model = serial(dense(8), batchNorm(), relu, dense(2));
    const init = model.init(key(0), [4]);
    const r = tg.fit(model, init.params, {
      loss: mse,
      optimizer: adam({ learningRate: 1e-2 }),
      x,
      y,
      epochs: 2,
      batchSize: 16,
      validationSplit: 0.25,
      modelState: init.state,
    });
    expect(r.modelState).toBeDefined();
    expect(tree.structureEqual(r.modelState!, init.state as Tree)).toBe(true);
    const before = (init.state as { mean: Tensor }[])[1]!.mean.dataSync();
    const after = (r.modelState as { mean: Tensor }[])[1]!.mean.dataSync();
    expect(Array.from(after)).not.toEqual(Array.from(before));
    // Validation ran in inference mode with the running statistics (else batchNorm would throw).
    expect(r.history.valLoss).toHaveLength(2);
  });

  it("dropout draws from the fit key: same key, same result; another key, another", () => {
    const model = serial(dense(16), relu, dropout(0.5), dense(2));
    const { params } = model.init(key(0), [4]);
    const run = (seed: number) =>
      tg.fit(model, params, {
        loss: mse,
        optimizer: adam({ learningRate: 1e-2 }),
        x,
        y,
        epochs: 2,
        batchSize: 16,
        key: key(seed),
        shuffle: false,
      });
    const a = run(5);
    expectTreesIdentical(a.params, run(5).params);
    // Without shuffling the batches are equal, so only the dropout masks differ between keys.
    const c = run(6);
    expect(Array.from(tree.leaves(c.params)[0]!.dataSync())).not.toEqual(
      Array.from(tree.leaves(a.params)[0]!.dataSync()),
    );
  });
});
