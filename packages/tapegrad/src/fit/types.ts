import type { Key, Tensor, Tree } from "@tapegrad/autograd";
import type { GradientTransformation } from "@tapegrad/optim";
import type { Callback } from "../callbacks/callback";
import type { MetricsOption } from "../metrics/resolve";

/** What a model's `apply` receives besides params and input (as `@tapegrad/layers`' `LayerContext`). */
export interface ApplyContext {
  readonly key?: Key;
  readonly training?: boolean;
  readonly state?: Tree;
}

/**
 * A model `fit`, `evaluate` and `predict` can run: a layer (`serial(...)`) or anything with the
 * same `apply`, optionally `applyWithState` to thread state such as batchNorm statistics; or a
 * plain function `(params, x, ctx) => y`.
 */
export type Model<P extends Tree = any> =
  | {
      apply(params: P, x: Tensor, ctx?: ApplyContext): Tensor;
      applyWithState?(
        params: P,
        state: any,
        x: Tensor,
        ctx?: ApplyContext,
      ): { readonly y: Tensor; readonly state: any };
    }
  | ((params: P, x: Tensor, ctx?: ApplyContext) => Tensor);

/** A loss as `@tapegrad/losses` defines them: predictions and targets to a scalar tensor. */
export type FitLoss = (pred: Tensor, target: Tensor) => Tensor;

/**
 * An optimizer, or a factory that builds one for a learning rate. The factory form lets `fit`
 * change the learning rate between epochs (`learningRateScheduler`) while keeping the state.
 */
export type OptimizerOption<S> =
  | GradientTransformation<S>
  | ((learningRate: number) => GradientTransformation<S>);

/** How `fit` reports progress: `true` (a bar when stderr is a terminal), `false`, `"bar"` or `"log"` (a line per epoch). */
export type ProgressOption = boolean | "bar" | "log";

/** Where progress is written: `process.stderr` by default; anything with `write`. */
export interface ProgressSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Options of `fit`. */
export interface FitOptions<S> {
  /** The loss, e.g. `mse` or `softmaxCrossEntropy`: `(pred, target) => scalar`. */
  readonly loss: FitLoss;
  /** `adam({ learningRate: 1e-3 })`, or a factory `(lr) => adam({ learningRate: lr })` with `learningRate`. */
  readonly optimizer: OptimizerOption<S>;
  /** The initial learning rate when `optimizer` is a factory. */
  readonly learningRate?: number;
  /** Inputs, examples along axis 0. */
  readonly x: Tensor;
  /** Targets, examples along axis 0 (as many as `x`). */
  readonly y: Tensor;
  /** Passes over the training data (default 1). */
  readonly epochs?: number;
  /** Examples per step (default 32); the last batch of an epoch may be smaller. */
  readonly batchSize?: number;
  /** Fraction of the examples, taken from the end before shuffling (as Keras), held out for validation. */
  readonly validationSplit?: number;
  /** Held-out `[x, y]` for validation (instead of `validationSplit`). */
  readonly validationData?: readonly [Tensor, Tensor];
  /** Reshuffle the training examples every epoch (default true). */
  readonly shuffle?: boolean;
  /** PRNG key for shuffling and dropout (default `key(0)`). */
  readonly key?: Key;
  /** Metrics reported each epoch on the training batches and on the validation data. */
  readonly metrics?: MetricsOption;
  /** Early stopping, NaN termination, learning-rate schedules, your own. */
  readonly callbacks?: readonly Callback[];
  /** Progress reporting (default: a bar when stderr is a terminal, else nothing). */
  readonly progress?: ProgressOption;
  /** Where progress goes (default `process.stderr`, when there is one). */
  readonly progressSink?: ProgressSink;
  /** Resume from an optimizer state (default `optimizer.init(params)`). */
  readonly optState?: S;
  /** The model's state (from `init(...).state`), threaded through `applyWithState` when the model has it. */
  readonly modelState?: Tree;
  /** Examples per forward pass when computing validation loss and metrics (default 256). */
  readonly validationBatchSize?: number;
}

/** What one epoch produced, as callbacks and `history.epochs` see it. */
export interface EpochLogs {
  /** Epoch index, from 0. */
  readonly epoch: number;
  /** Mean training loss over the epoch's batches (weighted by batch size). */
  readonly loss: number;
  /** Validation loss, when there is validation data. */
  readonly valLoss?: number;
  /** Training metrics: batch values averaged over the epoch (weighted by batch size). */
  readonly metrics: Readonly<Record<string, number>>;
  /** Metrics on the whole validation data. */
  readonly valMetrics: Readonly<Record<string, number>>;
  /** The learning rate of the epoch, when `fit` controls it (optimizer factory). */
  readonly learningRate?: number;
  /** Wall-clock seconds of the epoch (training and validation). */
  readonly seconds: number;
  /** Training steps per second. */
  readonly stepsPerSecond: number;
}

/** The record of a training run. */
export interface History {
  /** Per-epoch logs, in order. */
  readonly epochs: readonly EpochLogs[];
  /** `epochs[i].loss` for each epoch. */
  readonly loss: readonly number[];
  /** `epochs[i].valLoss` for each epoch (empty without validation data). */
  readonly valLoss: readonly number[];
  /** Why training stopped before `epochs`, if a callback stopped it. */
  readonly stopReason?: string;
}

/** What `fit` returns. */
export interface FitResult<P extends Tree, S> {
  readonly params: P;
  readonly optState: S;
  readonly history: History;
  /** The final model state (e.g. batchNorm running statistics), when the model has state. */
  readonly modelState?: Tree;
}
