import { grad, softplus, sum, type Tensor } from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { opInfos } from "./opinfo";
import { assertOpGradients } from "./run";
import { f64, sigma } from "./samples";

// Second order on every smooth and piecewise-smooth entry: the VJP of the VJP against finite
// differences of the VJP (kinks reported as non-differentiable). Few runs: each sample costs
// 2·N gradient evaluations.
describe("second order (gradgradcheck) on the smooth ops", () => {
  for (const op of opInfos.filter((o) => o.smooth)) {
    it(op.name, () => assertOpGradients(op, 6, 2));
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
