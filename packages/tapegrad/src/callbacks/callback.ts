import type { Tree } from "@tapegrad/autograd";
import type { EpochLogs, History } from "../fit/types";

/** What a callback learns when training begins. */
export interface TrainBeginInfo {
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  /** True when there is validation data (so `valLoss` will be in the logs). */
  readonly hasValidation: boolean;
  /** The names of the metrics in the logs. */
  readonly metricNames: readonly string[];
  /** True when `fit` can change the learning rate (the optimizer is a factory). */
  readonly controlsLearningRate: boolean;
}

/** What a callback sees after each training step. */
export interface BatchLogs {
  readonly epoch: number;
  /** Batch index within the epoch, from 0. */
  readonly batch: number;
  /** Global step, from 0. */
  readonly step: number;
  /** The batch's loss (before the step's update). */
  readonly loss: number;
  readonly batchSize: number;
}

/** What a callback sees at the end of an epoch, besides the logs. */
export interface EpochEndInfo {
  readonly params: Tree;
  readonly modelState?: Tree;
}

/**
 * What a callback asks `fit` to do; every field is optional.
 * - `stop`: stop training, with this reason (kept in `history.stopReason`);
 * - `discardStep` (from `onBatchEnd`): drop the update of this step (e.g. its loss was NaN);
 * - `learningRate`: use this learning rate from now on (needs an optimizer factory);
 * - `params`: continue (or finish) with these parameters (e.g. the best seen).
 */
export interface CallbackAction {
  readonly stop?: string;
  readonly discardStep?: boolean;
  readonly learningRate?: number;
  readonly params?: Tree;
}

/**
 * Hooks `fit` calls during training. Each returns nothing or a `CallbackAction`. A callback keeps
 * its own bookkeeping between hooks; it must reset it in `onTrainBegin`, so that the same callback
 * object can serve several `fit` calls.
 *
 * @example
 * const logEvery10: Callback = {
 *   onEpochEnd: (logs) => { if (logs.epoch % 10 === 0) console.log(logs.epoch, logs.loss); },
 * };
 */
// NOTE: hooks return `CallbackAction | undefined | void` so that `(logs) => console.log(logs)` is a hook.
export interface Callback {
  onTrainBegin?(info: TrainBeginInfo): void;
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook may return nothing, e.g. `(l) => console.log(l)`
  onEpochBegin?(epoch: number, info: { readonly learningRate?: number }): CallbackAction | undefined | void;
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook may return nothing, e.g. `(l) => console.log(l)`
  onBatchEnd?(logs: BatchLogs): CallbackAction | undefined | void;
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook may return nothing, e.g. `(l) => console.log(l)`
  onEpochEnd?(logs: EpochLogs, info: EpochEndInfo): CallbackAction | undefined | void;
  onTrainEnd?(history: History): void;
}
