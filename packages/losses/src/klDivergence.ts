import { div, exp, greater, log, mul, sub, sum, type Tensor, where } from "@tapegrad/autograd";
import { checkPair, firstBad, fmtShape, lossError, type Reduction, reduce, valueAt } from "./reduction";

/** Options of `klDivergence`. */
export interface KlDivergenceOptions {
  /** `'mean'` (default, over every element, as PyTorch), `'sum'`, `'none'`, or `'batchmean'` (the KL: sum / batch size). */
  readonly reduction?: Reduction | "batchmean";
  /** The target is given as log-probabilities (PyTorch `log_target`), default false. */
  readonly logTarget?: boolean;
}

/**
 * Kullback–Leibler divergence as PyTorch's `kl_div`: the input is log-probabilities log q, the
 * target probabilities p; pointwise `p·(log p − log q)`, 0 where p = 0. With `logTarget`, the
 * target is log p: `e^(log p)·(log p − log q)`. `'batchmean'` divides the sum by the batch size
 * (the first axis) and is the mathematical KL(p‖q) per example. Terms with p = 0 are 0, also
 * for a log target of −∞ (PyTorch gives NaN there).
 * NOTE: as PyTorch, the default `'mean'` averages over every element (not the KL); Keras'
 * `kl_divergence(y_true, y_pred)` takes two probability tensors, clips them to [1e−7, 1] and
 * sums over the last axis.
 *
 * @example
 * klDivergence(logSoftmax(logits), p, { reduction: "batchmean" })
 */
export const klDivergence = (input: Tensor, target: Tensor, opts: KlDivergenceOptions = {}): Tensor => {
  checkPair("klDivergence", input, target, ["input (log-probabilities)", "target"]);
  let terms: Tensor;
  if (opts.logTarget) {
    // e^t·(t − x) is taken as 0 at t = −∞ (p = 0), where PyTorch gives NaN.
    const pos = greater(target, Number.NEGATIVE_INFINITY);
    const t = where(pos, target, 0);
    terms = where(pos, mul(exp(t), sub(t, input)), 0);
  } else {
    const i = firstBad(target, (v) => v >= 0);
    if (i >= 0) {
      throw lossError(
        "klDivergence",
        `target probabilities must be ≥ 0, got ${valueAt(target, i)} at flat position ${i} of shape ` +
          `${fmtShape(target.shape)} (for log-probabilities pass logTarget: true)`,
      );
    }
    const pos = greater(target, 0);
    // p·log p is taken as 0 at p = 0 (xlogy), and log is never evaluated there.
    terms = where(pos, mul(target, sub(log(where(pos, target, 1)), input)), 0);
  }
  if (opts.reduction === "batchmean") {
    const n = input.rank === 0 ? 1 : input.shape[0]!;
    return div(sum(terms), n);
  }
  return reduce("klDivergence", terms, opts.reduction);
};
