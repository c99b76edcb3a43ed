import { div, maximum, mul, sqrt, sub, sum, type Tensor } from "@tapegrad/autograd";
import { checkPair, fmtShape, lossError, type ReductionOptions, reduce } from "./reduction";

/** Options of `cosineSimilarity` and `cosineSimilarityLoss`. */
export interface CosineSimilarityOptions extends ReductionOptions {
  /** The axis holding the vectors, default −1. */
  readonly axis?: number;
  /** Floor of each norm, default 1e-8 (PyTorch). */
  readonly eps?: number;
}

const cosines = (loss: string, a: Tensor, b: Tensor, opts: CosineSimilarityOptions): Tensor => {
  checkPair(loss, a, b, ["first input", "second input"]);
  const eps = opts.eps ?? 1e-8;
  if (!(eps > 0)) throw lossError(loss, `eps must be > 0, got ${eps}`);
  const axis = opts.axis ?? -1;
  if (!Number.isInteger(axis) || axis < -a.rank || axis >= a.rank) {
    throw lossError(loss, `axis ${axis} is out of range for inputs of shape ${fmtShape(a.shape)}`);
  }
  // max(‖x‖, ε) as √max(Σx², ε²): sqrt never sees 0, so the gradient stays finite at x = 0.
  const norm = (x: Tensor) => sqrt(maximum(sum(mul(x, x), { axis }), eps * eps));
  return div(sum(mul(a, b), { axis }), mul(norm(a), norm(b)));
};

/**
 * Cosine similarity along `axis` (default −1), as PyTorch's `cosine_similarity`:
 * `x₁·x₂ / (max(‖x₁‖, ε)·max(‖x₂‖, ε))`, +cos per vector, then reduced (mean by default,
 * `reduction: 'none'` for one value per row).
 * NOTE: PyTorch's default axis is 1 (the same for 2-D inputs) and it does not reduce; Keras'
 * `cosine_similarity` returns −cos. Shapes must be equal (no broadcasting).
 *
 * @example
 * cosineSimilarity(tensor([[1, 0]]), tensor([[1, 1]]), { reduction: "none" }) // [0.7071]
 */
export const cosineSimilarity = (x1: Tensor, x2: Tensor, opts: CosineSimilarityOptions = {}): Tensor =>
  reduce("cosineSimilarity", cosines("cosineSimilarity", x1, x2, opts), opts.reduction);

/**
 * Cosine loss `1 − cos(pred, target)` per vector (PyTorch's `CosineEmbeddingLoss` with y = 1),
 * then reduced: 0 when aligned, 2 when opposite.
 * NOTE: Keras' `CosineSimilarity` loss is −cos: it differs by the constant 1, same gradient.
 *
 * @example
 * cosineSimilarityLoss(pred, target) // mean of 1 − cos over rows
 */
export const cosineSimilarityLoss = (
  pred: Tensor,
  target: Tensor,
  opts: CosineSimilarityOptions = {},
): Tensor =>
  reduce("cosineSimilarityLoss", sub(1, cosines("cosineSimilarityLoss", pred, target, opts)), opts.reduction);
