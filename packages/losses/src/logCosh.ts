import { abs, add, exp, log1p, mul, sub, type Tensor } from "@tapegrad/autograd";
import { checkPair, type ReductionOptions, reduce } from "./reduction";

/**
 * log-cosh loss: `log(cosh(e))`, e = pred − target, computed as `|e| + log1p(e^−2|e|) − log 2`
 * so it never overflows; gradient tanh(e). About ½e² for small e and |e| − log 2 for large.
 * NOTE: PyTorch has no log-cosh loss; Keras' `log_cosh` averages over the last axis, the same
 * number as the mean here for rectangular batches.
 *
 * @example
 * logCosh(tensor([1]), tensor([0])) // log(cosh 1) ≈ 0.4338
 */
export const logCosh = (pred: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor => {
  checkPair("logCosh", pred, target);
  const a = abs(sub(pred, target));
  const terms = sub(add(a, log1p(exp(mul(a, -2)))), Math.LN2);
  return reduce("logCosh", terms, opts.reduction);
};
