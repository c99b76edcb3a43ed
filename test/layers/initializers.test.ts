import { key, split } from "@tapegrad/autograd";
import {
  constantInit,
  fans,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  type Initializer,
  initializers,
  lecunNormal,
  lecunUniform,
  normalInit,
  onesInit,
  uniformInit,
  zerosInit,
} from "@tapegrad/layers";
import { describe, expect, it } from "vitest";
import { flat, moments } from "./helpers";

const SHAPE = [200, 300]; // fan_in 200, fan_out 300: 60 000 samples
const [FAN_IN, FAN_OUT] = [200, 300];
const TRUNC = 0.87962566103423978; // std of N(0, 1) truncated to [−2, 2]

// NUMERICS.md, Initialization: the bound of each uniform and the target std of each normal.
const uniforms: [string, Initializer, number][] = [
  ["glorotUniform", glorotUniform, Math.sqrt(6 / (FAN_IN + FAN_OUT))],
  ["heUniform", heUniform, Math.sqrt(6 / FAN_IN)],
  ["heUniform({ slope: 0.2 })", heUniform({ slope: 0.2 }), Math.sqrt((3 * (2 / (1 + 0.04))) / FAN_IN)],
  ["lecunUniform", lecunUniform, Math.sqrt(3 / FAN_IN)],
];
const normals: [string, Initializer, number][] = [
  ["glorotNormal", glorotNormal, Math.sqrt(2 / (FAN_IN + FAN_OUT))],
  ["heNormal", heNormal, Math.sqrt(2 / FAN_IN)],
  ["heNormal({ slope: 0.2 })", heNormal({ slope: 0.2 }), Math.sqrt(2 / (1 + 0.04) / FAN_IN)],
  ["lecunNormal", lecunNormal, Math.sqrt(1 / FAN_IN)],
];

describe.each(uniforms)("%s", (_name, init, limit) => {
  it("is U(±limit): inside the bound, reaching it, variance limit²/3, mean 0", () => {
    const w = init(key(0), SHAPE).dataSync();
    const m = moments(w);
    let big = 0;
    for (const v of w) big = Math.max(big, Math.abs(v));
    expect(big).toBeLessThanOrEqual(limit);
    expect(big).toBeGreaterThan(0.995 * limit);
    expect(Math.abs(m.variance / ((limit * limit) / 3) - 1)).toBeLessThan(0.03);
    expect(Math.abs(m.mean)).toBeLessThan(0.02 * limit);
  });
});

describe.each(normals)("%s", (_name, init, std) => {
  it("is a normal truncated at ±2σ, σ = std/0.8796…, whose std is std", () => {
    const w = init(key(1), SHAPE).dataSync();
    const m = moments(w);
    const sigma = std / TRUNC;
    let big = 0;
    for (const v of w) big = Math.max(big, Math.abs(v));
    expect(big).toBeLessThanOrEqual(2 * sigma * (1 + 1e-6));
    expect(big).toBeGreaterThan(1.95 * sigma);
    expect(Math.abs(Math.sqrt(m.variance) / std - 1)).toBeLessThan(0.02);
    expect(Math.abs(m.mean)).toBeLessThan(0.02 * std);
  });
});

describe("every initializer", () => {
  const all = [...uniforms, ...normals].map(([n, f]) => [n, f] as const);

  it.each(all)("%s: same key, same values; another key, other values; float64 on request", (_n, init) => {
    const [k1, k2] = split(key(7), 2);
    expect(flat(init(k1!, [3, 4]))).toEqual(flat(init(k1!, [3, 4])));
    expect(flat(init(k1!, [3, 4]))).not.toEqual(flat(init(k2!, [3, 4])));
    const w = init(k1!, [3, 4], "float64");
    expect(w.dtype).toBe("float64");
    expect(init(k1!, [3, 4]).dtype).toBe("float32");
  });

  it.each(all)("%s: rejects an int32 dtype", (_n, init) => {
    expect(() => init(key(0), [2, 2], "int32")).toThrow(/needs a float dtype, got int32/);
  });

  it("he and lecun need a non-empty fan_in", () => {
    expect(() => heUniform(key(0), [0, 4])).toThrow("heUniform: needs a non-empty fan, got shape [0, 4]");
  });

  it("are grouped as `initializers`", () => {
    expect(initializers.glorotUniform).toBe(glorotUniform);
    expect(initializers.zeros).toBe(zerosInit);
    expect(Object.keys(initializers).sort()).toEqual(
      [
        "constant",
        "glorotNormal",
        "glorotUniform",
        "heNormal",
        "heUniform",
        "lecunNormal",
        "lecunUniform",
        "normal",
        "ones",
        "uniform",
        "zeros",
      ].sort(),
    );
  });
});

describe("fans (Keras compute_fans)", () => {
  it("dense kernel (in, out), conv kernel (kh, kw, in, out), vector and scalar", () => {
    expect(fans([3, 4])).toEqual({ fanIn: 3, fanOut: 4 });
    expect(fans([3, 3, 16, 32])).toEqual({ fanIn: 9 * 16, fanOut: 9 * 32 });
    expect(fans([5])).toEqual({ fanIn: 5, fanOut: 5 });
    expect(fans([])).toEqual({ fanIn: 1, fanOut: 1 });
  });
});

describe("deterministic initializers", () => {
  it("zeros, ones and constant ignore the key", () => {
    expect(flat(zerosInit(key(0), [2, 2]))).toEqual([0, 0, 0, 0]);
    expect(flat(onesInit(key(0), [3]))).toEqual([1, 1, 1]);
    expect(flat(constantInit(0.5)(key(3), [2], "float64"))).toEqual([0.5, 0.5]);
  });

  it("normalInit and uniformInit take their parameters", () => {
    const n = moments(normalInit({ mean: 2, stddev: 0.5 })(key(2), [40000]).dataSync());
    expect(Math.abs(n.mean - 2)).toBeLessThan(0.01);
    expect(Math.abs(Math.sqrt(n.variance) - 0.5)).toBeLessThan(0.01);
    const u = uniformInit({ minval: 1, maxval: 3 })(key(2), [1000]).dataSync();
    expect(Math.min(...u)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...u)).toBeLessThan(3);
  });
});
