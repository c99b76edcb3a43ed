import { isTensor, type Key, key as makeKey, split, type Tensor, TensorError } from "@tapegrad/autograd";
import type { GradientTransformation } from "@tapegrad/optim";
import type { Callback } from "../callbacks/callback";
import type { Metric } from "../metrics/metrics";
import { resolveMetrics } from "../metrics/resolve";
import { checkCount, checkExamples, splitValidation } from "./data";
import type { FitOptions } from "./types";

/** Everything `fit` needs, validated before the first step. */
export interface FitSetup<S> {
  readonly x: Tensor;
  readonly y: Tensor;
  readonly val?: readonly [Tensor, Tensor];
  readonly epochs: number;
  readonly batchSize: number;
  readonly validationBatchSize: number;
  readonly shuffle: boolean;
  readonly shuffleKey: Key;
  readonly dropoutKey: Key;
  readonly metrics: readonly [string, Metric][];
  readonly callbacks: readonly Callback[];
  /** The optimizer for a learning rate (a constant function when `fit` does not control it). */
  readonly makeOptimizer: (learningRate: number | undefined) => GradientTransformation<S>;
  /** The initial learning rate, when `fit` controls it. */
  readonly learningRate?: number;
}

const isOptimizer = (o: unknown): o is GradientTransformation<unknown> =>
  typeof o === "object" &&
  o !== null &&
  typeof (o as { init?: unknown }).init === "function" &&
  typeof (o as { update?: unknown }).update === "function";

/** Checks a learning rate chosen by the caller or a callback. */
export const checkLearningRate = (lr: unknown, source: string): number => {
  if (typeof lr !== "number" || !Number.isFinite(lr) || lr < 0) {
    throw new TensorError("fit", `${source} must be a finite number ≥ 0, got ${String(lr)}`);
  }
  return lr;
};

/**
 * Validates the options of `fit` and resolves the defaults, so that bad input (x and y of
 * different lengths, an empty data set, a batch size of zero, ...) fails before any training.
 */
export const setupFit = <S>(opts: FitOptions<S>): FitSetup<S> => {
  if (typeof opts !== "object" || opts === null) throw new TensorError("fit", "needs an options object");
  checkExamples("fit", opts.x, opts.y);
  const epochs = checkCount("fit", "epochs", opts.epochs ?? 1, true);
  const batchSize = checkCount("fit", "batchSize", opts.batchSize ?? 32);
  const validationBatchSize = checkCount("fit", "validationBatchSize", opts.validationBatchSize ?? 256);
  if (typeof opts.loss !== "function") {
    throw new TensorError("fit", "loss must be a function (pred, target) => scalar tensor, e.g. mse");
  }
  const { optimizer } = opts;
  let makeOptimizer: FitSetup<S>["makeOptimizer"];
  let learningRate: number | undefined;
  if (isOptimizer(optimizer)) {
    if (opts.learningRate !== undefined) {
      throw new TensorError(
        "fit",
        "learningRate is only for an optimizer factory: pass optimizer: (lr) => adam({ learningRate: lr }), or set the rate on the optimizer",
      );
    }
    makeOptimizer = () => optimizer as GradientTransformation<S>;
  } else if (typeof optimizer === "function") {
    learningRate = checkLearningRate(opts.learningRate, "learningRate (needed with an optimizer factory)");
    makeOptimizer = (lr) => {
      const o = optimizer(lr!);
      if (!isOptimizer(o)) throw new TensorError("fit", "the optimizer factory must return { init, update }");
      return o;
    };
  } else {
    throw new TensorError(
      "fit",
      "optimizer must be a gradient transformation { init, update } (e.g. adam()) or a factory (lr) => ...",
    );
  }
  if (opts.validationData !== undefined && (opts.validationSplit ?? 0) > 0) {
    throw new TensorError("fit", "give either validationSplit or validationData, not both");
  }
  let x = opts.x;
  let y = opts.y;
  let val: readonly [Tensor, Tensor] | undefined;
  if (opts.validationData !== undefined) {
    const vd = opts.validationData;
    if (!Array.isArray(vd) || vd.length !== 2) throw new TensorError("fit", "validationData must be [x, y]");
    checkExamples("fit", vd[0], vd[1], ["validationData[0]", "validationData[1]"]);
    val = vd;
  } else {
    ({ x, y, val } = splitValidation(opts.x, opts.y, opts.validationSplit ?? 0));
  }
  const k = opts.key ?? makeKey(0);
  if (!isTensor(k)) throw new TensorError("fit", "key must be a PRNG key from key(seed)");
  const [shuffleKey, dropoutKey] = split(k, 2) as [Key, Key];
  const callbacks = opts.callbacks ?? [];
  if (!Array.isArray(callbacks)) throw new TensorError("fit", "callbacks must be an array");
  return {
    x,
    y,
    val,
    epochs,
    batchSize,
    validationBatchSize,
    shuffle: opts.shuffle ?? true,
    shuffleKey,
    dropoutKey,
    metrics: resolveMetrics("fit", opts.metrics),
    callbacks,
    makeOptimizer,
    learningRate,
  };
};
