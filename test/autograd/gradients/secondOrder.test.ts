import { grad, softplus, sum, type Tensor } from "@tapegrad/autograd";
import { gradientProperty } from "@tapegrad/gradcheck";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { opInfos } from "./opinfo";
import { f64, sigma } from "./samples";

// Second order on every smooth entry: the VJP of the VJP against finite differences of the VJP.
// Few runs: each sample costs 2·N gradient evaluations.
describe("second order (gradgradcheck) on the smooth ops", () => {
  for (const op of opInfos.filter((o) => o.smooth)) {
    it(op.name, () => {
      fc.assert(gradientProperty(op.fn, op.arbs as fc.Arbitrary<any>[], { ...op.options, order: 2 }), {
        numRuns: 6,
      });
    });
  }

  it("softplus″(0) = σ′(0) = ¼ (regression: the composite form gave 0 at exactly 0)", () => {
    // softplus″(x) = σ(x)(1 − σ(x))
    const second = grad((t: Tensor) => sum(grad((u: Tensor) => sum(softplus(u)))(t)))(f64([0, 1.5]));
    const want = [0, 1.5].map((v) => sigma(v) * (1 - sigma(v)));
    second.dataSync().forEach((v, i) => {
      expect(v).toBeCloseTo(want[i]!, 12);
    });
  });
});
