import { type Tensor, type Tree, tensor, tree } from "@tapegrad/autograd";
import {
  adam,
  addWeightDecay,
  applyUpdates,
  chain,
  clipByGlobalNorm,
  clipByValue,
  type EmptyState,
  type GradientTransformation,
  globalNorm,
  type ScaleByAdamState,
  type ScaleByLearningRateState,
  scaleByAdam,
  scaleByLearningRate,
  stepDecay,
} from "@tapegrad/optim";
import { describe, expect, it } from "vitest";
import { expectTrajectory, runLibrary } from "./helpers";

const f64 = (v: number[]) => tensor(v, { dtype: "float64" });
const values = (t: Tree): number[][] => tree.leaves(t).map((l) => Array.from(l.dataSync()));
const once = (t: GradientTransformation<any>, grads: Tree, params?: Tree) =>
  t.update(grads, t.init(params ?? grads), params).updates;

describe("chain", () => {
  it("infers the tuple of states and equals the named optimizer", () => {
    const opt = chain(scaleByAdam({ beta2: 0.9 }), scaleByLearningRate(0.1));
    const s: readonly [ScaleByAdamState, ScaleByLearningRateState] = opt.init({ w: f64([1]) });
    expect(s.length).toBe(2);
    expectTrajectory(runLibrary(opt), runLibrary(adam({ learningRate: 0.1, beta2: 0.9 })), 0);
  });
  it("feeds each stage the updates of the previous one", () => {
    // clip to [−1, 1], then ×(−0.5): g = [3, −0.2] → [−0.5, 0.1]
    const opt = chain(clipByValue(1), scaleByLearningRate(0.5));
    const st: readonly [EmptyState, ScaleByLearningRateState] = opt.init(f64([0, 0]));
    expect(values(opt.update(f64([3, -0.2]), st).updates)).toEqual([[-0.5, 0.1]]);
  });
  it("rejects a non-transformation and a state of the wrong length", () => {
    expect(() => chain(scaleByAdam(), 3 as never)).toThrow(
      "chain: argument 1 is not a gradient transformation",
    );
    const opt = chain(scaleByAdam());
    expect(() => opt.update(f64([1]), [] as never)).toThrow(/chain\.update: state must be an array of 1/);
  });
});

describe("clipByGlobalNorm", () => {
  const grads = { a: f64([3, 0]), b: [f64([0, 4])] }; // ‖g‖ = 5
  it("globalNorm = √Σ over all leaves of Σg²", () => {
    expect(globalNorm(grads)).toBe(5);
    expect(globalNorm([])).toBe(0);
  });
  it("pytorch: scales by min(1, c/(‖g‖ + 1e-6)), even below the threshold", () => {
    const s = 2 / (5 + 1e-6);
    expect(values(once(clipByGlobalNorm(2), grads))).toEqual([
      [3 * s, 0],
      [0, 4 * s],
    ]);
    const k = Math.min(1, 5 / (5 + 1e-6));
    expect(values(once(clipByGlobalNorm(5), grads))).toEqual([
      [3 * k, 0],
      [0, 4 * k],
    ]);
    expect(values(once(clipByGlobalNorm(10), grads))).toEqual([
      [3, 0],
      [0, 4],
    ]);
  });
  it("optax: scales by c/‖g‖ only when ‖g‖ > c", () => {
    const s = 2 / 5;
    expect(values(once(clipByGlobalNorm(2, { convention: "optax" }), grads))).toEqual([
      [3 * s, 0],
      [0, 4 * s],
    ]);
    expect(values(once(clipByGlobalNorm(5, { convention: "optax" }), grads))).toEqual([
      [3, 0],
      [0, 4],
    ]);
  });
  it("rejects a bad maxNorm or convention", () => {
    expect(() => clipByGlobalNorm(-1)).toThrow(
      "clipByGlobalNorm: maxNorm must be a finite number ≥ 0, got -1",
    );
    expect(() => clipByGlobalNorm(1, { convention: "keras" as never })).toThrow(
      `clipByGlobalNorm: convention must be 'pytorch' or 'optax', got "keras"`,
    );
  });
});

describe("clipByValue", () => {
  const g = f64([-3, -0.5, 0, 0.5, 3]);
  it("one bound: [−maxAbs, maxAbs]; two: [lo, hi]; undefined is open", () => {
    expect(values(once(clipByValue(1), g))).toEqual([[-1, -0.5, 0, 0.5, 1]]);
    expect(values(once(clipByValue(-0.2, 2), g))).toEqual([[-0.2, -0.2, 0, 0.5, 2]]);
    expect(values(once(clipByValue(undefined, 0.1), g))).toEqual([[-3, -0.5, 0, 0.1, 0.1]]);
    expect(values(once(clipByValue(0, undefined), g))).toEqual([[0, 0, 0, 0.5, 3]]);
  });
  it("rejects bad bounds", () => {
    expect(() => clipByValue(2, 1)).toThrow("clipByValue: needs lo ≤ hi, got lo = 2 and hi = 1");
    expect(() => clipByValue(Number.NaN)).toThrow("clipByValue: maxAbs must be a finite number ≥ 0, got NaN");
    expect(() => clipByValue(-1)).toThrow("maxAbs must be a finite number ≥ 0, got -1");
  });
});

describe("addWeightDecay and scaleByLearningRate", () => {
  it("addWeightDecay: g + λθ, needs the parameters", () => {
    const p = { w: f64([2, -4]) };
    expect(values(once(addWeightDecay(0.5), { w: f64([1, 1]) }, p))).toEqual([[2, -1]]);
    const t = addWeightDecay(0.5);
    expect(() => t.update({ w: f64([1, 1]) }, t.init(p))).toThrow(
      "addWeightDecay.update: weight decay needs the parameters: call update(grads, state, params)",
    );
  });
  it("scaleByLearningRate: −γ(t)·g with t counted from 0", () => {
    const t = scaleByLearningRate(stepDecay({ initValue: 1, stepSize: 2, gamma: 0.5 }));
    let s = t.init(f64([0]));
    const seen: number[] = [];
    for (let k = 0; k < 5; k++) {
      const r = t.update(f64([2]), s);
      seen.push((r.updates as Tensor).item());
      s = r.state;
    }
    // γ = 1, 1, 0.5, 0.5, 0.25 → u = −2γ
    expect(seen).toEqual([-2, -2, -1, -1, -0.5]);
    expect(s.count.item()).toBe(5);
  });
});

describe("applyUpdates", () => {
  it("params + updates, leaf by leaf, into a new tree", () => {
    const p = { w: f64([1, 2]), b: [f64([3])] };
    const q = applyUpdates(p, { w: f64([0.5, -1]), b: [f64([-3])] });
    expect(values(q)).toEqual([[0], [1.5, 1]]);
    expect(values(p)).toEqual([[3], [1, 2]]);
  });
  it("casts float64 updates to float32 parameters", () => {
    const q = applyUpdates({ w: tensor([1, 2]) }, { w: f64([0.25, 0.5]) });
    expect(q.w.dtype).toBe("float32");
    expect(values(q)).toEqual([[1.25, 2.5]]);
  });
  it("names the mismatch", () => {
    expect(() => applyUpdates({ w: f64([1]) }, { v: f64([1]) })).toThrow(
      "applyUpdates: update tree structure {v} differs from the parameters' {w}",
    );
    expect(() => applyUpdates({ w: f64([1]) }, { w: f64([1, 2]) })).toThrow(
      "applyUpdates: update at w has shape [2], but the parameters' leaf has [1]",
    );
  });
});
