import {
  add,
  type DType,
  div,
  grad,
  leakyRelu,
  linear,
  matmul,
  mul,
  relu,
  sub,
  sum,
  type Tensor,
  tensor,
} from "@tapegrad/autograd";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WASM_ELEMENTWISE_MIN } from "../../../packages/autograd/src/wasm/elementwise";
import { wasmAvailable } from "../../../packages/autograd/src/wasm/module";

// From WASM_ELEMENTWISE_MIN elements, add/sub/mul/div (same shapes or a scalar operand) and
// relu/leakyRelu run in WebAssembly SIMD. Their definition is IEEE arithmetic rounded to the
// element type, which a plain loop states directly (Math.fround for float32): the results must
// equal it bit for bit, −0 and NaN included, at lengths on both sides of the threshold and not
// multiples of the four SIMD lanes. With TAPEGRAD_NO_WASM=1 the same tests check the plain loops.

const specials = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-45, -3e38, 1];

const values = (n: number, seed: number): number[] => {
  let s = seed >>> 0;
  return Array.from({ length: n }, (_, i) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    if (i % 53 === 0) return specials[s % specials.length]!;
    return (s / 2 ** 32 - 0.5) * 10 ** ((s % 9) - 4);
  });
};

const expectSameBits = (got: Tensor, want: readonly number[]) => {
  const g = Array.from(got.dataSync());
  expect(g.length).toBe(want.length);
  const bad = g.findIndex((v, i) => !Object.is(v, want[i]));
  expect(bad === -1 ? "all equal" : `index ${bad}: got ${g[bad]}, want ${want[bad]}`).toBe("all equal");
};

const ops = [
  ["add", add, (x: number, y: number) => x + y],
  ["sub", sub, (x: number, y: number) => x - y],
  ["mul", mul, (x: number, y: number) => x * y],
  ["div", div, (x: number, y: number) => x / y],
] as const;

const arbN = fc.oneof(
  fc.integer({ min: WASM_ELEMENTWISE_MIN - 5, max: WASM_ELEMENTWISE_MIN + 300 }),
  fc.integer({ min: 1, max: 40 }),
);

describe("elementwise kernels: WebAssembly SIMD and plain loops agree with IEEE arithmetic", () => {
  it("uses WebAssembly here unless TAPEGRAD_NO_WASM=1", () => {
    expect(wasmAvailable()).toBe(process.env.TAPEGRAD_NO_WASM !== "1");
  });

  for (const dtype of ["float32", "float64"] as DType[]) {
    const round = dtype === "float32" ? Math.fround : (x: number) => x;
    for (const [name, op, ref] of ops) {
      it(`${name} (${dtype}): same shapes, scalar right, scalar left`, () => {
        fc.assert(
          fc.property(arbN, fc.integer(), fc.integer(), (n, s1, s2) => {
            const a = values(n, s1).map(round);
            const b = values(n, s2).map(round);
            const A = tensor(a, { dtype });
            const B = tensor(b, { dtype });
            expectSameBits(
              op(A, B),
              a.map((x, i) => round(ref(x, b[i]!))),
            );
            const s = b[1 % n]!;
            expectSameBits(
              op(A, tensor(s, { dtype })),
              a.map((x) => round(ref(x, s))),
            );
            expectSameBits(
              op(tensor(s, { dtype }), A),
              a.map((x) => round(ref(s, x))),
            );
          }),
          { numRuns: 12 },
        );
      });
    }

    for (const slope of [0, 0.01, 2]) {
      it(`leakyRelu slope ${slope} (${dtype}): values and gradient`, () => {
        const s = round(slope);
        fc.assert(
          fc.property(arbN, fc.integer(), fc.integer(), (n, s1, s2) => {
            const x = values(n, s1).map(round);
            const w = values(n, s2).map(round);
            const X = tensor(x, { dtype });
            const f = (t: Tensor) => (slope === 0 ? relu(t) : leakyRelu(t, { slope }));
            // relu(x) = max(x, 0) (NaN kept, −0 → 0); leakyRelu(x) = x ≤ 0 ? slope·x : x
            expectSameBits(
              f(X),
              x.map((v) => (slope === 0 ? Math.max(v, 0) : v <= 0 ? round(v * s) : v)),
            );
            // d/dx Σ w·f(x) = w·f′(x): x ≤ 0 ? slope·w : w (relu: 0)
            const W = tensor(w, { dtype });
            const g = grad((t: Tensor) => sum(mul(W, f(t))))(X);
            expectSameBits(
              g,
              x.map((v, i) => (v <= 0 ? (slope === 0 ? 0 : round(w[i]! * s)) : w[i]!)),
            );
          }),
          { numRuns: 10 },
        );
      });
    }
  }

  // sum over a middle or leading axis: a running float64 sum per output element over the reduced
  // axis in order, rounded to the dtype at the end (the plain kernel's definition)
  for (const dtype of ["float32", "float64"] as DType[]) {
    const round = dtype === "float32" ? Math.fround : (x: number) => x;
    it(`sum over a middle axis (${dtype}): running float64 sums in order, one rounding`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 3 }),
          fc.integer({ min: 1, max: 70 }),
          fc.integer({ min: 2, max: 90 }),
          fc.integer(),
          (outer, red, inner, seed) => {
            const x = values(outer * red * inner, seed).map((v) => (Number.isFinite(v) ? round(v) : 0));
            const want: number[] = [];
            for (let o = 0; o < outer; o++)
              for (let i = 0; i < inner; i++) {
                let acc = 0;
                for (let r = 0; r < red; r++) acc += x[(o * red + r) * inner + i]!;
                want.push(round(acc));
              }
            expectSameBits(sum(tensor(x, { dtype, shape: [outer, red, inner] }), { axis: 1 }), want);
          },
        ),
        { numRuns: 30 },
      );
    });

    it(`linear's bias is added after the product, one rounding each (${dtype})`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 70 }),
          fc.integer({ min: 1, max: 90 }),
          fc.integer(),
          (m, n, seed) => {
            const k = 20;
            const x = tensor(
              values(m * k, seed).map((v) => (Number.isFinite(v) ? round(v) : 1)),
              { dtype, shape: [m, k] },
            );
            const w = tensor(
              values(k * n, seed + 1).map((v) => (Number.isFinite(v) ? round(v) : 1)),
              { dtype, shape: [k, n] },
            );
            const b = values(n, seed + 2).map(round);
            const product = Array.from(matmul(x, w).dataSync());
            expectSameBits(
              linear(x, w, tensor(b, { dtype })),
              product.map((v, i) => round(v + b[i % n]!)),
            );
          },
        ),
        { numRuns: 30 },
      );
    });
  }
});
