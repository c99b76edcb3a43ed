import {
  isTensor,
  scalar,
  type Tensor,
  type Tree,
  type TreeDef,
  tensor,
  tree,
  zeros,
} from "@tapegrad/autograd";
import {
  type AdamState,
  adadelta,
  adagrad,
  adam,
  adamax,
  adamw,
  amsgrad,
  applyUpdates,
  chain,
  clipByGlobalNorm,
  type GradientTransformation,
  kerasAdam,
  kerasRmsprop,
  nadam,
  type RmspropState,
  radam,
  rmsprop,
  type SgdState,
  scaleByLearningRate,
  sgd,
  traceMomentum,
} from "@tapegrad/optim";
import { describe, expect, it } from "vitest";
import { fromTree, gradAt, snapshot, THETA0, toTree } from "./helpers";

const optimizers: Record<string, () => GradientTransformation<any>> = {
  sgd: () => sgd({ learningRate: 0.1, momentum: 0.9, weightDecay: 0.1 }),
  adam: () => adam({ learningRate: 0.1, weightDecay: 0.1 }),
  amsgrad: () => amsgrad({ learningRate: 0.1, beta2: 0.6 }),
  adamw: () => adamw({ learningRate: 0.1 }),
  kerasAdam: () => kerasAdam({ learningRate: 0.1 }),
  rmsprop: () => rmsprop({ momentum: 0.9, centered: true }),
  kerasRmsprop: () => kerasRmsprop({ momentum: 0.5 }),
  adagrad: () => adagrad({ lrDecay: 0.1, initialAccumulatorValue: 0.1 }),
  adadelta: () => adadelta({ weightDecay: 0.1 }),
  adamax: () => adamax(),
  nadam: () => nadam({ weightDecay: 0.1, decoupledWeightDecay: true }),
  radam: () => radam(),
  chain: () =>
    chain(clipByGlobalNorm(0.5), traceMomentum({ decay: 0.9, dampening: 0.5 }), scaleByLearningRate(0.1)),
};
const entries = Object.entries(optimizers);
const gradsAt = (t: number) => toTree(THETA0.map((_, i) => gradAt(t, i)));

// Freezes every record, array and tensor object of a tree: a write anywhere then throws (ESM is strict).
const deepFreeze = <T>(t: T): T => {
  if (typeof t === "object" && t !== null) {
    if (!isTensor(t)) for (const v of Object.values(t)) deepFreeze(v);
    Object.freeze(t);
  }
  return t;
};

// Plain JSON for a state: its structure and, per leaf, dtype, shape and values.
interface Saved {
  readonly def: TreeDef;
  readonly leaves: { dtype: Tensor["dtype"]; shape: number[]; data: number[] }[];
}
const save = (s: Tree): string => {
  const [leaves, def] = tree.flatten(s);
  const out: Saved = {
    def,
    leaves: leaves.map((l) => ({ dtype: l.dtype, shape: [...l.shape], data: Array.from(l.dataSync()) })),
  };
  return JSON.stringify(out);
};
const load = (json: string): Tree => {
  const { def, leaves } = JSON.parse(json) as Saved;
  return tree.unflatten(
    def,
    leaves.map((l) => tensor(l.data, { dtype: l.dtype, shape: l.shape })),
  );
};

describe("state: plain data", () => {
  it("the named optimizers' states are typed trees", () => {
    const p = toTree(THETA0);
    const a: AdamState = adam().init(p);
    const r: RmspropState = rmsprop({ centered: true }).init(p);
    const s: SgdState = sgd({ learningRate: 1 }).init(p);
    const asTrees: Tree[] = [a, r, s];
    expect(asTrees.every((t) => tree.leaves(t).every(isTensor))).toBe(true);
    expect(a[1].count.dtype).toBe("int32");
    expect(a[1].count.shape).toEqual([]);
    expect(tree.structureEqual(a[1].mu, p)).toBe(true);
    expect(s).toEqual([{}, {}, { count: scalar(0, "int32") }]); // no buffer without momentum
    expect(s[2].count.item()).toBe(0); // toEqual compares a tensor's shape and dtype, not its values
  });

  it.each(entries)("%s: saved as JSON after 4 steps and loaded, continues the same trajectory", (_, make) => {
    const opt = make();
    const run = (steps: readonly number[], params: Tree, state: unknown) => {
      for (const t of steps) {
        const r = opt.update(gradsAt(t), state, params);
        params = applyUpdates(params, r.updates);
        state = r.state;
      }
      return { params, state };
    };
    const p0 = toTree(THETA0);
    const straight = run([1, 2, 3, 4, 5, 6, 7], p0, opt.init(p0));
    const half = run([1, 2, 3, 4], p0, opt.init(p0));
    const resumed = run([5, 6, 7], load(save(half.params)), load(save(half.state as Tree)));
    expect(fromTree(resumed.params)).toEqual(fromTree(straight.params));
    expect(save(resumed.state as Tree)).toBe(save(straight.state as Tree));
  });
});

describe("immutability", () => {
  it.each(entries)("%s: update changes neither params, grads nor state", (_, make) => {
    const opt = make();
    const params = deepFreeze(toTree(THETA0));
    let state = opt.init(params);
    state = opt.update(gradsAt(1), state, params).state; // a state with non-zero buffers
    deepFreeze(state);
    const grads = deepFreeze(gradsAt(2));
    const before = [snapshot(params), snapshot(grads), snapshot(state), save(state)];
    const r = opt.update(grads, state, params);
    const next = applyUpdates(params, r.updates);
    expect([snapshot(params), snapshot(grads), snapshot(state), save(state)]).toEqual(before);
    expect(r.state).not.toBe(state);
    expect(fromTree(next)).not.toEqual(THETA0);
  });
});

describe("dtypes and shapes", () => {
  it("float32 parameters keep float32 state and updates", () => {
    const p = { w: tensor([1, -2, 3]) };
    const opt = adam({ learningRate: 0.1 });
    const s = opt.init(p);
    const r = opt.update({ w: tensor([0.5, 0.5, -1]) }, s, p);
    expect(tree.leaves(r.updates).map((l) => l.dtype)).toEqual(["float32"]);
    expect((r.state[1].mu as Record<string, Tensor>).w!.dtype).toBe("float32");
    // first Adam step: m̂ = g, v̂ = g², so u = −γ·g/(|g| + ε) ≈ −0.1·sign(g)
    const u = Array.from(tree.leaves(r.updates)[0]!.dataSync());
    u.forEach((x, i) => void expect(x).toBeCloseTo([-0.1, -0.1, 0.1][i]!, 6));
  });
  it.each(entries)("%s: scalar and size-zero parameters", (_, make) => {
    const opt = make();
    const p = { s: scalar(2, "float64"), e: zeros([0, 3], "float64") };
    const st = opt.init(p);
    const r = opt.update({ s: scalar(0.5, "float64"), e: zeros([0, 3], "float64") }, st, p);
    const q = applyUpdates(p, r.updates);
    expect(q.e.shape).toEqual([0, 3]);
    expect(q.s.shape).toEqual([]);
    expect(Number.isFinite(q.s.item())).toBe(true);
    expect(q.s.item()).toBeLessThan(2);
  });
});
