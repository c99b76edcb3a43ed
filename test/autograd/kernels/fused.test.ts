import {
  adamMomentsComposite,
  add,
  type DType,
  fusedAdamMoments,
  grad,
  greater,
  leakyRelu,
  lessEqual,
  linear,
  matmul,
  mul,
  ones,
  relu,
  reshape,
  sum,
  type Tensor,
  tensor,
  where,
} from "@tapegrad/autograd";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { wasmAvailable } from "../../../packages/autograd/src/wasm/module";

// A fused kernel is a fast path of its op-by-op definition: the values must be identical bit for
// bit (float32 included: the kernel rounds after every operation as the ops do).
const arbValues = (n: number) =>
  fc.array(
    fc.oneof(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.constantFrom(0, -0, 1e-30, 1e30, -1e-7)),
    {
      minLength: n,
      maxLength: n,
    },
  );

describe("fused Adam moments", () => {
  for (const dtype of ["float32", "float64"] as DType[]) {
    it(`equals the composite bit for bit (${dtype})`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 20 }).chain((n) => fc.tuple(arbValues(n), arbValues(n), arbValues(n))),
          fc.double({ min: 0, max: 0.999, noNaN: true }),
          fc.double({ min: 0, max: 0.9999, noNaN: true }),
          fc.integer({ min: 1, max: 10_000 }),
          fc.constantFrom(1e-8, 1e-7, 0, 1e-3),
          ([g, m, v], beta1, beta2, t, eps) => {
            const G = tensor(g, { dtype });
            const M = tensor(m, { dtype });
            const V = tensor(v.map(Math.abs), { dtype });
            const o = { beta1, beta2, bc1: 1 - beta1 ** t, bc2: 1 - beta2 ** t, eps };
            const fast = fusedAdamMoments(G, M, V, o).map((x) => Array.from(x.dataSync()));
            const slow = adamMomentsComposite(G, M, V, o).map((x) => Array.from(x.dataSync()));
            expect(fast).toEqual(slow);
          },
        ),
        { numRuns: 200 },
      );
    });
  }

  // From 256 elements the WebAssembly SIMD kernel runs (four lanes at a time, then a scalar
  // tail): lengths around that edge and not multiples of the lane count.
  for (const dtype of ["float32", "float64"] as DType[]) {
    it(`equals the composite bit for bit on the WebAssembly path too (${dtype}, 250–600 elements)`, () => {
      // (the plain loop when the suite runs again with TAPEGRAD_NO_WASM=1)
      expect(wasmAvailable()).toBe(process.env.TAPEGRAD_NO_WASM !== "1");
      fc.assert(
        fc.property(
          fc.integer({ min: 250, max: 600 }),
          fc.integer(),
          fc.double({ min: 0, max: 0.999, noNaN: true }),
          fc.double({ min: 0, max: 0.9999, noNaN: true }),
          fc.integer({ min: 1, max: 10_000 }),
          fc.constantFrom(1e-8, 0, 1e-3),
          (n, seed, beta1, beta2, t, eps) => {
            let s = seed >>> 0;
            const rnd = () =>
              ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5) * 10 ** ((s % 7) - 3);
            const arr = () => Array.from({ length: n }, (_, i) => (i % 97 === 0 ? 0 : rnd()));
            const G = tensor(arr(), { dtype });
            const M = tensor(arr(), { dtype });
            const V = tensor(arr().map(Math.abs), { dtype });
            const o = { beta1, beta2, bc1: 1 - beta1 ** t, bc2: 1 - beta2 ** t, eps };
            const fast = fusedAdamMoments(G, M, V, o).map((x) => Array.from(x.dataSync()));
            const slow = adamMomentsComposite(G, M, V, o).map((x) => Array.from(x.dataSync()));
            expect(fast).toEqual(slow);
          },
        ),
        { numRuns: 25 },
      );
    });
  }

  it("rejects mismatched shapes, naming them", () => {
    expect(() =>
      fusedAdamMoments(tensor([1, 2]), tensor([1]), tensor([1, 2]), {
        beta1: 0.9,
        beta2: 0.999,
        bc1: 0.1,
        bc2: 0.001,
        eps: 1e-8,
      }),
    ).toThrow(/adamMoments: shapes differ: \[2\], \[1\], \[2\]/);
  });
});

describe("fused relu / leakyRelu", () => {
  // Definition: leakyRelu(x) = where(x ≤ 0, slope·x, x) (NaN passes through), d = where(x ≤ 0, slope, 1).
  for (const slope of [0, 0.01, 0.3, 2]) {
    it(`values and gradients equal the where-composite (slope ${slope})`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.oneof(fc.double({ min: -100, max: 100, noNaN: true }), fc.constant(0)), {
            maxLength: 30,
          }),
          (xs) => {
            const x = tensor(xs);
            const f = slope === 0 ? relu : leakyRelu({ slope });
            const composite = (t: typeof x) => where(lessEqual(t, 0), slope === 0 ? 0 : mul(t, slope), t);
            expect(Array.from(f(x).dataSync())).toEqual(Array.from(composite(x).dataSync()));
            const w = tensor(xs.map((_, i) => i - 3.5));
            const g1 = grad((t: typeof x) => sum(mul(f(t), w)))(x).dataSync();
            const g2 = grad((t: typeof x) => sum(mul(where(greater(t, 0), t, mul(t, slope)), w)))(
              x,
            ).dataSync();
            expect(Array.from(g1)).toEqual(Array.from(g2));
          },
        ),
        { numRuns: 100 },
      );
    });
  }
});

describe("fused linear", () => {
  // Definition: linear(x, W, b) = matmul(x, W) + b with the batch axes flattened into rows, i.e.
  // reshape(add(matmul(reshape(x, [m, k]), W), b), [...batch, n]); gradients as that composite's.
  // (For 2-D x this is add(matmul(x, W), b) itself; with more batch axes, the unflattened
  // composite sums dW batch by batch, a different summation order.)
  it("values and gradients equal matmul + add, bit for bit (float32, batch axes, WebAssembly sizes too)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 2 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer(),
        (batch, k, n, seed) => {
          let s = seed >>> 0;
          const rnd = (len: number) =>
            Array.from(
              { length: len },
              () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5,
            );
          const m = batch.reduce((a, d) => a * d, 1);
          const x = tensor(rnd(m * k), { shape: [...batch, k] });
          const w = tensor(rnd(k * n), { shape: [k, n] });
          const b = tensor(rnd(n));
          const c = tensor(rnd(m * n), { shape: [...batch, n] });
          const composite = (x: Tensor, w: Tensor, b: Tensor) =>
            reshape(add(matmul(reshape(x, [m, k]), w), b), [...batch, n]);
          expect(Array.from(linear(x, w, b).dataSync())).toEqual(Array.from(composite(x, w, b).dataSync()));
          const loss = (f: (p: Tensor[]) => Tensor) => (p: Tensor[]) => sum(mul(f(p), c));
          const g1 = grad(loss(([x, w, b]) => linear(x!, w!, b!)))([x, w, b]);
          const g2 = grad(loss(([x, w, b]) => composite(x!, w!, b!)))([x, w, b]);
          for (const [i, g] of g1.entries())
            expect(Array.from(g.dataSync())).toEqual(Array.from(g2[i]!.dataSync()));
        },
      ),
      { numRuns: 40 },
    );
  });

  it("names itself and the shapes on bad input", () => {
    expect(() => linear(ones([2, 3]), ones([4, 5]))).toThrow(
      /linear: input \[2, 3\] does not match weight \[4, 5\]/,
    );
    expect(() => linear(ones([2, 3]), ones([3, 5]), ones([4]))).toThrow(
      /linear: bias \[4\] does not match weight \[3, 5\]/,
    );
    expect(() => linear(ones([2, 3]), ones([3]))).toThrow(/linear: the weight must be 2-D/);
    expect(() => linear(ones([2, 3]), ones([3, 5], "float64"))).toThrow(/linear: dtype mismatch/);
  });
});
