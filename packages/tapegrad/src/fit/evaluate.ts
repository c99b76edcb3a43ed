import { concat, slice, type Tensor, type Tree } from "@tapegrad/autograd";
import { type MetricsOption, resolveMetrics } from "../metrics/resolve";
import { checkCount, checkExamples } from "./data";
import { inferenceApply } from "./model";
import type { FitLoss, Model } from "./types";

/** Options of `predict`. */
export interface PredictOptions {
  /** Examples per forward pass (default 256): bounds the memory of intermediate activations. */
  readonly batchSize?: number;
  /** The model's state (e.g. batchNorm running statistics), passed as `ctx.state`. */
  readonly modelState?: Tree;
}

/**
 * The model's outputs for every example of `x`, computed in batches (inference mode:
 * `training: false`) and concatenated along axis 0.
 *
 * @example
 * const pred = predict(model, params, xTest, { batchSize: 512 });
 */
export const predict = <P extends Tree>(
  model: Model<P>,
  params: P,
  x: Tensor,
  opts: PredictOptions = {},
): Tensor => {
  const batchSize = checkCount("predict", "batchSize", opts.batchSize ?? 256);
  const n = x.rank === 0 ? 0 : x.shape[0]!;
  if (n <= batchSize) return inferenceApply(model, params, x, opts.modelState);
  const parts: Tensor[] = [];
  for (let start = 0; start < n; start += batchSize) {
    parts.push(inferenceApply(model, params, slice(x, [start], [start + batchSize]), opts.modelState));
  }
  return concat(parts, { axis: 0 });
};

/** Options of `evaluate`. */
export interface EvaluateOptions extends PredictOptions {
  readonly x: Tensor;
  readonly y: Tensor;
  /** The loss to report (optional). */
  readonly loss?: FitLoss;
  /** Metrics to report: names (`"accuracy"`, `"mse"`, `"mae"`, `"r2"`) or functions. */
  readonly metrics?: MetricsOption;
}

/** What `evaluate` returns. */
export interface Evaluation {
  /** The loss on all of `x`, `y`, when a loss was given. */
  readonly loss?: number;
  readonly metrics: Readonly<Record<string, number>>;
}

/**
 * The loss and metrics of a model on a data set, predicting in batches and scoring all the
 * predictions at once (so mean-reduced losses and r2 are exact, not averages of batch values).
 *
 * @example
 * const { loss, metrics } = evaluate(model, params, { x: xTest, y: yTest, loss: mse, metrics: ["mae", "r2"] });
 */
export const evaluate = <P extends Tree>(model: Model<P>, params: P, opts: EvaluateOptions): Evaluation => {
  checkExamples("evaluate", opts.x, opts.y);
  const named = resolveMetrics("evaluate", opts.metrics);
  const pred = predict(model, params, opts.x, opts);
  return scorePredictions(pred, opts.y, opts.loss, named);
};

/** @internal The loss and metrics of predictions against targets. */
export const scorePredictions = (
  pred: Tensor,
  y: Tensor,
  loss: FitLoss | undefined,
  named: readonly (readonly [string, (p: Tensor, t: Tensor) => Tensor])[],
): Evaluation => {
  const metrics: Record<string, number> = {};
  for (const [name, m] of named) metrics[name] = m(pred, y).item();
  return loss === undefined ? { metrics } : { loss: loss(pred, y).item(), metrics };
};
