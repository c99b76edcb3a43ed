import type { Tree } from "@tapegrad/autograd";
import { gradcheck } from "./gradcheck";
import { gradgradcheck } from "./gradgradcheck";
import type { GradcheckOptions } from "./options";
import { formatReport, type GradcheckReport } from "./report";

/** Options of `assertGradientsMatch`. */
export interface AssertGradientsOptions extends GradcheckOptions {
  /** 1 checks the gradient, 2 also the gradient of the gradient (`gradgradcheck`). Default 1. */
  readonly order?: 1 | 2;
  /** Rows of the table in the error message. Default 10. */
  readonly rows?: number;
}

/**
 * Runs `gradcheck` (and `gradgradcheck` with `order: 2`) and throws an Error whose message is a
 * table of the worst elements (leaf path, index, value, analytic, numeric, abs err, rel err) when
 * the check fails; returns the first-order report otherwise. For use inside a test.
 *
 * @example
 * it("sin has the right gradient", () => {
 *   assertGradientsMatch(sin, tensor([0.1, 2, -3], { dtype: "float64" }));
 * });
 */
export const assertGradientsMatch = <T extends Tree>(
  f: (x: T) => Tree,
  inputs: T,
  opts: AssertGradientsOptions = {},
): GradcheckReport => {
  const report = gradcheck(f, inputs, opts);
  if (!report.ok) throw new Error(formatReport(report, { rows: opts.rows }));
  if ((opts.order ?? 1) >= 2) {
    const second = gradgradcheck(f, inputs, opts);
    if (!second.ok) throw new Error(`second order: ${formatReport(second, { rows: opts.rows })}`);
  }
  return report;
};
