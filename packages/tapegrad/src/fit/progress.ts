import type { EpochLogs, ProgressOption, ProgressSink } from "./types";

/** What `fit` calls to report progress. */
export interface Progress {
  epochBegin(): void;
  batch(epoch: number, batch: number, loss: number): void;
  epochEnd(logs: EpochLogs): void;
  end(stopReason?: string): void;
}

const silent: Progress = { epochBegin: () => {}, batch: () => {}, epochEnd: () => {}, end: () => {} };

// process.stderr when running under Node (read through globalThis, so bundles for a browser do
// not need a `process` shim).
const defaultSink = (): ProgressSink | undefined =>
  (globalThis as { process?: { stderr?: ProgressSink } }).process?.stderr;

const num = (v: number): string =>
  Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(3) : v.toFixed(4);

const now = (): number => (globalThis.performance ? performance.now() : Date.now());

/** One line summing up an epoch: `epoch 3/50  loss 0.1234  valLoss 0.2345  accuracy 0.9  0.12 s  250 steps/s`. */
export const formatEpoch = (logs: EpochLogs, epochs: number): string => {
  const parts = [`epoch ${logs.epoch + 1}/${epochs}`, `loss ${num(logs.loss)}`];
  if (logs.valLoss !== undefined) parts.push(`valLoss ${num(logs.valLoss)}`);
  for (const [k, v] of Object.entries(logs.metrics)) parts.push(`${k} ${num(v)}`);
  for (const [k, v] of Object.entries(logs.valMetrics)) parts.push(`val.${k} ${num(v)}`);
  if (logs.learningRate !== undefined) parts.push(`lr ${num(logs.learningRate)}`);
  parts.push(`${logs.seconds.toFixed(2)} s`, `${Math.round(logs.stepsPerSecond)} steps/s`);
  return parts.join("  ");
};

const bar = (done: number, total: number, width: number): string => {
  const filled = total === 0 ? width : Math.floor((done / total) * width);
  return `[${"=".repeat(filled)}${filled < width ? ">" : ""}${" ".repeat(Math.max(0, width - filled - 1))}]`;
};

/**
 * The progress reporter for `fit`: on a terminal, one line redrawn in place (at most ~12 times a
 * second) with the epoch, a bar, batch k/n, the running loss and steps/s, replaced at the end of
 * each epoch by the epoch's summary; in `"log"` mode a line per epoch; or nothing.
 * NOTE: the default (`true`) draws only when the sink is a TTY, so logs and CI output stay clean.
 */
export const createProgress = (
  option: ProgressOption | undefined,
  epochs: number,
  stepsPerEpoch: number,
  sinkOption?: ProgressSink,
): Progress => {
  const sink = sinkOption ?? defaultSink();
  if (sink === undefined || option === false) return silent;
  const mode = option === "log" ? "log" : option === "bar" || sink.isTTY ? "bar" : "none";
  if (mode === "none") return silent;
  if (mode === "log") {
    return {
      epochBegin: () => {},
      batch: () => {},
      epochEnd: (logs) => sink.write(`${formatEpoch(logs, epochs)}\n`),
      end: (reason) => (reason ? sink.write(`${reason}\n`) : undefined),
    };
  }
  let lastDraw = 0;
  let epochStart = now();
  let lossSum = 0;
  let drawn = false;
  return {
    epochBegin: () => {
      epochStart = now();
      lossSum = 0;
    },
    batch: (epoch, batch, loss) => {
      lossSum += loss;
      const t = now();
      if (t - lastDraw < 80 && batch + 1 < stepsPerEpoch) return;
      lastDraw = t;
      drawn = true;
      const rate = (batch + 1) / Math.max((t - epochStart) / 1000, 1e-9);
      const width = Math.max(10, Math.min(30, (sink.columns ?? 80) - 60));
      sink.write(
        `\r\x1b[Kepoch ${epoch + 1}/${epochs} ${bar(batch + 1, stepsPerEpoch, width)} ${batch + 1}/${stepsPerEpoch}  loss ${num(lossSum / (batch + 1))}  ${Math.round(rate)} steps/s`,
      );
    },
    epochEnd: (logs) => {
      drawn = true;
      sink.write(`\r\x1b[K${formatEpoch(logs, epochs)}`);
    },
    end: (reason) => {
      if (drawn) sink.write("\n");
      if (reason) sink.write(`${reason}\n`);
    },
  };
};
