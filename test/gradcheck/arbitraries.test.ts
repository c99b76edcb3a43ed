import { add, customVjp, div, log, mul, sin, type Tensor } from "@tapegrad/autograd";
import {
  arbBroadcastablePair,
  arbBroadcastableShapes,
  arbShape,
  arbTensor,
  gradientProperty,
} from "@tapegrad/gradcheck";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const sizeOf = (s: readonly number[]) => s.reduce((a, d) => a * d, 1);
// NumPy broadcasting of two shapes, written out here (not the library's): align right, 1 stretches.
const broadcast = (a: readonly number[], b: readonly number[]): number[] | null => {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(x === 1 ? y : x);
  }
  return out;
};

describe("arbitraries", () => {
  it("arbShape generates scalars, zero-size shapes and respects its bounds", () => {
    const shapes = fc.sample(arbShape({ maxRank: 3, maxDim: 4 }), { numRuns: 400, seed: 1 });
    expect(shapes.some((s) => s.length === 0)).toBe(true);
    expect(shapes.some((s) => s.length > 0 && sizeOf(s) === 0)).toBe(true);
    expect(shapes.every((s) => s.length <= 3 && s.every((d) => d >= 0 && d <= 4))).toBe(true);
    const noZero = fc.sample(arbShape({ minRank: 1, allowZero: false }), { numRuns: 200, seed: 2 });
    expect(noZero.every((s) => s.length >= 1 && sizeOf(s) > 0)).toBe(true);
  });

  it("arbTensor honours shape, dtype, bounds and avoid", () => {
    fc.assert(
      fc.property(arbTensor({ shape: [2, 3], min: 0.5, max: 2 }), (t) => {
        expect(t.shape).toEqual([2, 3]);
        expect(t.dtype).toBe("float64");
        expect(Array.from(t.dataSync()).every((v) => v >= 0.5 && v <= 2)).toBe(true);
      }),
      { numRuns: 30 },
    );
    const ints = fc.sample(arbTensor({ dtype: "int32", min: -2, max: 2 }), { numRuns: 50, seed: 3 });
    expect(
      ints.every((t) => t.dtype === "int32" && Array.from(t.dataSync()).every((v) => v >= -2 && v <= 2)),
    ).toBe(true);
    const avoided = fc.sample(arbTensor({ avoid: { at: [0, 1], margin: 0.1 } }), { numRuns: 100, seed: 4 });
    const vals = avoided.flatMap((t) => Array.from(t.dataSync()));
    expect(vals.every((v) => Math.abs(v) >= 0.1 && Math.abs(v - 1) >= 0.1)).toBe(true);
    const generated = fc.sample(arbTensor({ shape: fc.constant([4]) }), 3);
    expect(generated.every((t) => t.shape[0] === 4)).toBe(true);
  });

  it("arbBroadcastableShapes broadcast, with rank differences and size-1 axes", () => {
    const pairs = fc.sample(arbBroadcastableShapes(), { numRuns: 300, seed: 5 });
    expect(pairs.every(([a, b]) => broadcast(a, b) !== null)).toBe(true);
    expect(pairs.some(([a, b]) => a.length !== b.length)).toBe(true);
    expect(pairs.some(([a, b]) => a.some((d, i) => d === 1 && b[b.length - a.length + i]! > 1))).toBe(true);
    const tensors = fc.sample(arbBroadcastablePair({ min: 1, max: 2 }), { numRuns: 50, seed: 6 });
    for (const [a, b] of tensors) expect(add(a, b).shape).toEqual(broadcast(a.shape, b.shape));
  });
});

describe("gradientProperty", () => {
  it("passes a correct op over generated shapes", () => {
    fc.assert(
      gradientProperty(
        (x: Tensor, y: Tensor) => mul(x, y),
        [arbTensor({ shape: [3] }), arbTensor({ shape: [3] })],
      ),
      { numRuns: 20 },
    );
    fc.assert(
      gradientProperty(([a, b]: Tensor[]) => add(a!, b!), [arbBroadcastablePair()]),
      { numRuns: 20 },
    );
  });

  it("fails a wrong op with the report table in the message", () => {
    const badSin = customVjp(
      (x: Tensor) => [sin(x), x] as const,
      (x: Tensor, g: Tensor) => [mul(g, sin(x))],
    );
    let error: unknown;
    try {
      fc.assert(gradientProperty(badSin, [arbTensor({ shape: [2], min: 0.5, max: 1 })]), { numRuns: 5 });
    } catch (e) {
      error = e;
    }
    // fast-check reports the counterexample and keeps the property's error as the cause.
    expect((error as Error).message).toContain("Counterexample");
    expect(((error as Error).cause as Error).message).toMatch(
      /gradcheck failed[\s\S]*leaf\s+index[\s\S]*worst: inputs\[0\]/,
    );
  });

  it("filters samples with a precondition", () => {
    // 1/x: skip samples with an element near the pole.
    fc.assert(
      gradientProperty((x: Tensor) => div(1, x), [arbTensor()], {
        precondition: (x) => Array.from(x.dataSync()).every((v) => Math.abs(v) > 0.1),
      }),
      { numRuns: 20 },
    );
  });

  it("fails on non-finite outputs unless skipNonFinite is set", () => {
    const zeros = fc.constant(arbTensor({ shape: [2], min: 0, max: 0 }));
    expect(() =>
      fc.assert(
        gradientProperty((x: Tensor) => log(x), [zeros.chain((a) => a)]),
        { numRuns: 3 },
      ),
    ).toThrow();
    // Every sample is skipped, so fast-check reports too many skips — never a silent pass.
    expect(() =>
      fc.assert(
        gradientProperty((x: Tensor) => log(x), [zeros.chain((a) => a)], { skipNonFinite: true }),
        {
          numRuns: 3,
        },
      ),
    ).toThrow(/pre-?condition/);
  });

  it("checks second order with order: 2", () => {
    fc.assert(
      gradientProperty((x: Tensor) => mul(sin(x), x), [arbTensor({ shape: [2] })], { order: 2 }),
      {
        numRuns: 5,
      },
    );
  });
});
