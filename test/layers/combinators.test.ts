import {
  add,
  concat,
  isTensor,
  key,
  leakyRelu,
  mul,
  ones,
  relu,
  split,
  sum,
  type Tensor,
  type Tree,
  tanh,
  tree,
  valueAndGrad,
  zeros,
} from "@tapegrad/autograd";
import { arbTensor, gradientProperty } from "@tapegrad/gradcheck";
import { asLayer, batchNorm, dense, dropout, type Layer, parallel, residual, serial } from "@tapegrad/layers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectClose, f64, flat } from "./helpers";

const X = f64([
  [1, -2, 0.5],
  [0, 3, -1],
]);

describe("serial", () => {
  it("threads shapes and gives each sublayer its own key, params in an array (stax)", () => {
    const model = serial(dense(4, { dtype: "float64" }), relu, dense(2, { dtype: "float64" }));
    const { params, outputShape, state } = model.init(key(0), [3]);
    expect(outputShape).toEqual([2]);
    expect(params).toHaveLength(3);
    expect(params[1]).toEqual({});
    expect(state).toEqual([{}, {}, {}]);
    const keys = split(key(0), 3);
    const d0 = dense(4, { dtype: "float64" }).init(keys[0]!, [3]).params;
    expect(flat((params[0] as { kernel: Tensor }).kernel)).toEqual(flat(d0.kernel));
  });

  it("applies its sublayers in order, plain functions included", () => {
    const l1 = dense(4, { dtype: "float64" });
    const l2 = dense(2, { dtype: "float64" });
    const model = serial(l1, tanh, l2);
    const { params } = model.init(key(1), [3]);
    const manual = l2.apply(params[2], tanh(l1.apply(params[0], X)));
    expectClose(model.apply(params, X), flat(manual));
    const y = model.applyWithState!(params, [{}, {}, {}], X);
    expectClose(y.y, flat(manual));
    expect(y.state).toEqual([{}, {}, {}]);
  });

  it("takes a configured activation (leakyRelu({ slope })) and finds its output shape", () => {
    const model = serial(dense(12), leakyRelu({ slope: 0.01 }), (x: Tensor) =>
      sum(x, { axis: -1, keepdims: true }),
    );
    expect(model.init(key(0), [3]).outputShape).toEqual([1]);
  });

  it("splits ctx.key per sublayer, so two dropouts draw different masks", () => {
    const model = serial(dropout(0.5), dropout(0.5));
    const k = key(3);
    const x = ones([4, 50]);
    const y = model.apply([{}, {}], x, { training: true, key: k });
    const [k0, k1] = split(k, 2);
    const manual = dropout(0.5).apply({}, dropout(0.5).apply({}, x, { training: true, key: k0 }), {
      training: true,
      key: k1,
    });
    expect(flat(y)).toEqual(flat(manual));
    expect(flat(dropout(0.5).apply({}, x, { training: true, key: k0 }))).not.toEqual(
      flat(dropout(0.5).apply({}, x, { training: true, key: k1 })),
    );
  });

  it("threads the state of stateful sublayers through applyWithState", () => {
    const model = serial(dense(3, { dtype: "float64" }), batchNorm({ dtype: "float64" }), relu);
    const { params, state } = model.init(key(0), [3]);
    const r = model.applyWithState!(params, state!, X, { training: true });
    const bnState = (r.state as Tree[])[1] as { mean: Tensor };
    expect(flat(bnState.mean)).not.toEqual([0, 0, 0]);
    // inference through apply reads ctx.state per sublayer
    const inf = model.apply(params, X, { state: r.state });
    expectClose(inf, flat(model.applyWithState!(params, r.state, X).y));
  });

  it("is differentiable end to end: gradients have the params' structure", () => {
    const model = serial(dense(4), relu, residual(dense(4), tanh), parallel(dense(2), dense(1)));
    const { params } = model.init(key(0), [3]);
    const [, g] = valueAndGrad((p: typeof params) => sum(model.apply(p, zeros([5, 3]))))(params);
    expect(tree.structureEqual(g, params)).toBe(true);
  });

  it("with no layers is the identity", () => {
    const id = serial();
    expect(id.init(key(0), [3]).outputShape).toEqual([3]);
    expect(flat(id.apply([], X))).toEqual(flat(X));
  });

  it("has float64 gradients (params and input) that match finite differences", () => {
    const model = serial(dense(3, { dtype: "float64" }), tanh, dense(2, { dtype: "float64" }));
    const arb = fc.tuple(
      fc.tuple(
        fc.record({ kernel: arbTensor({ shape: [2, 3] }), bias: arbTensor({ shape: [3] }) }),
        fc.constant({}),
        fc.record({ kernel: arbTensor({ shape: [3, 2] }), bias: arbTensor({ shape: [2] }) }),
      ),
      arbTensor({ shape: [3, 2] }),
    );
    fc.assert(
      gradientProperty(([p, x]: [Tree[], Tensor]) => model.apply(p as never, x), [arb], { autoKinks: false }),
      { numRuns: 15 },
    );
  });

  describe("bad input", () => {
    it("an argument that is neither a layer nor a function", () => {
      expect(() => serial(dense(2), 3 as never)).toThrow(
        "serial: argument 1 is neither a layer nor a function (x) => Tensor: got number",
      );
    });
    it("params of the wrong structure", () => {
      const model = serial(dense(2), relu);
      expect(() => model.apply({ kernel: zeros([3, 2]) } as never, zeros([1, 3]))).toThrow(
        "serial: params must be an array with one entry per sublayer (2), got object",
      );
      expect(() => model.apply([{}] as never, zeros([1, 3]))).toThrow(
        "serial: params must be an array with one entry per sublayer (2), got an array of 1",
      );
    });
    it("a wrong feature size deep inside names the layer and shapes", () => {
      const model = serial(dense(4), relu, dense(2));
      const { params } = model.init(key(0), [3]);
      expect(() => model.apply(params, zeros([2, 5]))).toThrow(
        "dense: input of shape [2, 5] has 5 features on its last axis, but the layer was initialized for 3 (kernel [3, 4])",
      );
    });
    it("a function that does not map a batch to a batch", () => {
      const total = (x: Tensor) => sum(x);
      expect(() => serial(total).init(key(0), [3])).toThrow(
        "total: as a layer must map a batch to a batch; on input [1, 3] it returned shape []",
      );
    });
  });
});

describe("parallel", () => {
  it("concatenates the branches on the last axis by default", () => {
    const a = dense(2, { dtype: "float64" });
    const b = serial(dense(3, { dtype: "float64" }), relu);
    const model = parallel(a, b);
    const { params, outputShape } = model.init(key(0), [3]);
    expect(outputShape).toEqual([5]);
    const manual = concat([a.apply(params[0], X), b.apply(params[1], X)], { axis: -1 });
    expectClose(model.apply(params, X), flat(manual));
  });

  it("sums with { combine: 'sum' }", () => {
    const a = dense(2, { dtype: "float64" });
    const model = parallel(a, (x: Tensor) => mul(x, 2), { combine: "sum" });
    const { params, outputShape } = serial(dense(2, { dtype: "float64" }), model).init(key(0), [3]);
    expect(outputShape).toEqual([2]);
    const inner = params[1];
    const x = f64([[1, 2]]);
    expectClose(model.apply(inner, x), flat(add(a.apply(inner[0], x), mul(x, 2))));
  });

  it("rejects branches whose shapes do not combine, and an unknown combine", () => {
    expect(() => parallel(dense(2), dense(3), { combine: "sum" }).init(key(0), [3])).toThrow(
      "parallel: 'sum' needs equal shapes: branch output shapes [2], [3]",
    );
    expect(() => parallel(dense(2), { combine: "max" as never })).toThrow(
      "parallel: combine must be 'concat' or 'sum', got max",
    );
    expect(() => parallel()).toThrow("parallel: needs at least one branch");
  });
});

describe("residual", () => {
  it("adds the branch to its input", () => {
    const branch = serial(dense(3, { dtype: "float64" }), tanh);
    const block = residual(dense(3, { dtype: "float64" }), tanh);
    const { params } = block.init(key(2), [3]);
    expectClose(block.apply(params, X), flat(add(X, branch.apply(params, X))));
  });

  it("rejects a branch that changes the shape", () => {
    expect(() => residual(dense(4)).init(key(0), [3])).toThrow(
      "residual: the branch maps [3] to [4]; a residual needs them equal",
    );
  });

  it("gives each use of one block object its own params", () => {
    const block = residual(dense(3), relu);
    const model: Layer = serial(block, block);
    const { params } = model.init(key(0), [3]);
    const k0 = flat(((params[0] as Tree[])[0] as { kernel: Tensor }).kernel);
    const k1 = flat(((params[1] as Tree[])[0] as { kernel: Tensor }).kernel);
    expect(k0).not.toEqual(k1);
  });
});

describe("asLayer", () => {
  it("wraps a plain function with empty params and state", () => {
    const l = asLayer(relu);
    expect(l.init(key(0), [2, 3])).toEqual({ params: {}, outputShape: [2, 3], state: {} });
    expect(flat(l.apply({}, f64([-1, 2])))).toEqual([0, 2]);
  });
});

describe("immutability", () => {
  // Freezes the records and arrays of a tree (tensors are immutable by construction).
  const deepFreeze = <T>(t: T): T => {
    if (isTensor(t) || typeof t !== "object" || t === null) return t;
    Object.values(t).forEach(deepFreeze);
    return Object.freeze(t);
  };

  it("init, apply, applyWithState and grad never write to params or state", () => {
    const model = serial(dense(3, { dtype: "float64" }), batchNorm({ dtype: "float64" }), dropout(0.5), relu);
    const { params, state } = model.init(key(0), [3]);
    const before = flat(((params as Tree[])[0] as { kernel: Tensor }).kernel);
    deepFreeze(params);
    deepFreeze(state);
    model.applyWithState!(params, state!, X, { training: true, key: key(1) });
    model.apply(params, X, { state });
    valueAndGrad((p: typeof params) => sum(model.apply(p, X, { training: true, key: key(2) })))(params);
    expect(flat(((params as Tree[])[0] as { kernel: Tensor }).kernel)).toEqual(before);
    expect(flat(((state as Tree[])[1] as { mean: Tensor }).mean)).toEqual([0, 0, 0]);
  });
});
