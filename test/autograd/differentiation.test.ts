/**
 * The differentiation API (grad, valueAndGrad, vjp, jvp, hvp, stopGradient, customVjp) checked
 * against derivatives worked out by hand — finite differences live in test/autograd/gradients.
 */
import {
  add,
  cast,
  customVjp,
  exp,
  grad,
  hvp,
  jvp,
  log,
  matmul,
  mean,
  mul,
  ones,
  scalar,
  sign,
  sin,
  stopGradient,
  sub,
  sum,
  type Tensor,
  tensor,
  tree,
  valueAndGrad,
  vjp,
  zeros,
} from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { expectClose } from "./helpers";

const f64 = (v: number[] | number[][] | number) => tensor(v, { dtype: "float64" });
const arr = (t: Tensor) => Array.from(t.dataSync());

describe("grad over trees", () => {
  it("returns gradients with the structure of the argument", () => {
    const x = f64([1, 2, 3]);
    const params = { w: f64([0.5, -1, 2]), b: f64(0.25), extra: [f64([1, 1]), { s: f64(3) }] };
    // L = Σ w·x + b + Σ extra[0]² + s·b
    const loss = (p: typeof params) =>
      add(
        add(sum(mul(p.w, x)), p.b),
        add(sum(mul(p.extra[0] as Tensor, p.extra[0] as Tensor)), mul((p.extra[1] as { s: Tensor }).s, p.b)),
      );
    const g = grad(loss)(params);
    expect(tree.structureEqual(g, params)).toBe(true);
    expect(arr(g.w)).toEqual([1, 2, 3]); // ∂L/∂w = x
    expect(g.b.item()).toBe(1 + 3); // ∂L/∂b = 1 + s
    expect(arr(g.extra[0] as Tensor)).toEqual([2, 2]); // 2·extra[0]
    expect((g.extra[1] as { s: Tensor }).s.item()).toBe(0.25); // ∂L/∂s = b
    expect(g.w.shape).toEqual([3]);
    expect(g.b.shape).toEqual([]);
    expect(g.w.dtype).toBe("float64");
  });

  it("leaves that do not influence the loss get zeros of their shape and dtype", () => {
    const g = grad((p: { a: Tensor; unused: Tensor }) => sum(p.a))({ a: f64([1, 2]), unused: zeros([2, 2]) });
    expect(arr(g.a)).toEqual([1, 1]);
    expect(g.unused.shape).toEqual([2, 2]);
    expect(g.unused.dtype).toBe("float32");
    expect(arr(g.unused)).toEqual([0, 0, 0, 0]);
  });

  it("grad of a constant function is zero; grad is idempotent", () => {
    const x = f64([1, 2]);
    expect(arr(grad((_x: Tensor) => scalar(3, "float64"))(x))).toEqual([0, 0]);
    const f = (t: Tensor) => sum(mul(t, t));
    expect(arr(grad(f)(x))).toEqual(arr(grad(f)(x)));
  });

  it("an argument passed through unchanged: grad of sum(x) is ones, of x (scalar) is 1", () => {
    expect(grad((x: Tensor) => x)(f64(5)).item()).toBe(1);
    expect(arr(grad((x: Tensor) => sum(x))(f64([[1, 2]])))).toEqual([1, 1]);
  });
});

describe("valueAndGrad", () => {
  it("returns the value and the gradient", () => {
    // f(x) = Σ x², f = 14, ∇f = 2x
    const [v, g] = valueAndGrad((x: Tensor) => sum(mul(x, x)))(f64([1, 2, 3]));
    expect(v.item()).toBe(14);
    expect(v.shape).toEqual([]);
    expect(arr(g)).toEqual([2, 4, 6]);
  });

  it("hasAux: f returns [loss, aux]; the result is [[loss, aux], grads] (JAX)", () => {
    const x = f64([1, 2]);
    const f = (p: Tensor) => {
      const pred = mul(p, 3);
      return [sum(pred), { pred, note: "hello" }] as const;
    };
    const [[loss, aux], g] = valueAndGrad(f, { hasAux: true })(x);
    expect(loss.item()).toBe(9);
    expect(arr(g)).toEqual([3, 3]);
    expect(aux.note).toBe("hello");
    expect(arr(aux.pred)).toEqual([3, 6]);
    // aux tensors are plain values afterwards: usable in a later grad as constants
    const g2 = grad((y: Tensor) => sum(mul(y, aux.pred)))(f64([1, 1]));
    expect(arr(g2)).toEqual([3, 6]);
  });

  it("extra arguments pass through as constants", () => {
    const f = (w: Tensor, xs: Tensor, ys: Tensor, scale: number) =>
      mul(sum(mul(sub(mul(w, xs), ys), 1)), scale);
    const xs = f64([1, 2, 3]);
    const ys = f64([0, 1, 0]);
    const [v, g] = valueAndGrad(f)(f64([2, 2, 2]), xs, ys, 10);
    // f = 10·Σ(w·x − y) = 10·(2 + 3 + 6) = 110; ∂f/∂w = 10·x
    expect(v.item()).toBe(110);
    expect(arr(g)).toEqual([10, 20, 30]);
    expect(arr(grad(f)(f64([0, 0, 0]), xs, ys, 1))).toEqual([1, 2, 3]);
  });
});

describe("stopGradient", () => {
  it("blocks the gradient: d/dx Σ x·sg(x) = sg(x) = x, not 2x", () => {
    const x = f64([1, -2, 3]);
    expect(arr(grad((t: Tensor) => sum(mul(t, stopGradient(t))))(x))).toEqual([1, -2, 3]);
    expect(arr(grad((t: Tensor) => sum(stopGradient(t)))(x))).toEqual([0, 0, 0]);
  });

  it("is the identity on values", () => {
    const x = f64([1, 2]);
    expect(arr(stopGradient(x))).toEqual([1, 2]);
  });
});

describe("higher order", () => {
  it("grad(grad(f)): d²/dx² x³ = 6x", () => {
    const cube = (x: Tensor) => mul(mul(x, x), x);
    for (const x0 of [-2, 0, 0.5, 3]) {
      const d2 = grad((x: Tensor) => grad(cube)(x))(f64(x0));
      expect(d2.item()).toBeCloseTo(6 * x0, 12);
    }
    // elementwise on a vector: grad(x ↦ Σ ∂/∂x Σx³) = 6x
    const d2v = grad((x: Tensor) => sum(grad((y: Tensor) => sum(cube(y)))(x)))(f64([1, 2, 3]));
    expect(arr(d2v)).toEqual([6, 12, 18]);
  });

  it("third derivative: d³/dx³ x⁴ = 24x", () => {
    const f = (x: Tensor) => mul(mul(x, x), mul(x, x));
    const d3 = grad((a: Tensor) => grad((b: Tensor) => grad(f)(b))(a))(f64(2));
    expect(d3.item()).toBeCloseTo(48, 10);
  });

  it("d²/dx² sin x = −sin x, d²/dx² exp x = exp x", () => {
    const x0 = 0.7;
    expect(grad((x: Tensor) => grad(sin)(x))(f64(x0)).item()).toBeCloseTo(-Math.sin(x0), 14);
    expect(grad((x: Tensor) => grad(exp)(x))(f64(x0)).item()).toBeCloseTo(Math.exp(x0), 14);
  });

  it("perturbation confusion (JAX's classic): d/dx [x · d/dy (x·y)](c) = d/dx x² = 2x", () => {
    const c = f64(5);
    for (const x0 of [1, 3, -2]) {
      const outer = grad((x: Tensor) => mul(x, grad((y: Tensor) => mul(x, y))(c)))(f64(x0));
      expect(outer.item()).toBe(2 * x0);
    }
    // Siskind & Pearlmutter: d/dx [x · (d/dy (x + y))(1)] = 1 (the inner derivative is 1, not x-dependent)
    const sp = grad((x: Tensor) => mul(x, grad((y: Tensor) => add(x, y))(f64(1))))(f64(4));
    expect(sp.item()).toBe(1);
  });

  it("an inner grad evaluated at the outer variable: d/dx [d/dy (x·y)](x) = d/dx x = 1", () => {
    expect(grad((x: Tensor) => grad((y: Tensor) => mul(x, y))(x))(f64(3)).item()).toBe(1);
    // d/dx [x · (d/dy y²)(x)] = d/dx 2x² = 4x
    expect(grad((x: Tensor) => mul(x, grad((y: Tensor) => mul(y, y))(x)))(f64(3)).item()).toBe(12);
  });

  it("a nested grad does not see the outer variable as its own", () => {
    // inner: d/dy (x·y²) at y = x is 2x·y = 2x²; outer: d/dx 2x² = 4x
    const g = grad((x: Tensor) => grad((y: Tensor) => mul(x, mul(y, y)))(x))(f64(3));
    expect(g.item()).toBe(12);
  });

  it("hvp of ½xᵀAx (A symmetric) is A·v", () => {
    const A = f64([
      [2, -1, 0.5],
      [-1, 3, 1],
      [0.5, 1, 4],
    ]);
    const quad = (x: Tensor) => mul(sum(mul(x, matmul(A, x))), 0.5);
    const x = f64([0.3, -0.7, 1.1]);
    const v = f64([1, 2, -1]);
    // A·v by hand: [2 − 2 − 0.5, −1 + 6 − 1, 0.5 + 2 − 4]
    expect(arr(hvp(quad, x, v))).toEqual([-0.5, 4, -1.5]);
    // the gradient is A·x
    const ax = [2 * 0.3 + 0.7 + 0.55, -0.3 - 2.1 + 1.1, 0.15 - 0.7 + 4.4];
    expectClose(grad(quad)(x).dataSync(), ax, 1e-14, 1e-14);
  });

  it("hvp over trees", () => {
    // f(a, b) = a²·b: H = [[2b, 2a], [2a, 0]]
    const f = (p: { a: Tensor; b: Tensor }) => mul(mul(p.a, p.a), p.b);
    const h = hvp(f, { a: f64(2), b: f64(3) }, { a: f64(1), b: f64(10) });
    expect(h.a.item()).toBe(2 * 3 * 1 + 2 * 2 * 10);
    expect(h.b.item()).toBe(2 * 2 * 1);
  });
});

describe("vjp and jvp", () => {
  it("vjp: pullback(ct) = Jᵀct, callable many times", () => {
    const x = f64([1, 2, 3]);
    const [y, pb] = vjp((t: Tensor) => mul(t, t), x);
    expect(arr(y)).toEqual([1, 4, 9]);
    expect(arr(pb(ones([3], "float64")))).toEqual([2, 4, 6]);
    expect(arr(pb(f64([1, 0, -1])))).toEqual([2, 0, -6]);
  });

  it("vjp of a function with a tree input", () => {
    const [y, pb] = vjp((p: [Tensor, Tensor]) => matmul(p[0], p[1]), [f64([[1, 2]]), f64([[3], [4]])]);
    expect(y.toArray()).toEqual([[11]]);
    const [ga, gb] = pb(f64([[2]]));
    expect(ga!.toArray()).toEqual([[6, 8]]);
    expect(gb!.toArray()).toEqual([[2], [4]]);
  });

  it("jvp equals known derivatives: d sin = cos·v, d(x²) = 2x·v, d exp = exp·v", () => {
    const x0 = [0.1, -1.2, 2.5];
    const v0 = [1, 0.5, -2];
    const x = f64(x0);
    const v = f64(v0);
    const [ys, ts] = jvp(sin, x, v);
    expectClose(ys.dataSync(), x0.map(Math.sin), 1e-15, 0);
    expectClose(
      ts.dataSync(),
      x0.map((a, i) => Math.cos(a) * v0[i]!),
      1e-15,
      1e-15,
    );
    const [, tq] = jvp((t: Tensor) => mul(t, t), x, v);
    expectClose(
      tq.dataSync(),
      x0.map((a, i) => 2 * a * v0[i]!),
      1e-15,
      1e-15,
    );
    const [, te] = jvp(exp, x, v);
    expectClose(
      te.dataSync(),
      x0.map((a, i) => Math.exp(a) * v0[i]!),
      1e-14,
      1e-14,
    );
  });

  it("jvp of a matrix function: d(Ax) = A·v; of a reduction: d mean(log x) = mean(v/x)", () => {
    const A = f64([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const [, t] = jvp((x: Tensor) => matmul(A, x), f64([7, 8]), f64([1, -1]));
    expect(arr(t)).toEqual([-1, -1, -1]);
    const [, m] = jvp((x: Tensor) => mean(log(x)), f64([1, 2, 4]), f64([1, 1, 1]));
    expect(m.item()).toBeCloseTo((1 + 0.5 + 0.25) / 3, 15);
  });
});

describe("customVjp", () => {
  it("grad uses the user's bwd (straight-through estimator: sign forward, identity backward)", () => {
    let calls = 0;
    const ste = customVjp(
      (x: Tensor) => [sign(x), x.shape] as const,
      (shape, g) => {
        calls++;
        expect(g.shape).toEqual(shape);
        return [g];
      },
    );
    const x = f64([-2, 0.5, 3]);
    expect(arr(ste(x))).toEqual([-1, 1, 1]);
    // the true derivative of sign is 0; the custom one passes 2·ste(x)·1 through
    const g = grad((t: Tensor) => sum(mul(ste(t), ste(t))))(x);
    expect(arr(g)).toEqual([-2, 2, 2]);
    expect(calls).toBe(2);
  });

  it("residuals flow from fwd to bwd; null means no gradient for that input", () => {
    // f(a, b) = a·b with a hand-written VJP that only differentiates a
    const f = customVjp(
      (a: Tensor, b: Tensor) => [mul(a, b), b] as const,
      (b, g) => [mul(g, b), null],
    );
    const g = grad((p: [Tensor, Tensor]) => sum(f(p[0], p[1])))([f64([1, 2]), f64([3, 4])]);
    expect(arr(g[0]!)).toEqual([3, 4]);
    expect(arr(g[1]!)).toEqual([0, 0]);
  });

  it("a bwd cotangent of the wrong shape is an error naming the function and both shapes", () => {
    const bad = customVjp(
      (x: Tensor) => [mul(x, 2), null] as const,
      (_r, _g) => [ones([3], "float64")],
      "badShape",
    );
    let thrown: unknown;
    try {
      grad((x: Tensor) => sum(bad(x)))(f64([1, 2]));
    } catch (e) {
      thrown = e;
    }
    expect((thrown as Error).message).toContain("badShape");
    expect((thrown as Error).message).toContain("[3]");
    expect((thrown as Error).message).toContain("[2]");
  });

  it("differentiable to second order when bwd uses tapegrad ops", () => {
    // cube with a hand-written VJP 3x²·g: second derivative 6x
    const cube = customVjp(
      (x: Tensor) => [mul(mul(x, x), x), x] as const,
      (x, g) => [mul(g, mul(mul(x, x), 3))],
    );
    expect(grad((x: Tensor) => grad(cube)(x))(f64(2)).item()).toBe(12);
  });
});

describe("int32 inputs", () => {
  it("get zero gradients of their shape and dtype", () => {
    const idx = tensor([1, 2, 3], { dtype: "int32" });
    const g = grad((p: { w: Tensor; i: Tensor }) => sum(mul(p.w, cast(p.i, "float64"))))({
      w: f64([1, 1, 1]),
      i: idx,
    });
    expect(arr(g.w)).toEqual([1, 2, 3]);
    expect(g.i.dtype).toBe("int32");
    expect(arr(g.i)).toEqual([0, 0, 0]);
    const gi = grad((i: Tensor) => sum(cast(mul(i, i), "float32")))(idx);
    expect(gi.dtype).toBe("int32");
    expect(arr(gi)).toEqual([0, 0, 0]);
  });
});
