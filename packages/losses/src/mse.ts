import { mul, sub, type Tensor } from "@tapegrad/autograd";
import { checkPair, type ReductionOptions, reduce } from "./reduction";

/**
 * Mean squared error: `(pred − target)²`, reduced (mean over every element by default).
 * Prediction and target must have the same shape and dtype (no broadcasting).
 * NOTE: Keras averages over the last axis, then over the batch: the same number for
 * rectangular batches.
 *
 * @example
 * mse(tensor([1, 2]), tensor([1, 4])) // 2
 */
export const mse = (pred: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor => {
  checkPair("mse", pred, target);
  const e = sub(pred, target);
  return reduce("mse", mul(e, e), opts.reduction);
};
