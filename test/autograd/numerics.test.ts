/** Numerics by formula (NUMERICS.md): stable softmax family, erf, gelu, extremes of ±1e4. */
import {
  clip,
  type DType,
  elu,
  erf,
  exp,
  expm1,
  gelu,
  leakyRelu,
  log1p,
  logSoftmax,
  logSumExp,
  relu,
  selu,
  sigmoid,
  silu,
  softmax,
  softplus,
  type Tensor,
  tanh,
  tensor,
} from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { allFinite } from "../shared/tensors";
import { expectClose, randArray, rng } from "./helpers";

const dtypes: DType[] = ["float32", "float64"];

describe("finite on extreme inputs (±1e4)", () => {
  for (const dtype of dtypes) {
    const x = tensor([1e4, -1e4, 0, 1e4 - 1], { dtype });
    it(`${dtype}: softmax, logSoftmax, logSumExp, sigmoid, softplus, tanh give no NaN/Infinity`, () => {
      const fns: ((t: Tensor) => Tensor)[] = [
        softmax,
        logSoftmax,
        logSumExp,
        sigmoid,
        softplus,
        tanh,
        silu,
        gelu,
        elu,
        selu,
      ];
      for (const f of fns) {
        const y = f(x);
        expect(allFinite(y), `${f.name} ${dtype}`).toBe(true);
      }
    });

    it(`${dtype}: values at the extremes follow the formulas`, () => {
      // softmax: exp(xᵢ − m)/Σ exp(xⱼ − m) with m = 1e4: e⁰ and e⁻¹ dominate, the rest underflow to 0
      const e1 = Math.exp(-1);
      expectClose(softmax(x).dataSync(), [1 / (1 + e1), 0, 0, e1 / (1 + e1)], 1e-6, 1e-6);
      // logSoftmax(x) = x − m − log Σ exp(x − m)
      const lse = Math.log(1 + e1);
      expectClose(logSoftmax(x).dataSync(), [-lse, -2e4 - lse, -1e4 - lse, -1 - lse], 1e-3, 1e-6);
      expectClose(sigmoid(x).dataSync(), [1, 0, 0.5, 1], 1e-7, 0);
      // softplus = log1p(exp(−|x|)) + max(x, 0)
      expectClose(softplus(x).dataSync(), [1e4, 0, Math.LN2, 1e4 - 1], 1e-6, 1e-6);
      expectClose(tanh(x).dataSync(), [1, -1, 0, 1], 0, 0);
    });
  }

  it("logSumExp([1000, 1000]) = 1000 + ln 2 (naive log Σ exp overflows)", () => {
    expect(logSumExp(tensor([1000, 1000], { dtype: "float64" })).item()).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSumExp(tensor([-1000, -1000], { dtype: "float64" })).item()).toBeCloseTo(-1000 + Math.LN2, 12);
    expect(logSumExp(tensor([1000, 1000])).item()).toBeCloseTo(1000 + Math.LN2, 3);
  });

  it("logSumExp of an all −∞ slice is −∞, with +∞ it is +∞ (not NaN)", () => {
    expect(logSumExp(tensor([-Infinity, -Infinity])).item()).toBe(-Infinity);
    expect(logSumExp(tensor([Infinity, 0])).item()).toBe(Infinity);
  });

  it("softmax rows sum to 1 along the chosen axis, logSoftmax = x − logSumExp", () => {
    const d = randArray(rng(3), 12, -20, 20);
    const x = tensor(d, { shape: [3, 4], dtype: "float64" });
    for (const axis of [0, 1, -1]) {
      const s = softmax(x, { axis });
      const l = logSoftmax(x, { axis });
      const lse = logSumExp(x, { axis, keepdims: true });
      const sd = s.dataSync();
      const ld = l.dataSync();
      const ld2 = lse.dataSync();
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 4; j++) {
          const k = i * 4 + j;
          const r = axis === 0 ? j : i;
          // direct formula with the max shift done here
          const slice =
            axis === 0 ? [0, 1, 2].map((a) => d[a * 4 + j]!) : [0, 1, 2, 3].map((b) => d[i * 4 + b]!);
          const m = Math.max(...slice);
          const z = slice.reduce((acc, v) => acc + Math.exp(v - m), 0);
          expect(sd[k]).toBeCloseTo(Math.exp(d[k]! - m) / z, 14);
          expect(ld[k]).toBeCloseTo(d[k]! - m - Math.log(z), 12);
          expect(ld2[r]).toBeCloseTo(m + Math.log(z), 12);
        }
      }
    }
  });

  it("elementwise functions at ordinary values follow their formulas (float64)", () => {
    const d = randArray(rng(9), 50, -6, 6);
    const x = tensor(d, { dtype: "float64" });
    const cases: [string, (t: Tensor) => Tensor, (v: number) => number][] = [
      ["sigmoid", sigmoid, (v) => 1 / (1 + Math.exp(-v))],
      ["softplus", softplus, (v) => Math.log(1 + Math.exp(v))],
      ["tanh", tanh, Math.tanh],
      ["silu", silu, (v) => v / (1 + Math.exp(-v))],
      ["relu", relu, (v) => Math.max(v, 0)],
      ["elu", elu, (v) => (v > 0 ? v : Math.exp(v) - 1)],
      ["expm1", expm1, Math.expm1],
      ["exp", exp, Math.exp],
    ];
    for (const [name, f, ref] of cases) {
      const got = f(x).dataSync();
      d.forEach((v, i) => {
        expect(Math.abs(got[i]! - ref(v)), `${name}(${v})`).toBeLessThan(
          1e-13 * Math.max(1, Math.abs(ref(v))),
        );
      });
    }
    expect(log1p(tensor([1e-17], { dtype: "float64" })).item()).toBe(1e-17);
  });
});

describe("NaN propagation through activations", () => {
  it("relu, leakyRelu, elu, gelu, softplus, sigmoid, tanh, clip of NaN are NaN (torch.relu(nan) = nan, jax.nn.relu(nan) = nan)", () => {
    const x = tensor([Number.NaN], { dtype: "float64" });
    const fns: [string, (t: Tensor) => Tensor][] = [
      ["relu", relu],
      ["leakyRelu", (t) => leakyRelu(t)],
      ["elu", (t) => elu(t)],
      ["gelu", (t) => gelu(t)],
      ["softplus", softplus],
      ["sigmoid", sigmoid],
      ["tanh", tanh],
      ["clip", (t) => clip(t, -1, 1)],
    ];
    const swallowed = fns.filter(([, f]) => !Number.isNaN(f(x).item())).map(([name]) => name);
    expect(swallowed).toEqual([]);
  });
});

describe("erf (float64, to 1e-14)", () => {
  // Reference values: erf(x) tabulated to 16 digits (Abramowitz & Stegun table 7.1; also scipy.special.erf).
  const known: [number, number][] = [
    [0, 0],
    [0.1, 0.1124629160182849],
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [Math.SQRT1_2, 0.6826894921370859], // P(|Z| < 1) for a standard normal
    [1.5, 0.9661051464753108],
    [2, 0.9953222650189527],
    [3, 0.9999779095030014],
    [4, 0.9999999845827421],
  ];

  it("known values", () => {
    const x = tensor(
      known.map(([v]) => v),
      { dtype: "float64" },
    );
    const y = erf(x).dataSync();
    known.forEach(([v, e], i) => {
      expect(Math.abs(y[i]! - e), `erf(${v})`).toBeLessThanOrEqual(1e-14);
    });
  });

  it("odd symmetry erf(−x) = −erf(x), limits ±1, NaN propagates", () => {
    const d = [...randArray(rng(11), 40, 0, 7), 2.5, 6.5];
    const pos = erf(tensor(d, { dtype: "float64" })).dataSync();
    const neg = erf(
      tensor(
        d.map((v) => -v),
        { dtype: "float64" },
      ),
    ).dataSync();
    d.forEach((_, i) => {
      expect(neg[i]).toBe(-pos[i]!);
    });
    expect(
      Array.from(erf(tensor([Infinity, -Infinity, Number.NaN], { dtype: "float64" })).dataSync()),
    ).toEqual([1, -1, Number.NaN]);
  });

  it("monotone and continuous across the series/continued-fraction switch at 2.5", () => {
    const xs = [2.49, 2.4999999, 2.5, 2.5000001, 2.51];
    const y = erf(tensor(xs, { dtype: "float64" })).dataSync();
    for (let i = 1; i < xs.length; i++) expect(y[i]!).toBeGreaterThanOrEqual(y[i - 1]!);
    // erf′(x) = 2/√π e^(−x²): the jump over 2e-7 at x = 2.5 must match the slope
    const slope = (2 / Math.sqrt(Math.PI)) * Math.exp(-6.25);
    expect(Math.abs(y[3]! - y[1]! - 2e-7 * slope)).toBeLessThan(1e-15);
  });

  it("int32 input is an error naming erf", () => {
    expect(() => erf(tensor([1], { dtype: "int32" }))).toThrow(/erf/);
  });
});

describe("gelu", () => {
  it("exact (default) vs tanh approximation at x = 1, from the formulas", () => {
    // exact: ½x(1 + erf(x/√2)); erf(1/√2) = 0.6826894921370859
    const exact = 0.5 * (1 + 0.6826894921370859);
    // tanh: ½x(1 + tanh(√(2/π)(x + 0.044715x³)))
    const approx = 0.5 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (1 + 0.044715)));
    const x = tensor([1], { dtype: "float64" });
    expect(Math.abs(gelu(x).item() - exact)).toBeLessThan(1e-14);
    expect(Math.abs(gelu(x, { approximate: "none" }).item() - exact)).toBeLessThan(1e-14);
    expect(Math.abs(gelu(x, { approximate: "tanh" }).item() - approx)).toBeLessThan(1e-14);
    expect(Math.abs(gelu({ approximate: "tanh" })(x).item() - approx)).toBeLessThan(1e-14);
    // they are different functions: 0.841344746… vs 0.841191990…
    expect(Math.abs(exact - approx)).toBeGreaterThan(1e-4);
  });

  it("gelu(0) = 0, gelu(x) → x for large x and → 0 for very negative x", () => {
    const y = gelu(tensor([0, 10, -10], { dtype: "float64" })).dataSync();
    expect(y[0]).toBe(0);
    expect(y[1]).toBeCloseTo(10, 12);
    expect(Math.abs(y[2]!)).toBeLessThan(1e-20);
  });
});
