import { availableParallelism } from "node:os";
import { getNumThreads, matmul, setNumThreads, tensor } from "@tapegrad/autograd";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { gemmPlain } from "../../../packages/autograd/src/gemm";
import { gemmWasm } from "../../../packages/autograd/src/wasm/gemmWasm";
import { lcg, randomArray } from "../../shared/tensors";

// The WebAssembly matrix product may share C's columns among worker threads (Node). Each thread
// computes whole elements in the same summation order, so the result must not depend on the
// number of threads: bit for bit equal to the plain kernel for 1, 2 and 3 threads.
describe("matrix product on worker threads", () => {
  const initial = getNumThreads();
  afterAll(() => setNumThreads(initial));

  it("defaults to the machine's cores (at most 8) unless TAPEGRAD_THREADS says otherwise", () => {
    const env = process.env.TAPEGRAD_THREADS;
    const want = env !== undefined ? Number(env) : Math.min(availableParallelism(), 8);
    expect(initial).toBe(process.env.TAPEGRAD_NO_WASM === "1" ? 1 : want);
  });

  it("gives the plain kernel's bits whatever the number of threads (f32, f64, transposes, cached B)", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 30, max: 140 })),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 9, max: 90 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.integer(),
        (m, k, n, ta, tb, f64, seed) => {
          const F = f64 ? Float64Array : Float32Array;
          const rnd = lcg(seed);
          const a = randomArray(f64, m * k, rnd);
          const b = randomArray(f64, k * n, rnd);
          const want = new F(m * n);
          gemmPlain(a, b, want, m, k, n, ta, tb);
          for (const threads of [1, 2, 3]) {
            setNumThreads(threads);
            for (const cacheB of [false, true, true]) {
              const got = new F(m * n);
              const ran = gemmWasm(a, b, got, m, k, n, ta, tb, cacheB);
              expect(ran).toBe(process.env.TAPEGRAD_NO_WASM !== "1");
              if (ran) expect(Array.from(got)).toEqual(Array.from(want));
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("uses the threads it is given (where worker threads exist)", () => {
    setNumThreads(3);
    expect(getNumThreads()).toBe(process.env.TAPEGRAD_NO_WASM === "1" ? 1 : 3);
    // a product large enough to be shared, through the public API
    const x = tensor(
      Array.from({ length: 64 * 300 }, (_, i) => Math.sin(i)),
      { shape: [64, 300] },
    );
    const w = tensor(
      Array.from({ length: 300 * 40 }, (_, i) => Math.cos(i)),
      { shape: [300, 40] },
    );
    const threaded = Array.from(matmul(x, w).dataSync());
    setNumThreads(1);
    expect(getNumThreads()).toBe(1);
    expect(Array.from(matmul(x, w).dataSync())).toEqual(threaded);
  });

  it("rejects a thread count that is not an integer in [1, 8]", () => {
    for (const bad of [0, -1, 1.5, 9, Number.NaN]) {
      expect(() => setNumThreads(bad)).toThrow(`setNumThreads: n must be an integer in [1, 8], got ${bad}`);
    }
  });
});
