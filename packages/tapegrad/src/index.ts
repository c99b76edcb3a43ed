/**
 * @packageDocumentation
 * `tapegrad`: the umbrella package. Re-exports every tapegrad package (autograd, gradcheck,
 * layers, losses, optim) and adds training (`fit`, `evaluate`, `predict`, callbacks, `metrics`,
 * a progress bar) and safetensors I/O (`toSafetensors`/`fromSafetensors` in memory, `save`/`load`
 * for files).
 *
 * @example
 * import { serial, dense, leakyRelu, adam, mse, fit, key } from "tapegrad";
 */

export * from "@tapegrad/autograd";
export * from "@tapegrad/gradcheck";
export * from "@tapegrad/layers";
export * from "@tapegrad/losses";
export * from "@tapegrad/optim";
export type {
  BatchLogs,
  Callback,
  CallbackAction,
  EpochEndInfo,
  TrainBeginInfo,
} from "./callbacks/callback";
export { type EarlyStoppingOptions, earlyStopping } from "./callbacks/earlyStopping";
export { learningRateScheduler } from "./callbacks/learningRateScheduler";
export { terminateOnNaN } from "./callbacks/terminateOnNaN";
export { load, loadE, save } from "./file";
export {
  type EvaluateOptions,
  type Evaluation,
  evaluate,
  type PredictOptions,
  predict,
} from "./fit/evaluate";
export { fit } from "./fit/fit";
export type {
  ApplyContext,
  EpochLogs,
  FitLoss,
  FitOptions,
  FitResult,
  History,
  Model,
  OptimizerOption,
  ProgressOption,
  ProgressSink,
} from "./fit/types";
export { type Metric, type MetricName, metrics } from "./metrics/metrics";
export type { MetricsOption } from "./metrics/resolve";
export { fromSafetensors, fromSafetensorsE } from "./safetensors/decode";
export { type SafetensorsWriteOptions, toSafetensors } from "./safetensors/encode";
export { SafetensorsError, type SafetensorsReason } from "./safetensors/errors";
export { maxHeaderBytes } from "./safetensors/header";
