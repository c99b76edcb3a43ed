/** Trees of tensors: map, zipWith, leaves, flatten/unflatten, structureEqual (JAX pytrees). */
import { add, mul, scalar, type Tensor, type Tree, tensor, tree, zeros } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";

const t = (v: number) => scalar(v, "float64");
const values = (ts: Tensor[]) => ts.map((x) => x.item());

describe("tree", () => {
  const params = {
    layer2: { kernel: t(3), bias: t(4) },
    layer1: [t(1), { w: t(2) }],
    empty: {},
    none: [],
  };

  it("leaves: arrays in index order, record keys sorted (as JAX)", () => {
    // sorted top-level keys: empty, layer1, layer2, none; layer2's keys: bias, kernel
    expect(values(tree.leaves(params))).toEqual([1, 2, 4, 3]);
    expect(values(tree.leaves({ b: t(2), a: t(1), c: t(3) }))).toEqual([1, 2, 3]);
    expect(values(tree.leaves([t(1), [t(2), [t(3)]]]))).toEqual([1, 2, 3]);
    expect(tree.leaves({})).toEqual([]);
    expect(tree.leaves([])).toEqual([]);
    const single = t(5);
    expect(tree.leaves(single)).toEqual([single]);
  });

  it("records that differ only in key order flatten alike", () => {
    const a = { x: t(1), y: t(2) };
    const b = { y: t(2), x: t(1) };
    expect(values(tree.leaves(a))).toEqual(values(tree.leaves(b)));
    expect(tree.structureEqual(a, b)).toBe(true);
  });

  it("flatten / unflatten round trip keeps structure, keys and leaf identity", () => {
    const [ls, def] = tree.flatten(params);
    const back = tree.unflatten(def, ls) as typeof params;
    expect(tree.structureEqual(back, params)).toBe(true);
    expect(back.layer2.kernel).toBe(params.layer2.kernel);
    expect((back.layer1[1] as { w: Tensor }).w).toBe((params.layer1[1] as { w: Tensor }).w);
    expect(back.empty).toEqual({});
    expect(back.none).toEqual([]);
    expect(Array.isArray(back.layer1)).toBe(true);
    // replacing leaves in flatten order
    const doubled = tree.unflatten<typeof params>(
      def,
      ls.map((l) => mul(l, 2)),
    );
    expect(doubled.layer2.bias.item()).toBe(8);
    expect((doubled.layer1[0] as Tensor).item()).toBe(2);
  });

  it("unflatten checks the number of leaves", () => {
    const [ls, def] = tree.flatten({ a: t(1), b: t(2) });
    expect(() => tree.unflatten(def, ls.slice(1))).toThrow(/leaves/);
    expect(() => tree.unflatten(def, [...ls, t(3)])).toThrow(/leaves/);
  });

  it("map applies f to each leaf with its flatten index, keeping structure", () => {
    const m = tree.map(params, (x, i) => add(x, i * 10));
    expect(tree.structureEqual(m, params)).toBe(true);
    // leaves in order 1, 2, 4, 3 get +0, +10, +20, +30
    expect(values(tree.leaves(m))).toEqual([1, 12, 24, 33]);
    expect(m.layer2.kernel.item()).toBe(33);
    expect(tree.map({}, (x) => x)).toEqual({});
  });

  it("map does not touch the input tree", () => {
    const before = values(tree.leaves(params));
    tree.map(params, (x) => mul(x, 0));
    expect(values(tree.leaves(params))).toEqual(before);
    expect(Object.keys(params.layer2)).toEqual(["kernel", "bias"]);
  });

  it("zipWith combines matching leaves of several trees", () => {
    const a = { w: t(1), b: [t(2), t(3)] };
    const b = { b: [t(10), t(20)], w: t(30) };
    const c = { w: t(100), b: [t(200), t(300)] };
    const z = tree.zipWith((x, y, w) => add(add(x, y), w), a, b, c);
    expect(z.w.item()).toBe(131);
    expect(values(z.b as Tensor[])).toEqual([212, 323]);
    expect(tree.zipWith((x) => x, {}).constructor).toBe(Object);
  });

  it("structureEqual: keys, lengths, nesting, leaf versus container", () => {
    expect(tree.structureEqual({ a: t(1) }, { a: zeros([3, 3]) })).toBe(true);
    expect(tree.structureEqual({ a: t(1) }, { b: t(1) })).toBe(false);
    expect(tree.structureEqual([t(1)], [t(1), t(2)])).toBe(false);
    expect(tree.structureEqual([t(1)], { 0: t(1) })).toBe(false);
    expect(tree.structureEqual({ a: [t(1)] }, { a: t(1) })).toBe(false);
    expect(tree.structureEqual({}, {})).toBe(true);
    expect(tree.structureEqual({}, [])).toBe(false);
    expect(tree.structureEqual({ a: {} }, { a: {} })).toBe(true);
    expect(tree.structureEqual({ a: {} }, { a: [] })).toBe(false);
  });

  it("describe prints a structure", () => {
    const [, def] = tree.flatten({ w: t(1), b: t(2), sub: [t(3)] });
    expect(tree.describe(def)).toBe("{b, sub: [leaf], w}");
  });

  it("deep nesting", () => {
    let deep: Tree = t(7);
    for (let i = 0; i < 200; i++) deep = i % 2 === 0 ? [deep] : { k: deep };
    const [ls, def] = tree.flatten(deep);
    expect(values(ls)).toEqual([7]);
    expect(tree.structureEqual(tree.unflatten(def, [tensor(1)]), deep)).toBe(true);
  });

  it("paths name each leaf in flatten order (records by sorted key, arrays by index)", () => {
    const x = tensor(1);
    const def = tree.flatten({ w: x, layers: [{ kernel: x, bias: x }, x], b: x })[1];
    expect(tree.paths(def)).toEqual(["b", "layers[0].bias", "layers[0].kernel", "layers[1]", "w"]);
    expect(tree.paths(def, "params")).toEqual([
      "params.b",
      "params.layers[0].bias",
      "params.layers[0].kernel",
      "params.layers[1]",
      "params.w",
    ]);
    expect(tree.paths(tree.flatten(x)[1], "inputs")).toEqual(["inputs"]);
    expect(tree.paths(tree.flatten([x, [x]])[1])).toEqual(["[0]", "[1][0]"]);
  });

  it("defEqual compares structures, not leaves", () => {
    const d = (t: Tree) => tree.flatten(t)[1];
    expect(tree.defEqual(d({ a: tensor(1), b: [tensor(2)] }), d({ b: [zeros([3])], a: tensor(5) }))).toBe(
      true,
    );
    expect(tree.defEqual(d({ a: tensor(1) }), d({ b: tensor(1) }))).toBe(false);
    expect(tree.defEqual(d([tensor(1)]), d([tensor(1), tensor(1)]))).toBe(false);
    expect(tree.defEqual(d([tensor(1)]), d({ 0: tensor(1) }))).toBe(false);
    expect(tree.defEqual(d(tensor(1)), d([tensor(1)]))).toBe(false);
  });
});
