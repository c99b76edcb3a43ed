// Turns OpInfo entries into vitest cases: the float64 gradient property over generated samples,
// and the derivative formula at fixed points.
import { grad, sum, type Tensor } from "@tapegrad/autograd";
import { gradientProperty } from "@tapegrad/gradcheck";
import fc from "fast-check";
import { expect, it } from "vitest";
import { type OpGroup, type OpInfo, opsOf } from "./opinfo";
import { f64 } from "./samples";

/**
 * fc.assert of the op's gradient property (kinks reported as non-differentiable) at its fixed
 * examples and `numRuns` generated samples; `order: 2` checks second derivatives too.
 */
export const assertOpGradients = (op: OpInfo, numRuns = op.numRuns ?? 25, order: 1 | 2 = 1): void => {
  const nonDifferentiable = op.kinks ? { at: op.kinks } : undefined;
  const property = gradientProperty(op.fn, op.arbs as fc.Arbitrary<any>[], {
    nonDifferentiable,
    ...op.options,
    order,
  });
  // gradientProperty's property takes the tuple of samples as its one argument
  fc.assert(property, { numRuns, examples: (op.examples ?? []).map((xs) => [xs as any[]]) });
};

/** The gradient of Σ op(x…) at scalar points equals the derivative formula of the table. */
export const assertOpPartials = (op: OpInfo): void => {
  for (const point of op.points ?? []) {
    const got = grad((xs: Tensor[]) => sum((op.elementwise ?? op.fn)(...xs) as Tensor))(
      point.map((v) => f64(v)),
    );
    const want = op.partials!(...point);
    got.forEach((g, i) => {
      const w = want[i]!;
      const msg = `${op.name}: ∂/∂x${i} at (${point.join(", ")})`;
      expect(Math.abs(g.item() - w), msg).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(w)));
    });
  }
};

/** One `it` per entry of `group` for the property, and one for the formula where given. */
export const itChecksGroup = (group: OpGroup): void => {
  for (const op of opsOf(group)) {
    it(`${op.name}: gradients match float64 finite differences`, () => assertOpGradients(op));
    if (op.partials && (op.points?.length ?? 0) > 0) {
      it(`${op.name}: gradient equals the derivative formula at fixed points`, () => assertOpPartials(op));
    }
  }
};
