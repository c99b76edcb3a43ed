import { isTensor, mean, sum, type Tensor, TensorError } from "@tapegrad/autograd";

/** How a loss folds its per-element (or per-example) values: their mean, their sum, or none. */
export type Reduction = "mean" | "sum" | "none";

/** The option every loss takes: `reduction`, default `'mean'`. */
export interface ReductionOptions {
  readonly reduction?: Reduction;
}

import { fmtShape } from "@tapegrad/autograd";

/** Formats a shape as every tapegrad error message prints it (autograd's). */
export { fmtShape };

/** The error a loss throws on bad input: a TensorError whose `op` is the loss's name. */
export const lossError = (loss: string, message: string): TensorError => new TensorError(loss, message);

/**
 * Applies a reduction: `'mean'` over every element (PyTorch), `'sum'`, or `'none'` (unchanged).
 * NOTE: the mean of zero elements is NaN (PyTorch).
 */
export const reduce = (loss: string, values: Tensor, reduction: unknown = "mean"): Tensor => {
  if (reduction === "mean") return mean(values);
  if (reduction === "sum") return sum(values);
  if (reduction === "none") return values;
  throw lossError(loss, `reduction must be 'mean', 'sum' or 'none', got ${JSON.stringify(reduction)}`);
};

/** Checks a float tensor argument (`what` is e.g. "prediction"). */
export const checkFloat = (loss: string, what: string, t: unknown): Tensor => {
  if (!isTensor(t)) throw lossError(loss, `${what} must be a tensor, got ${t === null ? "null" : typeof t}`);
  if (t.dtype === "int32") {
    throw lossError(loss, `${what} must be float32 or float64, got int32 of shape ${fmtShape(t.shape)}`);
  }
  return t;
};

/**
 * Checks that prediction and target are float tensors of one dtype and exactly one shape:
 * losses never broadcast, so (N, 1) against (N,) is an error rather than an (N, N) surprise.
 */
export const checkPair = (
  loss: string,
  pred: unknown,
  target: unknown,
  names = ["prediction", "target"],
): void => {
  const p = checkFloat(loss, names[0]!, pred);
  const t = checkFloat(loss, names[1]!, target);
  const same = p.rank === t.rank && p.shape.every((d, i) => d === t.shape[i]);
  if (!same) {
    throw lossError(
      loss,
      `${names[0]} shape ${fmtShape(p.shape)} and ${names[1]} shape ${fmtShape(t.shape)} differ ` +
        "(losses never broadcast; reshape one of them)",
    );
  }
  if (p.dtype !== t.dtype) {
    throw lossError(
      loss,
      `${names[0]} dtype ${p.dtype} and ${names[1]} dtype ${t.dtype} differ; cast one of them`,
    );
  }
};

/** Finds the first element failing `ok`, for messages; −1 when all pass. */
export const firstBad = (t: Tensor, ok: (v: number) => boolean): number => {
  const d = t.dataSync();
  for (let i = 0; i < d.length; i++) if (!ok(d[i]!)) return i;
  return -1;
};

/** The value at flat position `i`, for messages. */
export const valueAt = (t: Tensor, i: number): number => t.dataSync()[i]!;
