import * as tg from "tapegrad";
import { mse, sgd } from "tapegrad";
import { describe, expect, it } from "vitest";
import { line, linear, recordingSink, zeroLinear } from "./fitHelpers";

const { x, y } = line(40);
const run = (progress: boolean | "bar" | "log" | undefined, isTTY: boolean) => {
  const { sink, out } = recordingSink(isTTY);
  tg.fit(linear, zeroLinear(), {
    loss: mse,
    optimizer: sgd({ learningRate: 0.1 }),
    x,
    y,
    epochs: 2,
    batchSize: 8,
    validationSplit: 0.25,
    metrics: ["mae"],
    progress,
    progressSink: sink,
  });
  return out.join("");
};

describe("progress", () => {
  // The bar redraws its line with a carriage return and ESC [K (erase to the end of the line).
  const redraw = "\r\u001b[K";

  it("draws a bar with epoch, batch k/n, loss and speed on a terminal", () => {
    const text = run(undefined, true);
    expect(text.startsWith(redraw)).toBe(true);
    expect(text).toMatch(/epoch 1\/2 \[[=> ]+\] \d\/4 {2}loss \S+ {2}\d+ steps\/s/);
    expect(text).toMatch(
      /epoch 2\/2 {2}loss \S+ {2}valLoss \S+ {2}mae \S+ {2}val\.mae \S+ {2}[\d.]+ s {2}\d+ steps\/s\n$/,
    );
    expect(text).toContain(`${redraw}epoch 2/2  loss`);
  });

  it("is silent when the sink is not a terminal, or when turned off", () => {
    expect(run(undefined, false)).toBe("");
    expect(run(true, false)).toBe("");
    expect(run(false, true)).toBe("");
  });

  it("prints one plain line per epoch in log mode, even off a terminal", () => {
    const lines = run("log", false).trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^epoch 1\/2 {2}loss/);
    expect(run("log", false)).not.toContain("\r");
  });
});
