import { TensorError, type Tree } from "@tapegrad/autograd";
import type { EpochLogs } from "../fit/types";
import type { Callback } from "./callback";

/** Options of `earlyStopping`. */
export interface EarlyStoppingOptions {
  /**
   * What to watch: `"valLoss"` (default), `"loss"`, or a metric as `"accuracy"` (training) or
   * `"val.accuracy"` (validation).
   */
  readonly monitor?: string;
  /** Epochs without improvement to wait before stopping (default 0: stop at the first one). */
  readonly patience?: number;
  /** The smallest change that counts as an improvement (default 0). */
  readonly minDelta?: number;
  /** `"min"` or `"max"`; by default `"max"` for accuracy and r2, else `"min"`. */
  readonly mode?: "min" | "max";
  /** Finish with the parameters of the best epoch rather than the last (default false). */
  readonly restoreBestParams?: boolean;
}

const monitored = (logs: EpochLogs, monitor: string): number | undefined => {
  if (monitor === "loss") return logs.loss;
  if (monitor === "valLoss") return logs.valLoss;
  if (monitor.startsWith("val.")) return logs.valMetrics[monitor.slice(4)];
  return logs.metrics[monitor];
};

/**
 * Stops training when the monitored value has not improved by more than `minDelta` for
 * `patience` epochs (Keras `EarlyStopping`); optionally restores the best parameters.
 * Improvement: value < best − minDelta (mode "min"), value > best + minDelta (mode "max").
 *
 * @example
 * fit(model, params, { ..., validationSplit: 0.2, callbacks: [earlyStopping({ patience: 5, restoreBestParams: true })] })
 */
export const earlyStopping = (opts: EarlyStoppingOptions = {}): Callback => {
  const { monitor = "valLoss", patience = 0, minDelta = 0, restoreBestParams = false } = opts;
  const mode = opts.mode ?? (/accuracy|r2/i.test(monitor) ? "max" : "min");
  if (!Number.isInteger(patience) || patience < 0) {
    throw new TensorError("earlyStopping", `patience must be a non-negative integer, got ${patience}`);
  }
  if (!(minDelta >= 0)) throw new TensorError("earlyStopping", `minDelta must be ≥ 0, got ${minDelta}`);
  if (mode !== "min" && mode !== "max") {
    throw new TensorError("earlyStopping", `mode must be "min" or "max", got ${JSON.stringify(mode)}`);
  }
  let best = Number.NaN;
  let bestEpoch = -1;
  let bestParams: Tree | undefined;
  let wait = 0;
  const improves = (v: number): boolean =>
    bestEpoch < 0 || (mode === "min" ? v < best - minDelta : v > best + minDelta);
  return {
    onTrainBegin: (info) => {
      best = Number.NaN;
      bestEpoch = -1;
      bestParams = undefined;
      wait = 0;
      const metric = monitor.startsWith("val.") ? monitor.slice(4) : monitor;
      const known =
        monitor === "loss" ||
        (monitor === "valLoss" && info.hasValidation) ||
        (info.metricNames.includes(metric) && (!monitor.startsWith("val.") || info.hasValidation));
      if (!known) {
        throw new TensorError(
          "earlyStopping",
          `monitor "${monitor}" will not be in the logs (validation data: ${info.hasValidation ? "yes" : "no"}; metrics: ${info.metricNames.join(", ") || "none"}); monitor "loss", "valLoss" (with validationSplit or validationData), a metric name, or "val.<metric>"`,
        );
      }
    },
    onEpochEnd: (logs, info) => {
      const v = monitored(logs, monitor)!;
      if (Number.isFinite(v) && improves(v)) {
        best = v;
        bestEpoch = logs.epoch;
        bestParams = restoreBestParams ? info.params : undefined;
        wait = 0;
        return undefined;
      }
      wait++;
      if (wait <= patience) return undefined;
      const reason = `earlyStopping: ${monitor} did not improve for ${wait} epoch${wait === 1 ? "" : "s"} (best ${best} at epoch ${bestEpoch})`;
      return bestParams !== undefined ? { stop: reason, params: bestParams } : { stop: reason };
    },
  };
};
