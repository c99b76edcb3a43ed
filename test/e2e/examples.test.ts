import { describe, expect, it } from "vitest";
import { runCustomOp } from "../../packages/examples/src/custom-op";
import { runDigits } from "../../packages/examples/src/digits";

describe("the other examples", () => {
  it("digits: a few epochs of the softmax MLP classify most held-out digits", () => {
    const r = runDigits({ epochs: 6, quiet: true });
    expect(r.testAccuracy).toBeGreaterThan(0.9);
    const total = r.confusion.flat().reduce((s, v) => s + v, 0);
    const diagonal = r.confusion.reduce((s, row, i) => s + row[i]!, 0);
    expect(total).toBe(359);
    expect(diagonal / total).toBeCloseTo(r.testAccuracy, 6);
  });

  it("custom-op: gradcheck passes the hand-written swish VJP (twice) and catches the buggy one", () => {
    const r = runCustomOp({ quiet: true });
    expect(r.first.ok).toBe(true);
    expect(r.second.ok).toBe(true);
    expect(r.buggy.ok).toBe(false);
    expect(r.buggy.counts.fail).toBeGreaterThan(0);
    expect(r.lossAfter).toBeLessThan(0.2 * r.lossBefore);
  });
});
