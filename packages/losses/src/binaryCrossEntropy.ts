import { add, greater, isTensor, log, mul, neg, softplus, sub, type Tensor, where } from "@tapegrad/autograd";
import {
  checkPair,
  firstBad,
  fmtShape,
  lossError,
  type ReductionOptions,
  reduce,
  valueAt,
} from "./reduction";

const LOG_FLOOR = -100;
const P_FLOOR = Math.exp(LOG_FLOOR);

// max(log p, −100), with log never evaluated below e^−100 (so its gradient stays finite there).
const clampedLog = (p: Tensor): Tensor => {
  const ok = greater(p, P_FLOOR);
  return where(ok, log(where(ok, p, 1)), LOG_FLOOR);
};

/**
 * Binary cross-entropy on probabilities p ∈ [0, 1] (PyTorch `binary_cross_entropy`):
 * `−(y·log p + (1 − y)·log(1 − p))`, each log clamped at −100 so p of exactly 0 or 1 gives a
 * finite loss. Predictions outside [0, 1] are an error.
 * NOTE: the gradient is that of the clamped function (0 where a clamp is active); PyTorch's
 * hand-written backward uses (p − y)/max(p(1 − p), 1e−12) instead. Keras clips p to
 * [1e−7, 1 − 1e−7]. Prefer `binaryCrossEntropyWithLogits`: it is exact for any logit.
 *
 * @example
 * binaryCrossEntropy(tensor([0.9, 0.2]), tensor([1, 0])) // −(log 0.9 + log 0.8)/2
 */
export const binaryCrossEntropy = (pred: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor => {
  checkPair("binaryCrossEntropy", pred, target);
  const i = firstBad(pred, (v) => v >= 0 && v <= 1);
  if (i >= 0) {
    throw lossError(
      "binaryCrossEntropy",
      `predictions must be probabilities in [0, 1], got ${valueAt(pred, i)} at flat position ${i} of shape ` +
        `${fmtShape(pred.shape)}; for logits use binaryCrossEntropyWithLogits`,
    );
  }
  const terms = neg(add(mul(target, clampedLog(pred)), mul(sub(1, target), clampedLog(sub(1, pred)))));
  return reduce("binaryCrossEntropy", terms, opts.reduction);
};

/** Options of `binaryCrossEntropyWithLogits`. */
export interface BceWithLogitsOptions extends ReductionOptions {
  /** Weight of the positive term per class (PyTorch `pos_weight`): a number or a tensor of shape [C]. */
  readonly posWeight?: number | Tensor;
}

const checkPosWeight = (x: Tensor, w: number | Tensor): void => {
  if (!isTensor(w)) {
    if (typeof w !== "number" || !Number.isFinite(w)) {
      throw lossError(
        "binaryCrossEntropyWithLogits",
        `posWeight must be a finite number or a tensor, got ${w}`,
      );
    }
    return;
  }
  const c = x.rank === 0 ? 1 : x.shape[x.rank - 1]!;
  const ok = w.rank === 0 || (w.rank === 1 && (w.shape[0] === c || w.shape[0] === 1));
  if (!ok || w.dtype !== x.dtype) {
    throw lossError(
      "binaryCrossEntropyWithLogits",
      `posWeight ${w.dtype} ${fmtShape(w.shape)} must be a scalar or of shape [${c}] (the last axis of ` +
        `logits ${fmtShape(x.shape)}), of dtype ${x.dtype}`,
    );
  }
};

/**
 * Binary cross-entropy on logits x with labels z ∈ [0, 1] (PyTorch
 * `binary_cross_entropy_with_logits`): `max(x, 0) − x·z + log(1 + e^−|x|)`, i.e.
 * `softplus(x) − x·z`, finite with gradient `σ(x) − z` for any x (±1e4 included). With a
 * positive weight w: `(1 − z)·x + (1 + (w − 1)·z)·softplus(−x)`.
 *
 * @example
 * binaryCrossEntropyWithLogits(tensor([2, -1]), tensor([1, 0]))
 */
export const binaryCrossEntropyWithLogits = (
  pred: Tensor,
  target: Tensor,
  opts: BceWithLogitsOptions = {},
): Tensor => {
  checkPair("binaryCrossEntropyWithLogits", pred, target, ["logits", "target"]);
  const w = opts.posWeight;
  let terms: Tensor;
  if (w === undefined) terms = sub(softplus(pred), mul(pred, target));
  else {
    checkPosWeight(pred, w);
    const logWeight = add(mul(target, isTensor(w) ? sub(w, 1) : w - 1), 1);
    terms = add(mul(sub(1, target), pred), mul(logWeight, softplus(neg(pred))));
  }
  return reduce("binaryCrossEntropyWithLogits", terms, opts.reduction);
};
