import { argmax, type DType, fmtShape, scalar, type Tensor, TensorError } from "@tapegrad/autograd";

/**
 * A metric: a number computed from predictions and targets, returned as a scalar tensor. Metrics
 * report progress; they are not differentiated (use a loss for that).
 */
export type Metric = (pred: Tensor, target: Tensor) => Tensor;

const floatOf = (t: Tensor): DType => (t.dtype === "float64" ? "float64" : "float32");

const sameShape = (op: string, pred: Tensor, target: Tensor): void => {
  if (pred.shape.length !== target.shape.length || pred.shape.some((d, i) => d !== target.shape[i])) {
    throw new TensorError(
      op,
      `pred and target must have the same shape, got ${fmtShape(pred.shape)} and ${fmtShape(target.shape)}`,
    );
  }
  if (pred.size === 0)
    throw new TensorError(op, `needs at least one element, got shape ${fmtShape(pred.shape)}`);
};

/**
 * The fraction of correct predictions, in [0, 1].
 * - pred [N, C] (C > 1, logits or probabilities) with int32 labels [N]: mean(argmax(pred) = label);
 * - pred [N, C] with one-hot or soft targets [N, C]: mean(argmax(pred) = argmax(target));
 * - pred [N] or [N, 1] with 0/1 targets of the same shape: mean((pred > threshold) = target).
 * NOTE: the binary threshold is 0.5 (Keras `binary_accuracy`), for probabilities; for logits use
 * `accuracyWithThreshold(0)`. Argmax ties go to the first index.
 *
 * @example
 * metrics.accuracy(tensor([[2, 1], [0, 3]]), tensor([0, 0], { dtype: "int32" })).item() // 0.5
 */
export const accuracy: Metric = (pred, target) => binaryOrCategorical(pred, target, 0.5);

/**
 * `accuracy` with a chosen threshold for binary predictions (0 for logits).
 *
 * @example
 * const acc = accuracyWithThreshold(0); acc(logits, labels)
 */
export const accuracyWithThreshold =
  (threshold: number): Metric =>
  (pred, target) =>
    binaryOrCategorical(pred, target, threshold);

const binaryOrCategorical = (pred: Tensor, target: Tensor, threshold: number): Tensor => {
  const n = pred.shape[0];
  const categorical = pred.rank === 2 && pred.shape[1]! > 1;
  if (n === undefined || n === 0 || pred.rank > 2) {
    throw new TensorError(
      "accuracy",
      `pred must be [N, C], [N, 1] or [N] with N > 0, got ${fmtShape(pred.shape)}`,
    );
  }
  if (categorical) {
    const hits = countHits(argmax(pred, { axis: 1 }), target, pred);
    return scalar(hits / n, floatOf(pred));
  }
  sameShape("accuracy", pred, target);
  const p = pred.dataSync();
  const t = target.dataSync();
  let hits = 0;
  for (let i = 0; i < n; i++) if ((p[i]! > threshold ? 1 : 0) === t[i]) hits++;
  return scalar(hits / n, floatOf(pred));
};

const countHits = (predicted: Tensor, target: Tensor, pred: Tensor): number => {
  const n = pred.shape[0]!;
  let labels: Tensor;
  if (target.rank === 1 && target.shape[0] === n && target.dtype === "int32") labels = target;
  else if (target.rank === 2 && target.shape[0] === n && target.shape[1] === pred.shape[1])
    labels = argmax(target, { axis: 1 });
  else {
    throw new TensorError(
      "accuracy",
      `for pred ${fmtShape(pred.shape)} the target must be int32 labels [${n}] or one-hot [${n}, ${pred.shape[1]}], got ${target.dtype} ${fmtShape(target.shape)}`,
    );
  }
  const a = predicted.dataSync();
  const b = labels.dataSync();
  let hits = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) hits++;
  return hits;
};

/**
 * Mean squared error over all elements: mean((pred − target)²), accumulated in float64.
 *
 * @example
 * metrics.mse(tensor([1, 2]), tensor([1, 4])).item() // 2
 */
export const mse: Metric = (pred, target) => {
  sameShape("metrics.mse", pred, target);
  const p = pred.dataSync();
  const t = target.dataSync();
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i]! - t[i]!) ** 2;
  return scalar(s / p.length, floatOf(pred));
};

/**
 * Mean absolute error over all elements: mean(|pred − target|), accumulated in float64.
 *
 * @example
 * metrics.mae(tensor([1, 2]), tensor([1, 4])).item() // 1
 */
export const mae: Metric = (pred, target) => {
  sameShape("metrics.mae", pred, target);
  const p = pred.dataSync();
  const t = target.dataSync();
  let s = 0;
  for (let i = 0; i < p.length; i++) s += Math.abs(p[i]! - t[i]!);
  return scalar(s / p.length, floatOf(pred));
};

/**
 * The coefficient of determination R² = 1 − SS_res / SS_tot per output column, averaged over the
 * columns (`[N]` is one column), where SS_res = Σ(y − ŷ)² and SS_tot = Σ(y − ȳ)².
 * NOTE: as scikit-learn's `r2_score` (uniform average, `force_finite`): a constant target column
 * scores 1 when predicted exactly, else 0. Can be negative (worse than predicting the mean).
 *
 * @example
 * metrics.r2(tensor([1, 2, 3]), tensor([1, 2, 3])).item() // 1
 */
export const r2: Metric = (pred, target) => {
  sameShape("metrics.r2", pred, target);
  if (pred.rank < 1 || pred.rank > 2) {
    throw new TensorError("metrics.r2", `expects [N] or [N, K], got ${fmtShape(pred.shape)}`);
  }
  const n = pred.shape[0]!;
  const k = pred.rank === 2 ? pred.shape[1]! : 1;
  const p = pred.dataSync();
  const t = target.dataSync();
  let total = 0;
  for (let j = 0; j < k; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += t[i * k + j]!;
    mean /= n;
    let res = 0;
    let tot = 0;
    for (let i = 0; i < n; i++) {
      res += (t[i * k + j]! - p[i * k + j]!) ** 2;
      tot += (t[i * k + j]! - mean) ** 2;
    }
    total += tot === 0 ? (res === 0 ? 1 : 0) : 1 - res / tot;
  }
  return scalar(total / k, floatOf(pred));
};

/**
 * The metrics under one name, so they never clash with the losses `mse` and `mae`:
 * `metrics.accuracy`, `metrics.mse`, `metrics.mae`, `metrics.r2`.
 *
 * @example
 * metrics.r2(predict(model, params, x), y).item()
 */
export const metrics = { accuracy, accuracyWithThreshold, mse, mae, r2 } as const;

/** The names `fit` and `evaluate` accept for the built-in metrics. */
export type MetricName = "accuracy" | "mse" | "mae" | "r2";
