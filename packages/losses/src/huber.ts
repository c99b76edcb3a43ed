import { abs, add, div, minimum, mul, sub, type Tensor } from "@tapegrad/autograd";
import { checkPair, lossError, type ReductionOptions, reduce } from "./reduction";

/** Options of `huber`. */
export interface HuberOptions extends ReductionOptions {
  /** Where the loss turns from quadratic to linear, default 1 (PyTorch, Keras). */
  readonly delta?: number;
}

// q = min(|e|, δ); ½q² + δ(|e| − q): ½e² inside, δ(|e| − ½δ) outside, no overflow for large e.
const huberTerms = (e: Tensor, delta: number): Tensor => {
  const a = abs(e);
  const q = minimum(a, delta);
  return add(mul(mul(q, q), 0.5), mul(sub(a, q), delta));
};

/**
 * Huber loss (PyTorch `huber_loss`): with e = pred − target, `½e²` where |e| ≤ δ, else
 * `δ(|e| − ½δ)`; gradient e, resp. δ·sign(e) (δ at |e| = δ from both sides).
 *
 * @example
 * huber(tensor([0, 3]), tensor([0.5, 0]), { delta: 1 }) // mean of 0.125 and 2.5
 */
export const huber = (pred: Tensor, target: Tensor, opts: HuberOptions = {}): Tensor => {
  checkPair("huber", pred, target);
  const delta = opts.delta ?? 1;
  if (!(delta > 0) || !Number.isFinite(delta))
    throw lossError("huber", `delta must be > 0 and finite, got ${delta}`);
  return reduce("huber", huberTerms(sub(pred, target), delta), opts.reduction);
};

/** Options of `smoothL1`. */
export interface SmoothL1Options extends ReductionOptions {
  /** Width of the quadratic zone, default 1 (PyTorch); 0 gives the L1 loss. */
  readonly beta?: number;
}

/**
 * Smooth L1 (PyTorch `smooth_l1_loss`): `0.5e²/β` where |e| < β, else `|e| − 0.5β`, i.e.
 * Huber(β)/β; β = 0 is the L1 loss.
 *
 * @example
 * smoothL1(tensor([0, 3]), tensor([0.5, 0]), { beta: 1 }) // mean of 0.125 and 2.5
 */
export const smoothL1 = (pred: Tensor, target: Tensor, opts: SmoothL1Options = {}): Tensor => {
  checkPair("smoothL1", pred, target);
  const beta = opts.beta ?? 1;
  if (!(beta >= 0) || !Number.isFinite(beta))
    throw lossError("smoothL1", `beta must be ≥ 0 and finite, got ${beta}`);
  const e = sub(pred, target);
  const terms = beta === 0 ? abs(e) : div(huberTerms(e, beta), beta);
  return reduce("smoothL1", terms, opts.reduction);
};
