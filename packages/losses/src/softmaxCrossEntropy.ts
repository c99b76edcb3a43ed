import {
  add,
  expandDims,
  isTensor,
  logSoftmax,
  mul,
  neg,
  oneHot,
  squeeze,
  sum,
  type Tensor,
  takeAlongAxis,
} from "@tapegrad/autograd";
import { checkLabels } from "./labels";
import { checkFloat, checkPair, fmtShape, lossError, type ReductionOptions, reduce } from "./reduction";

/** Options of `softmaxCrossEntropy`. */
export interface SoftmaxCrossEntropyOptions extends ReductionOptions {
  /** ε: the target becomes (1 − ε)·y + ε/C (PyTorch `label_smoothing`), default 0. */
  readonly labelSmoothing?: number;
}

/**
 * Softmax cross-entropy from logits z of shape [..., C] (classes on the last axis):
 * `−Σᵢ yᵢ·logSoftmax(z)ᵢ` per example, with `logSoftmax(z)ᵢ = zᵢ − m − log Σⱼ e^(zⱼ − m)`.
 * The target is either int32 class labels of shape [...] (each in [0, C); picks
 * `−logSoftmax(z)_k`), or float one-hot / soft labels of the logits' shape. Gradient
 * `softmax(z)·Σy − y`; finite for logits of ±1e4. `reduction` folds the per-example losses.
 * NOTE: PyTorch's `cross_entropy` puts classes on axis 1 for inputs of rank > 2; here (as in
 * TF, Keras, Optax) they are on the last axis. Keras' `CategoricalCrossentropy` takes
 * probabilities unless `from_logits=True`; this takes logits only.
 *
 * @example
 * softmaxCrossEntropy(tensor([[2, 0, 0]]), tensor([0], { dtype: "int32" })) // log(1 + 2e⁻²)
 */
export const softmaxCrossEntropy = (
  logits: Tensor,
  target: Tensor,
  opts: SoftmaxCrossEntropyOptions = {},
): Tensor => {
  const name = "softmaxCrossEntropy";
  checkFloat(name, "logits", logits);
  if (!isTensor(target)) throw lossError(name, `target must be a tensor, got ${typeof target}`);
  const eps = opts.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps <= 1)) throw lossError(name, `labelSmoothing must be in [0, 1], got ${eps}`);
  if (logits.rank === 0) throw lossError(name, "logits need a class axis (the last), got a scalar");
  const c = logits.shape[logits.rank - 1]!;
  if (c === 0)
    throw lossError(name, `logits of shape ${fmtShape(logits.shape)} have no classes (last axis 0)`);
  const logp = logSoftmax(logits, { axis: -1 });
  if (target.dtype === "int32") {
    checkLabels(name, logits, target, "logits");
    if (eps === 0) {
      const picked = takeAlongAxis(logp, expandDims(target, -1), { axis: -1 });
      return reduce(name, neg(squeeze(picked, { axis: -1 })), opts.reduction);
    }
    target = oneHot(target, c, { dtype: logits.dtype });
  } else {
    checkPair(name, logits, target, ["logits", "target"]);
  }
  const y = eps === 0 ? target : add(mul(target, 1 - eps), eps / c);
  return reduce(name, neg(sum(mul(y, logp), { axis: -1 })), opts.reduction);
};
