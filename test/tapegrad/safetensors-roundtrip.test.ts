import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { either as E } from "fp-ts";
import * as tg from "tapegrad";
import {
  adam,
  dense,
  fromSafetensors,
  fromSafetensorsE,
  key,
  load,
  loadE,
  mse,
  normal,
  relu,
  type SafetensorsError,
  save,
  scalar,
  serial,
  type Tensor,
  type Tree,
  tensor,
  toSafetensors,
  tree,
  zeros,
} from "tapegrad";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFile, cat, f32, f64, i32, i64, readHeader, u16 } from "./buildSafetensors";

// Bit-exact equality of two trees: same structure, dtypes, shapes, and elements (NaN and −0 included).
const expectSameTree = (a: Tree, b: Tree): void => {
  expect(tree.structureEqual(a, b)).toBe(true);
  const [la] = tree.flatten(a);
  const [lb] = tree.flatten(b);
  la.forEach((x, i) => {
    const y = lb[i]!;
    expect(y.dtype).toBe(x.dtype);
    expect(y.shape).toEqual(x.shape);
    const dx = x.dataSync();
    const dy = y.dataSync();
    for (let j = 0; j < dx.length; j++) expect(Object.is(dx[j], dy[j])).toBe(true);
  });
};

// A parameter tree and an Adam-like optimizer state in all three dtypes, with awkward values.
const params = {
  layers: [
    {
      kernel: tensor([
        [1.5, -2],
        [Number.NaN, -0],
      ]),
      bias: tensor([Number.POSITIVE_INFINITY, 3e-39]),
    },
    { kernel: tensor([[0.1], [0.2]], { dtype: "float64" }), bias: zeros([1], "float64") },
  ],
  embedding: tensor([[7, -8, 2147483647, -2147483648]], { dtype: "int32" }),
  scale: scalar(0.5),
  empty: zeros([0, 3]),
};
const optState = {
  count: scalar(12, "int32"),
  mu: tree.map(params, (t) => t),
  nu: [] as Tree[],
  misc: {} as Record<string, Tree>,
};

describe("toSafetensors / fromSafetensors", () => {
  it("round-trips float32, float64 and int32 trees with their structure, bit for bit", () => {
    expectSameTree(fromSafetensors(toSafetensors(params)), params);
    expectSameTree(fromSafetensors(toSafetensors({ params, optState })), { params, optState });
  });

  it("round-trips a single tensor, a scalar, an empty tree and deep arrays", () => {
    for (const t of [
      tensor([1, 2, 3], { dtype: "float64" }),
      scalar(3, "int32"),
      {},
      [],
      [[[[scalar(1)]]]],
    ] as Tree[])
      expectSameTree(fromSafetensors(toSafetensors(t)), t);
  });

  it("round-trips random trees of random tensors (property)", () => {
    const leaf = fc
      .record({
        dtype: fc.constantFrom("float32" as const, "float64" as const, "int32" as const),
        shape: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
        seed: fc.integer(),
      })
      .map(({ dtype, shape, seed }) => {
        const n = shape.reduce((s, d) => s * d, 1);
        const v = Array.from(
          { length: n },
          (_, i) => ((seed + i * 7919) % 1000) * (dtype === "int32" ? 1 : 0.37),
        );
        return tensor(v, { dtype, shape }) as Tensor;
      });
    const { t: arbTree } = fc.letrec<{ t: Tree }>((rec) => ({
      t: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.array(rec("t"), { maxLength: 3 }),
        fc.dictionary(fc.stringMatching(/^[a-z_]{1,4}$/), rec("t"), { maxKeys: 3 }),
      ),
    }));
    fc.assert(
      fc.property(arbTree, (t) => {
        expectSameTree(fromSafetensors(toSafetensors(t)), t);
      }),
      { numRuns: 50 },
    );
  });

  it("writes the format of the specification: LE length, padded JSON header, aligned LE data", () => {
    const bytes = toSafetensors({
      a: tensor([1, 2], { dtype: "float64" }),
      b: tensor([3], { dtype: "int32" }),
    });
    const { length, json } = readHeader(bytes);
    expect(length % 8).toBe(0); // header padded with spaces to a multiple of 8, as the reference writer
    expect(json.a).toEqual({ dtype: "F64", shape: [2], data_offsets: [0, 16] });
    expect(json.b).toEqual({ dtype: "I32", shape: [1], data_offsets: [16, 20] });
    expect(JSON.parse(json.__metadata__["tapegrad.tree"])).toEqual({ a: "a", b: "b" });
    const data = bytes.subarray(8 + length);
    expect(data).toEqual(cat(f64(1, 2), i32(3)));
    expect(bytes.length).toBe(8 + length + 20);
  });

  it("names tensors by tree path and keeps user metadata", () => {
    const bytes = toSafetensors({ params: [{ kernel: zeros([1]) }] }, { metadata: { format: "pt" } });
    const { json } = readHeader(bytes);
    expect(Object.keys(json).sort()).toEqual(["__metadata__", "params.0.kernel"]);
    expect(json.__metadata__.format).toBe("pt");
  });

  it("reads a file from elsewhere (no tapegrad metadata) as a flat record name → tensor", () => {
    const header = {
      __metadata__: { format: "pt" },
      "model.weight": { dtype: "F32", shape: [2, 2], data_offsets: [0, 16] },
      "model.bias": { dtype: "F32", shape: [2], data_offsets: [16, 24] },
    };
    const file = buildFile(header, cat(f32(1, 2, 3, 4), f32(5, 6)));
    const out = fromSafetensors(file) as Record<string, Tensor>;
    expect(Object.keys(out).sort()).toEqual(["model.bias", "model.weight"]);
    expect(out["model.weight"]!.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(out["model.bias"]!.toArray()).toEqual([5, 6]);
  });

  it("reads F16 and BF16 as float32 and I64 as int32", () => {
    // IEEE binary16: 0x3C00 = 1, 0xC000 = −2, 0x7BFF = 65504 (largest), 0x0001 = 2⁻²⁴ (smallest
    // subnormal), 0x7C00 = +∞, 0x3555 = (1 + 0x155/1024)·2⁻² .
    // bfloat16 is the top half of a float32: 0x3F80 = 1, 0xC0A0 = −5, 0x4049 = 3.140625.
    const header = {
      h: { dtype: "F16", shape: [6], data_offsets: [0, 12] },
      b: { dtype: "BF16", shape: [3], data_offsets: [12, 18] },
      l: { dtype: "I64", shape: [3], data_offsets: [18, 42] },
    };
    const file = buildFile(
      header,
      cat(
        u16(0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00, 0x3555),
        u16(0x3f80, 0xc0a0, 0x4049),
        i64(-3n, 0n, 2147483647n),
      ),
    );
    const out = fromSafetensors(file) as Record<string, Tensor>;
    expect(out.h!.dtype).toBe("float32");
    expect(Array.from(out.h!.dataSync())).toEqual([
      1,
      -2,
      65504,
      2 ** -24,
      Number.POSITIVE_INFINITY,
      Math.fround((1 + 0x155 / 1024) / 4),
    ]);
    expect(Array.from(out.b!.dataSync())).toEqual([1, -5, 3.140625]);
    expect(out.l!.dtype).toBe("int32");
    expect(Array.from(out.l!.dataSync())).toEqual([-3, 0, 2147483647]);
  });

  it("does not let a name like __proto__ change an object's prototype", () => {
    // (An object literal cannot hold a __proto__ key for JSON.stringify: write the header text by hand.)
    const raw = buildFile('{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', f32(9), {
      raw: true,
    });
    const out = fromSafetensors(raw) as Record<string, Tensor>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, "__proto__")).toBe(true);
    expect(E.isRight(fromSafetensorsE(raw))).toBe(true);
  });

  it("refuses trees it cannot name or store", () => {
    expect(() => toSafetensors({ "a.b": zeros([1]), a: { b: zeros([1]) } })).toThrow(/both be named "a.b"/);
    expect(() => toSafetensors({ __metadata__: zeros([1]) })).toThrow(/reserved/);
    expect(() => toSafetensors(zeros([1]), { metadata: { "tapegrad.tree": "x" } })).toThrow(/reserved/);
    expect(() => toSafetensors({ a: 3 } as unknown as Tree)).toThrow(/expected a tensor/);
  });
});

describe("save / load", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tapegrad-st-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("round-trips parameters and optimizer state through a file", async () => {
    const path = join(dir, "model.safetensors");
    await save(path, { params, optState });
    expectSameTree(await load(path), { params, optState });
    const r = await loadE(path);
    expect(E.isRight(r)).toBe(true);
  });

  it("reads an ArrayBuffer (as fetch gives it in a browser)", () => {
    const bytes = toSafetensors(params);
    expectSameTree(fromSafetensors(bytes.slice().buffer), params);
  });

  it("reads from a Node Buffer that is a view into a shared pool", () => {
    const bytes = toSafetensors(params);
    const pooled = Buffer.alloc(bytes.length + 13);
    pooled.set(bytes, 13);
    expectSameTree(fromSafetensors(pooled.subarray(13)), params);
  });

  it("checkpoints real training: resuming from a saved Adam state equals training straight through", async () => {
    const model = serial(dense(4), relu, dense(1));
    const init = model.init(key(0), [2]).params;
    const x = normal(key(1), [32, 2]);
    const y = normal(key(2), [32, 1]);
    const opts = {
      loss: mse,
      optimizer: adam({ learningRate: 1e-2 }),
      x,
      y,
      batchSize: 8,
      shuffle: false,
      progress: false,
    } as const;
    const straight = tg.fit(model, init, { ...opts, epochs: 3 });
    const first = tg.fit(model, init, { ...opts, epochs: 2 });
    const path = join(dir, "checkpoint.safetensors");
    await save(path, { params: first.params, optState: first.optState as Tree });
    const back = await load<{ params: Tree[]; optState: Tree }>(path);
    expectSameTree(back.params, first.params);
    const resumed = tg.fit(model, back.params, { ...opts, epochs: 1, optState: back.optState as never });
    expectSameTree(resumed.params, straight.params);
  });

  it("reports a missing file and a malformed file clearly", async () => {
    const missing = await loadE(join(dir, "nope.safetensors"));
    expect(E.isLeft(missing) && missing.left.reason).toBe("io");
    const bad = join(dir, "bad.safetensors");
    const { writeFile } = await import("node:fs/promises");
    await writeFile(bad, new Uint8Array([1, 2, 3]));
    await expect(load(bad)).rejects.toThrow(/truncated/);
    const r = await loadE(bad);
    expect(E.isLeft(r) && (r.left as SafetensorsError).reason).toBe("truncated");
  });
});
