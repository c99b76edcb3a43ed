import { type DType, type Tensor, type Tree, tensor, tree } from "@tapegrad/autograd";
import {
  adam,
  applyUpdates,
  chain,
  exponentialDecay,
  kerasAdam,
  scaleByAdam,
  scaleByLearningRate,
} from "@tapegrad/optim";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lcg } from "../shared/tensors";

// chain folds a learning-rate stage into a preceding scaleByAdam (one pass per leaf computes m, v
// and −γ·u; core/fusion.ts). The result must be the two stages run one after the other, bit for
// bit: state and updates, step after step, for float32 and float64, leaves below and above the
// size where the WebAssembly kernel takes over, and a schedule.

const bits = (t: Tree): number[][] => tree.flatten(t)[0].map((x: Tensor) => Array.from(x.dataSync()));

const params = (dtype: DType, sizes: readonly number[], seed: number): Tree => {
  const rnd = lcg(seed);
  return Object.fromEntries(
    sizes.map((n, i) => [
      `w${i}`,
      tensor(
        Array.from({ length: n }, () => rnd() * 4),
        { dtype },
      ),
    ]),
  );
};

describe("chain: scaleByAdam then scaleByLearningRate, fused", () => {
  for (const dtype of ["float32", "float64"] as DType[]) {
    it(`equals the two stages one after the other, bit for bit (${dtype})`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.oneof(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 2040, max: 2600 })), {
            minLength: 1,
            maxLength: 3,
          }),
          fc.integer(),
          fc.boolean(),
          (sizes, seed, scheduled) => {
            const lr = scheduled
              ? exponentialDecay({ initValue: 3e-2, decayRate: 0.7, transitionSteps: 2 })
              : 1e-2;
            const fused = chain(scaleByAdam({ beta2: 0.99 }), scaleByLearningRate(lr));
            const moments = scaleByAdam({ beta2: 0.99 });
            const rate = scaleByLearningRate(lr);
            let p = params(dtype, sizes, seed);
            let sf = fused.init(p);
            let sm = moments.init(p);
            let sr = rate.init(p);
            for (let step = 0; step < 4; step++) {
              const g = params(dtype, sizes, seed + 100 + step);
              const a = fused.update(g, sf);
              const m = moments.update(g, sm);
              const r = rate.update(m.updates, sr);
              expect(bits(a.updates)).toEqual(bits(r.updates));
              expect(bits(a.state[0] as unknown as Tree)).toEqual(bits(m.state as unknown as Tree));
              // the learning-rate stage's count (toEqual on tensors compares no values: compare bits)
              expect(bits(a.state[1])).toEqual(bits(r.state));
              sf = a.state;
              sm = m.state;
              sr = r.state;
              p = applyUpdates(p, a.updates);
            }
          },
        ),
        { numRuns: 12 },
      );
    });
  }

  it("adam and kerasAdam (which fuse) still match their stage-by-stage definition", () => {
    const p = params("float32", [3000, 7], 5);
    const g = params("float32", [3000, 7], 6);
    for (const [opt, moments] of [
      [adam({ learningRate: 1e-3 }), scaleByAdam()],
      [kerasAdam({ learningRate: 1e-3 }), scaleByAdam({ epsConvention: "keras", eps: 1e-7 })],
    ] as const) {
      const got = opt.update(g, opt.init(p));
      const m = moments.update(g, moments.init(p));
      const want = scaleByLearningRate(1e-3).update(m.updates, {
        count: scaleByLearningRate(1e-3).init(p).count,
      });
      expect(bits(got.updates)).toEqual(bits(want.updates));
    }
  });
});
