import {
  customVjp,
  exp,
  key,
  mul,
  normal,
  relu,
  sin,
  softmax,
  sum,
  type Tensor,
  tanh,
  tensor,
} from "@tapegrad/autograd";
import { gradcheck } from "@tapegrad/gradcheck";
import { describe, expect, it } from "vitest";

const big = (seed: number, n: number) => normal(key(seed), [n], { dtype: "float64" });

describe("gradcheck: random-direction mode", () => {
  it("switches to directions above maxElements and passes a correct op", () => {
    const x = big(1, 600);
    const r = gradcheck((t: Tensor) => softmax(tanh(t)), x);
    expect(r.mode).toBe("directions");
    expect(r.ok).toBe(true);
    expect(r.counts.total).toBe(4); // one check per direction (default 4)
    expect(r.checks[0]!.path).toBe("direction 0");
  });

  it("is forced with mode: 'directions' and the direction count is configurable", () => {
    const r = gradcheck(exp, tensor([0.1, 0.2], { dtype: "float64" }), { mode: "directions", directions: 7 });
    expect(r.mode).toBe("directions");
    expect(r.counts.total).toBe(7);
    expect(r.ok).toBe(true);
  });

  it("catches a wrong gradient on a large input", () => {
    const badSin = customVjp(
      (x: Tensor) => [sin(x), x] as const,
      (x: Tensor, g: Tensor) => [mul(g, sin(x))],
    );
    const r = gradcheck((t: Tensor) => sum(badSin(t)), big(2, 1000));
    expect(r.mode).toBe("directions");
    expect(r.ok).toBe(false);
    expect(r.counts.fail).toBeGreaterThan(0);
  });

  it("flags a direction whose step straddles a declared kink", () => {
    const x = tensor(
      Array.from({ length: 300 }, (_, i) => (i === 17 ? 0 : 1 + i / 100)),
      { dtype: "float64" },
    );
    const r = gradcheck(relu, x, { nonDifferentiable: { at: [0] } });
    expect(r.mode).toBe("directions");
    expect(r.checks.every((c) => c.status === "nondifferentiable")).toBe(true);
    expect(r.ok).toBe(true);
  });
});
