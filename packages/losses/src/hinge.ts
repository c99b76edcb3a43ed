import { mul, relu, sub, type Tensor } from "@tapegrad/autograd";
import {
  checkPair,
  firstBad,
  fmtShape,
  lossError,
  type ReductionOptions,
  reduce,
  valueAt,
} from "./reduction";

/** Options of `hinge` and `squaredHinge`. */
export interface HingeOptions extends ReductionOptions {
  /** Map labels in {0, 1} to {−1, 1} (y ← 2y − 1) first. Default false: {0, 1} labels are an error. */
  readonly convertLabels?: boolean;
}

const margins = (loss: string, pred: Tensor, target: Tensor, opts: HingeOptions): Tensor => {
  checkPair(loss, pred, target);
  const convert = opts.convertLabels ?? false;
  const ok = convert ? (v: number) => v === 0 || v === 1 : (v: number) => v === -1 || v === 1;
  const i = firstBad(target, ok);
  if (i >= 0) {
    const v = valueAt(target, i);
    const hint = convert
      ? "with convertLabels: true the labels must be 0 or 1"
      : v === 0
        ? "labels must be −1 or 1; pass { convertLabels: true } to map {0, 1} to {−1, 1}"
        : "labels must be −1 or 1";
    throw lossError(loss, `target ${v} at flat position ${i} of shape ${fmtShape(target.shape)}: ${hint}`);
  }
  const y = convert ? sub(mul(target, 2), 1) : target;
  return relu(sub(1, mul(y, pred)));
};

/**
 * Hinge loss `max(0, 1 − y·ŷ)` for labels y ∈ {−1, 1} and raw scores ŷ.
 * NOTE: the gradient at the margin (y·ŷ = 1) is 0 (relu′(0) = 0). Keras' `hinge` silently maps
 * {0, 1} labels to {−1, 1}; here that takes `convertLabels: true`, else it is an error.
 *
 * @example
 * hinge(tensor([0.5, -2]), tensor([1, -1])) // mean of 0.5 and 0
 */
export const hinge = (pred: Tensor, target: Tensor, opts: HingeOptions = {}): Tensor =>
  reduce("hinge", margins("hinge", pred, target, opts), opts.reduction);

/**
 * Squared hinge loss `max(0, 1 − y·ŷ)²` for labels y ∈ {−1, 1}; differentiable at the margin.
 * NOTE: as `hinge`, {0, 1} labels need `convertLabels: true`.
 *
 * @example
 * squaredHinge(tensor([0.5, -2]), tensor([1, -1])) // mean of 0.25 and 0
 */
export const squaredHinge = (pred: Tensor, target: Tensor, opts: HingeOptions = {}): Tensor => {
  const m = margins("squaredHinge", pred, target, opts);
  return reduce("squaredHinge", mul(m, m), opts.reduction);
};
