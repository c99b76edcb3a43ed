import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { report, runCars } from "../../packages/examples/src/cars";

describe("the main example (pnpm demo)", () => {
  it("trains the Keras cars model briefly and beats the mean baseline on the held-out test split", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tapegrad-cars-"));
    try {
      const r = runCars({ epochs: 40, quiet: true, outDir: dir });
      expect(r.sizes).toEqual({ train: 275, validation: 39, test: 78, dropped: 14 });
      // The model must beat predicting the training mean by a clear margin on both outputs.
      for (const o of r.outputs) {
        expect(o.mae, o.name).toBeLessThan(0.85 * o.baselineMae);
        expect(o.rmse, o.name).toBeLessThan(0.85 * o.baselineRmse);
      }
      expect(r.history.loss.length).toBeGreaterThan(0);
      expect(report(r)).toMatch(/miles per gallon MAE \(mpg\)/);
      const svg = await readFile(r.svgPath!, "utf8");
      expect(r.svgPath).toBe(join(dir, "cars-loss.svg"));
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svg).toContain("validation loss");
      expect((svg.match(/<polyline/g) ?? []).length).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
