import { abs, grad, sub, sum, type Tensor, tensor } from "@tapegrad/autograd";
import { gradientProperty } from "@tapegrad/gradcheck";
import { huber, logCosh, mae, mse, smoothL1 } from "@tapegrad/losses";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allFinite, apart, arbPair, expectClose, f64, flat } from "./helpers";

const P = [0.5, -2, 3.25, 0, 1e-3, -7];
const T = [0.25, 1, 3.25, -1.5, 0, -2];
const E = P.map((p, i) => p - T[i]!);
const avg = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
const tot = (xs: number[]) => xs.reduce((s, v) => s + v, 0);

// Reference formulas, per element e = pred − target (NUMERICS.md, Losses; PyTorch docs).
const refs: Record<string, (e: number) => number> = {
  mse: (e) => e * e, // MSELoss: (x − y)²
  mae: (e) => Math.abs(e), // L1Loss: |x − y|
  huber: (e) => (Math.abs(e) <= 1 ? 0.5 * e * e : Math.abs(e) - 0.5), // HuberLoss, δ = 1
  smoothL1: (e) => (Math.abs(e) < 1 ? 0.5 * e * e : Math.abs(e) - 0.5), // SmoothL1Loss, β = 1
  logCosh: (e) => Math.log(Math.cosh(e)), // log(cosh(x − y))
};
const fns: Record<string, (p: Tensor, t: Tensor, o?: { reduction?: "mean" | "sum" | "none" }) => Tensor> = {
  mse,
  mae,
  huber,
  smoothL1,
  logCosh,
};

describe.each(Object.keys(refs))("%s", (name) => {
  const f = fns[name]!;
  const ref = refs[name]!;

  it("matches the formula with every reduction", () => {
    const p = tensor([P.slice(0, 3), P.slice(3)], { dtype: "float64" });
    const t = tensor([T.slice(0, 3), T.slice(3)], { dtype: "float64" });
    const none = f(p, t, { reduction: "none" });
    expect(none.shape).toEqual([2, 3]);
    expectClose(none, E.map(ref));
    expectClose(f(p, t), avg(E.map(ref)));
    expectClose(f(p, t, { reduction: "sum" }), tot(E.map(ref)));
  });

  it("works in float32 and on scalars", () => {
    const p = tensor(P);
    const v = f(p, tensor(T)).item();
    expect(Math.abs(v - avg(E.map(ref)))).toBeLessThan(1e-5 * Math.max(1, Math.abs(v)));
    expectClose(f(f64(2.5), f64(1)), ref(1.5));
  });

  it("has float64 gradients that match finite differences", () => {
    // Off the kinks of mae/huber/smoothL1 (e = 0 and |e| = 1), where the quotient means nothing.
    fc.assert(
      gradientProperty(([p, t]: [Tensor, Tensor]) => f(p, t, { reduction: "none" }), [arbPair()], {
        autoKinks: false,
        precondition: ([p, t]) => apart(p, t, 1e-3) && apart(p, t, 1e-3, 1),
      }),
      { numRuns: 25 },
    );
    fc.assert(
      gradientProperty(([p, t]: [Tensor, Tensor]) => f(p, t), [arbPair({}, {}, { allowZero: false })], {
        autoKinks: false,
        precondition: ([p, t]) => apart(p, t, 1e-3) && apart(p, t, 1e-3, 1),
      }),
      { numRuns: 15 },
    );
  });

  it("is finite with finite gradients for errors of ±1e4", () => {
    const p = f64([1e4, -1e4, 3e4]);
    const t = f64([-1e4, 1e4, 0]);
    const g = grad((q: Tensor) => f(q, t, { reduction: "sum" }))(p);
    expect(allFinite(f(p, t, { reduction: "none" }))).toBe(true);
    expect(allFinite(g)).toBe(true);
  });

  it("gives a size-zero result for size-zero inputs, and a NaN mean (PyTorch)", () => {
    const z = tensor([], { dtype: "float64", shape: [0, 3] });
    expect(f(z, z, { reduction: "none" }).shape).toEqual([0, 3]);
    expect(f(z, z, { reduction: "sum" }).item()).toBe(0);
    expect(Number.isNaN(f(z, z).item())).toBe(true);
  });
});

describe("gradients at the kinks and beyond", () => {
  const g = (f: (p: Tensor, t: Tensor) => Tensor, p: number[], t: number[]) =>
    flat(grad((q: Tensor) => f(q, f64(t)))(f64(p)));

  it("mse: 2e/N", () => expectClose(g(mse, [3, -1], [1, 1]), [2, -2]));
  it("mae: sign(e)/N, 0 at e = 0 (PyTorch l1_loss)", () =>
    expectClose(g(mae, [3, 1, -1], [1, 1, 1]), [1 / 3, 0, -1 / 3]));
  it("huber: e inside, δ·sign(e) outside, δ at |e| = δ from both sides", () => {
    const r = (p: Tensor, t: Tensor) => huber(p, t, { delta: 2, reduction: "sum" });
    expectClose(g(r, [0.5, 5, -5, 2, -2, 0], [0, 0, 0, 0, 0, 0]), [0.5, 2, -2, 2, -2, 0]);
  });
  it("huber: δ(|e| − ½δ) outside the quadratic zone", () => {
    expectClose(huber(f64([10]), f64([0]), { delta: 2, reduction: "sum" }), 2 * (10 - 1));
  });
  it("smoothL1 = huber(β)/β, and β = 0 is the L1 loss", () => {
    const p = f64(P);
    const t = f64(T);
    expectClose(smoothL1(p, t, { beta: 0.5 }), flat(huber(p, t, { delta: 0.5 }))[0]! / 0.5);
    expectClose(smoothL1(p, t, { beta: 0 }), flat(mae(p, t)));
    const gs = g((a, b) => smoothL1(a, b, { beta: 2, reduction: "sum" }), [1, 3, -3], [0, 0, 0]);
    expectClose(gs, [0.5, 1, -1]); // e/β inside, sign(e) outside
  });
  it("logCosh: gradient tanh(e), ±1 for e = ±1e4, value |e| − log 2 there", () => {
    expectClose(
      g((a, b) => logCosh(a, b, { reduction: "sum" }), [0.3, 0, 1e4, -1e4], [0, 0, 0, 0]),
      [Math.tanh(0.3), 0, 1, -1],
    );
    expectClose(logCosh(f64([1e4]), f64([0])), 1e4 - Math.LN2);
  });
  it("mse and mae differ from their naive forms only in rounding", () => {
    const p = f64(P);
    const t = f64(T);
    expectClose(mae(p, t, { reduction: "sum" }), flat(sum(abs(sub(p, t)))));
  });
});
