import { abs, customVjp, div, max, maximum, mul, relu, sum, type Tensor, tensor } from "@tapegrad/autograd";
import { gradcheck, type NonDifferentiablePredicate } from "@tapegrad/gradcheck";
import { describe, expect, it } from "vitest";

const f64 = (v: number[]) => tensor(v, { dtype: "float64" });

describe("gradcheck: non-differentiable points", () => {
  it("reports relu at 0 as non-differentiable without a declaration (one-sided quotients 0 and 1)", () => {
    const r = gradcheck(relu, f64([0, 1.5, -2]));
    expect(r.ok).toBe(true);
    expect(r.checks.map((c) => c.status)).toEqual(["nondifferentiable", "ok", "ok"]);
    const [qMinus, qPlus] = r.checks[0]!.oneSided;
    // relu(x) one-sided derivatives at 0: 0 from the left, 1 from the right (times the cotangent).
    expect(qMinus).toBe(0);
    expect(Math.abs(qPlus)).toBeGreaterThan(0.5);
    expect(r.worst!.flatIndex).not.toBe(0); // the kink is never the "worst" offender
  });

  it("reports abs at 0 as non-differentiable when 0 is declared a kink", () => {
    const declared = gradcheck(abs, f64([0, 2, -1e-7]), { nonDifferentiable: { at: [0] } });
    // −1e-7 is within h ≈ 6e-6 of the kink: its difference interval straddles 0 too.
    expect(declared.checks.map((c) => c.status)).toEqual(["nondifferentiable", "ok", "nondifferentiable"]);
    expect(declared.counts.nondifferentiable).toBe(2);
  });

  it("a wrong derivative at a smooth point still fails with autoKinks on", () => {
    const wrongRelu = customVjp(
      (x: Tensor) => [relu(x), x] as const,
      (_x: Tensor, g: Tensor) => [g], // derivative 1 everywhere: wrong for x < 0
    );
    const r = gradcheck(wrongRelu, f64([-1, 1]));
    expect(r.ok).toBe(false);
    expect(r.checks.map((c) => c.status)).toEqual(["fail", "ok"]);
  });

  it("a 1% error on a steep smooth function is not mistaken for a kink", () => {
    // d/dx 1/x = −1/x², given 1% too large; at x = 0.05 the curvature is 2/x³ = 16000.
    const offRecip = customVjp(
      (x: Tensor) => [div(1, x), x] as const,
      (x: Tensor, g: Tensor) => [mul(g, mul(div(-1, mul(x, x)), 1.01))],
    );
    const r = gradcheck(offRecip, f64([0.05, 2]));
    expect(r.checks.map((c) => c.status)).toEqual(["fail", "fail"]);
  });

  it("a broadcast element tied at one position and within h of a tie at another is a kink", () => {
    // a[i] meets b = 5.99e-6 ≈ h: the step b ± h crosses both ties; the central quotient is off.
    const r = gradcheck(
      ([a, b]: Tensor[]) => maximum(a!, b!),
      [f64([0, 0]), tensor(5.99e-6, { dtype: "float64" })],
    );
    expect(r.ok).toBe(true);
    expect(r.checks[2]!.status).toBe("nondifferentiable");
  });

  it("autoKinks: false turns the kink into a failure", () => {
    expect(gradcheck(relu, f64([0]), { autoKinks: false }).ok).toBe(false);
  });

  it("reports max ties through a predicate, and ties split the gradient so the central difference agrees", () => {
    const x = f64([3, 1, 3]);
    // A tie: another element equals this one within the step.
    const tie: NonDifferentiablePredicate = (v, _leaf, i, inputs, h) => {
      const d = (inputs as Tensor).dataSync();
      return d.some((w, j) => j !== i && Math.abs(w - v) <= 2 * h);
    };
    const r = gradcheck((t: Tensor) => max(t), x, { nonDifferentiable: { where: tie } });
    expect(r.checks.map((c) => c.status)).toEqual(["nondifferentiable", "ok", "nondifferentiable"]);
    // Without the declaration: gradient ½ each at the tie, and the central difference
    // (f(x+h) − f(x−h))/2h = (h − 0)/2h = ½ agrees, so the check passes.
    const plain = gradcheck((t: Tensor) => max(t), x);
    expect(plain.ok).toBe(true);
    expect(plain.checks[0]!.analytic / plain.checks[0]!.numeric).toBeCloseTo(1, 6);
  });

  it("maximum(a, b) at a tie: declared via a predicate over both inputs", () => {
    const a = f64([1, 2]);
    const b = f64([1, 3]);
    const tie: NonDifferentiablePredicate = (_v, leaf, i, inputs, h) => {
      const [x, y] = inputs as Tensor[];
      return leaf <= 1 && Math.abs(x!.dataSync()[i]! - y!.dataSync()[i]!) <= 2 * h;
    };
    const r = gradcheck(([x, y]: Tensor[]) => maximum(x!, y!), [a, b], { nonDifferentiable: { where: tie } });
    expect(r.ok).toBe(true);
    expect(r.checks.map((c) => `${c.path}[${c.flatIndex}]:${c.status}`)).toEqual([
      "inputs[0][0]:nondifferentiable",
      "inputs[0][1]:ok",
      "inputs[1][0]:nondifferentiable",
      "inputs[1][1]:ok",
    ]);
  });

  it("a kink away from the point does not mask anything", () => {
    const r = gradcheck((t: Tensor) => sum(mul(abs(t), 2)), f64([0.5, -0.5]), {
      nonDifferentiable: { at: [0] },
    });
    expect(r.counts).toMatchObject({ ok: 2, nondifferentiable: 0 });
  });
});
