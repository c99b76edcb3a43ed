import { abs, sub, type Tensor } from "@tapegrad/autograd";
import { checkPair, type ReductionOptions, reduce } from "./reduction";

/**
 * Mean absolute error (L1): `|pred − target|`, reduced (mean by default).
 * NOTE: the gradient at pred = target is 0 (PyTorch's `l1_loss`).
 *
 * @example
 * mae(tensor([1, 2]), tensor([1, 4])) // 1
 */
export const mae = (pred: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor => {
  checkPair("mae", pred, target);
  return reduce("mae", abs(sub(pred, target)), opts.reduction);
};
