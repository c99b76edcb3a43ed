import { expandDims, isTensor, neg, squeeze, type Tensor, takeAlongAxis } from "@tapegrad/autograd";
import { checkLabels } from "./labels";
import { checkFloat, fmtShape, lossError, type ReductionOptions, reduce } from "./reduction";

/**
 * Negative log-likelihood (PyTorch `nll_loss`): `−logProbs[..., k]` for int32 labels k of
 * shape [...] with log-probabilities of shape [..., C] (classes on the last axis, e.g. from
 * `logSoftmax`). Labels outside [0, C) are an error.
 * NOTE: PyTorch puts classes on axis 1 for inputs of rank > 2, and skips label −100
 * (`ignore_index`); here every label must be a class.
 *
 * @example
 * nll(logSoftmax(logits), labels) // = softmaxCrossEntropy(logits, labels)
 */
export const nll = (logProbs: Tensor, labels: Tensor, opts: ReductionOptions = {}): Tensor => {
  checkFloat("nll", "log-probabilities", logProbs);
  if (!isTensor(labels) || labels.dtype !== "int32") {
    const got = isTensor(labels) ? `${labels.dtype} of shape ${fmtShape(labels.shape)}` : typeof labels;
    throw lossError("nll", `labels must be an int32 tensor of class indices, got ${got}`);
  }
  checkLabels("nll", logProbs, labels, "log-probabilities");
  const picked = takeAlongAxis(logProbs, expandDims(labels, -1), { axis: -1 });
  return reduce("nll", neg(squeeze(picked, { axis: -1 })), opts.reduction);
};
