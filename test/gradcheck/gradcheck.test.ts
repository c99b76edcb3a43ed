import {
  add,
  cos,
  customVjp,
  exp,
  mul,
  sin,
  sum,
  type Tensor,
  take,
  tensor,
  zeros,
} from "@tapegrad/autograd";
import { assertGradientsMatch, gradcheck, leafPaths } from "@tapegrad/gradcheck";
import { describe, expect, it } from "vitest";

const f64 = (v: number[] | number[][], shape?: number[]) => tensor(v, { dtype: "float64", shape });

// sin with a deliberately wrong derivative: d sin(x) given as sin(x) instead of cos(x).
const badSin = customVjp(
  (x: Tensor) => [sin(x), x] as const,
  (x: Tensor, g: Tensor) => [mul(g, sin(x))],
  "badSin",
);

describe("gradcheck: correct ops pass", () => {
  it("passes sin and reports every element", () => {
    const r = gradcheck(sin, f64([0.1, -2, 3]));
    expect(r.ok).toBe(true);
    expect(r.mode).toBe("full");
    expect(r.counts).toEqual({ ok: 3, fail: 0, nondifferentiable: 0, total: 3 });
    expect(r.leaves).toHaveLength(1);
    // d sin(x)/dx = cos(x), contracted with the cotangent: the report's analytic equals cos(x)·c.
    for (const e of r.checks) expect(e.absErr).toBeLessThan(1e-8);
    expect(r.worst).not.toBeNull();
  });

  it("handles trees in and trees out, records by sorted key, int32 inputs as constants", () => {
    const inputs = {
      w: f64([
        [1, 2],
        [3, 4],
      ]),
      b: f64([0.5, -0.5]),
      idx: tensor([1, 0], { dtype: "int32" }),
    };
    const f = (p: typeof inputs) => ({
      y: add(take(p.w, p.idx), p.b),
      s: [sum(exp(p.b))],
    });
    const r = gradcheck(f, inputs);
    expect(r.ok).toBe(true);
    expect(r.leaves.map((l) => l.path)).toEqual(["inputs.b", "inputs.idx", "inputs.w"]);
    expect(r.leaves[1]!.elements).toHaveLength(0); // int32 leaf: a constant, not perturbed
    expect(r.counts.total).toBe(6);
  });

  it("casts float32 inputs to float64 before checking", () => {
    const r = gradcheck(
      (x: Tensor) => {
        expect(x.dtype).toBe("float64");
        return exp(x);
      },
      tensor([0.25, 1]),
    );
    expect(r.ok).toBe(true);
  });

  it("checks in float32 when asked, with a float32 step", () => {
    const r = gradcheck(exp, tensor([0.25, 1]), { dtype: "float32", atol: 1e-2, rtol: 1e-2 });
    expect(r.ok).toBe(true);
    expect(r.options.eps).toBeCloseTo(Math.cbrt(2 ** -23), 12);
  });

  it("uses h = ∛ε·max(1, |x|)", () => {
    const r = gradcheck(sin, f64([0.5, 100]));
    const eps = Math.cbrt(2 ** -52);
    expect(r.checks[0]!.step).toBeCloseTo(eps, 15);
    expect(r.checks[1]!.step).toBeCloseTo(eps * 100, 13);
  });

  it("accepts scalar and zero-size inputs", () => {
    const scalarReport = gradcheck(sin, tensor(0.3, { dtype: "float64" }));
    expect(scalarReport.ok).toBe(true);
    expect(scalarReport.checks[0]!.index).toEqual([]);
    const empty = gradcheck((x: Tensor) => mul(x, 2), zeros([3, 0], "float64"));
    expect(empty.ok).toBe(true);
    expect(empty.counts.total).toBe(0);
    expect(empty.worst).toBeNull();
  });
});

describe("gradcheck: catches wrong gradients", () => {
  const x = f64([0.3, 1.2, -2.5]);

  it("fails a customVjp whose derivative of sin is sin", () => {
    const r = gradcheck(badSin, x);
    expect(r.ok).toBe(false);
    expect(r.counts.fail).toBe(3);
    // The worst element: largest |sin(x) − cos(x)|·|c| relative to tolerance.
    expect(r.worst!.path).toBe("inputs");
    expect(r.worst!.status).toBe("fail");
  });

  it("names the one wrong element of a tree input", () => {
    // Wrong only where x > 1: the gradient there is off by 0.5.
    const halfWrong = customVjp(
      (v: Tensor) => [mul(v, v), v] as const,
      (v: Tensor, g: Tensor) => {
        const d = v.dataSync().map((e) => (e > 1 ? 2 * e + 0.5 : 2 * e));
        return [mul(g, tensor(d, { shape: v.shape, dtype: "float64" }))];
      },
    );
    const inputs = {
      a: f64([0.1, 0.2]),
      b: f64([
        [0.3, 0.4],
        [0.5, 1.7],
      ]),
    };
    const r = gradcheck((p: typeof inputs) => [sin(p.a), halfWrong(p.b)], inputs);
    expect(r.ok).toBe(false);
    expect(r.counts.fail).toBe(1);
    expect(r.worst).toMatchObject({
      path: "inputs.b",
      index: [1, 1],
      flatIndex: 3,
      value: 1.7,
      status: "fail",
    });
    expect(r.worst!.absErr).toBeGreaterThan(0.2);
  });

  it("assertGradientsMatch throws a table naming the worst element", () => {
    const wrongAt2 = customVjp(
      (v: Tensor) => [cos(v), v] as const,
      (v: Tensor, g: Tensor) => {
        // −sin(v), except a deliberate error at flat index 2
        const d = v.dataSync().map((e, i) => -Math.sin(e) + (i === 2 ? 1 : 0));
        return [mul(g, tensor(d, { shape: v.shape, dtype: "float64" }))];
      },
    );
    const v = f64([
      [0.1, 0.2],
      [0.3, 0.4],
    ]);
    let message = "";
    try {
      assertGradientsMatch((p: { weights: Tensor }) => wrongAt2(p.weights), { weights: v });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("gradcheck failed");
    expect(message).toMatch(/leaf\s+index\s+value\s+analytic\s+numeric\s+abs err\s+rel err/);
    expect(message).toContain("worst: inputs.weights at index [1, 0] (flat 2)");
    // The first table row is the worst element.
    const rows = message.split("\n");
    const header = rows.findIndex((l) => l.startsWith("leaf"));
    expect(rows[header + 1]).toMatch(/^inputs\.weights\s+\[1, 0\]\s+0\.3/);
  });

  it("assertGradientsMatch returns the report when gradients match", () => {
    expect(assertGradientsMatch(sin, f64([1, 2])).ok).toBe(true);
  });

  it("does not swallow a VJP that returns a cotangent of the wrong shape", () => {
    const wrongShape = customVjp(
      (v: Tensor) => [sum(v), v] as const,
      (v: Tensor, g: Tensor) => [mul(g, zeros([v.size], "float64"))],
    );
    expect(() =>
      gradcheck(
        wrongShape,
        f64([
          [1, 2],
          [3, 4],
        ]),
      ),
    ).toThrow(/\[4\]/);
  });
});

describe("leafPaths", () => {
  it("follows tree.flatten order", () => {
    const z = zeros([1]);
    expect(leafPaths({ w: z, b: [z, { c: z }] })).toEqual(["inputs.b[0]", "inputs.b[1].c", "inputs.w"]);
    expect(leafPaths(z, "x")).toEqual(["x"]);
  });
});
