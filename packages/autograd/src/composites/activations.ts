import { TensorError } from "../errors";
import { stopGradient } from "../grad";
import { add } from "../ops/add";
import { div } from "../ops/div";
import { erf } from "../ops/erf";
import { exp } from "../ops/exp";
import { expm1 } from "../ops/expm1";
import { greater } from "../ops/greater";
import { leakyReluFused } from "../ops/leakyRelu";
import { less } from "../ops/less";
import { log } from "../ops/log";
import { max } from "../ops/max";
import { mul } from "../ops/mul";
import { sigmoid } from "../ops/sigmoid";
import { sub } from "../ops/sub";
import { sum } from "../ops/sum";
import { tanh } from "../ops/tanh";
import { where } from "../ops/where";
import { normAxis } from "../shape";
import { Tensor } from "../tensor";

/** An activation: a plain tensor function, usable directly as a layer. */
export type Activation = (x: Tensor) => Tensor;

/**
 * Rectified linear unit max(x, 0). NOTE: relu′(0) = 0 (PyTorch, JAX, TF).
 *
 * @example
 * relu(tensor([-1, 0, 2])) // [0, 0, 2]
 */
export const relu = (x: Tensor): Tensor => leakyReluFused(x, 0);

/** Options of `leakyRelu`. */
export interface LeakyReluOptions {
  /** Slope for x < 0; default 0.01 (PyTorch, JAX). Keras' layer defaults to 0.3, its function to 0.2. */
  readonly slope?: number;
}

/**
 * Leaky ReLU: x for x > 0, slope·x otherwise — a select, not max(x, slope·x), so slopes above 1
 * are right too. Called with only options, returns the configured function (data-last).
 * NOTE: the derivative at 0 is `slope` (PyTorch).
 *
 * @example
 * leakyRelu(tensor([-1, 2]))                  // [-0.01, 2]
 * pipe(x, leakyRelu({ slope: 0.2 }))
 */
export function leakyRelu(x: Tensor, opts?: LeakyReluOptions): Tensor;
export function leakyRelu(opts: LeakyReluOptions): Activation;
export function leakyRelu(x: Tensor | LeakyReluOptions, opts?: LeakyReluOptions): Tensor | Activation {
  if (!(x instanceof Tensor)) return (t: Tensor) => leakyRelu(t, x);
  const slope = opts?.slope ?? 0.01;
  if (!Number.isFinite(slope)) throw new TensorError("leakyRelu", `slope must be finite, got ${slope}`);
  return leakyReluFused(x, slope);
}

/** Options of `elu`. */
export interface EluOptions {
  /** Scale of the negative part, default 1. */
  readonly alpha?: number;
}

/**
 * Exponential linear unit: x for x > 0, α(eˣ − 1) otherwise (α = 1 by default).
 *
 * @example
 * elu(tensor([-1, 1]))
 */
export function elu(x: Tensor, opts?: EluOptions): Tensor;
export function elu(opts: EluOptions): Activation;
export function elu(x: Tensor | EluOptions, opts?: EluOptions): Tensor | Activation {
  if (!(x instanceof Tensor)) return (t: Tensor) => elu(t, x);
  const alpha = opts?.alpha ?? 1;
  // expm1 of the x ≤ 0 part: the branch not taken never overflows, so its zero gradient stays
  // zero; at 0 the x ≤ 0 branch is taken, so elu′(0) = α (PyTorch), not α/2 as minimum's tie gave.
  const pos = greater(x, 0);
  return where(pos, x, mul(expm1(where(pos, 0, x)), alpha));
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/**
 * Scaled ELU: λ·elu(x, α) with λ ≈ 1.0507, α ≈ 1.6733 (Klambauer et al. 2017).
 *
 * @example
 * selu(tensor([-1, 1]))
 */
export const selu = (x: Tensor): Tensor => mul(elu(x, { alpha: SELU_ALPHA }), SELU_SCALE);

/** Options of `gelu`. */
export interface GeluOptions {
  /** 'none' (exact, default, as PyTorch) or 'tanh' (the approximation, JAX's default). */
  readonly approximate?: "none" | "tanh";
}

/**
 * Gaussian error linear unit. Exact: ½x(1 + erf(x/√2)); tanh approximation:
 * ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
 *
 * @example
 * gelu(tensor([1]))                         // 0.8413…
 * gelu({ approximate: "tanh" })(tensor([1])) // 0.8412…
 */
export function gelu(x: Tensor, opts?: GeluOptions): Tensor;
export function gelu(opts: GeluOptions): Activation;
export function gelu(x: Tensor | GeluOptions, opts?: GeluOptions): Tensor | Activation {
  if (!(x instanceof Tensor)) return (t: Tensor) => gelu(t, x);
  const mode = opts?.approximate ?? "none";
  if (mode === "none") return mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1));
  if (mode !== "tanh")
    throw new TensorError("gelu", `approximate must be 'none' or 'tanh', got ${String(mode)}`);
  const inner = mul(add(x, mul(mul(mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
  return mul(mul(x, 0.5), add(tanh(inner), 1));
}

/**
 * SiLU (swish) x·σ(x).
 *
 * @example
 * silu(tensor([1])) // 0.7311
 */
export const silu = (x: Tensor): Tensor => mul(x, sigmoid(x));

/** Options of the softmax family: the axis (default −1). */
export interface SoftmaxOptions {
  readonly axis?: number;
}

/**
 * softmax over `axis` (default −1): exp(x − m) / Σ exp(x − m), m = max x (no gradient through m).
 * Finite for logits of ±1e4. Called with only options, returns the configured function.
 *
 * @example
 * softmax(tensor([1, 2, 3]))
 */
export function softmax(x: Tensor, opts?: SoftmaxOptions): Tensor;
export function softmax(opts: SoftmaxOptions): Activation;
export function softmax(x: Tensor | SoftmaxOptions, opts?: SoftmaxOptions): Tensor | Activation {
  if (!(x instanceof Tensor)) return (t: Tensor) => softmax(t, x);
  const axis = opts?.axis ?? -1;
  const ax = normAxis("softmax", axis, x.rank, x.shape);
  if (x.shape[ax] === 0) return x; // nothing to normalize: the empty result (PyTorch)
  const e = exp(sub(x, stopGradient(max(x, { axis, keepdims: true }))));
  return div(e, sum(e, { axis, keepdims: true }));
}

/**
 * log-softmax over `axis` (default −1): x − m − log Σ exp(x − m), stable for any logits.
 *
 * @example
 * logSoftmax(tensor([1e4, 0])) // [0, -1e4]
 */
export function logSoftmax(x: Tensor, opts?: SoftmaxOptions): Tensor;
export function logSoftmax(opts: SoftmaxOptions): Activation;
export function logSoftmax(x: Tensor | SoftmaxOptions, opts?: SoftmaxOptions): Tensor | Activation {
  if (!(x instanceof Tensor)) return (t: Tensor) => logSoftmax(t, x);
  const axis = opts?.axis ?? -1;
  const ax = normAxis("logSoftmax", axis, x.rank, x.shape);
  if (x.shape[ax] === 0) return x; // nothing to normalize: the empty result (PyTorch)
  const shifted = sub(x, stopGradient(max(x, { axis, keepdims: true })));
  return sub(shifted, log(sum(exp(shifted), { axis, keepdims: true })));
}

/**
 * Clamps to [lo, hi]. NOTE: the gradient is 1 on the closed interval, boundaries included
 * (PyTorch `clamp`), and 0 outside.
 *
 * @example
 * clip(tensor([-2, 0.5, 2]), -1, 1) // [-1, 0.5, 1]
 */
export const clip = (x: Tensor, lo: number, hi: number): Tensor => {
  if (!(lo <= hi)) throw new TensorError("clip", `needs lo ≤ hi, got ${lo} and ${hi}`);
  return where(less(x, lo), lo, where(greater(x, hi), hi, x));
};

/** x². @example square(tensor([3])) // [9] */
export const square = (x: Tensor): Tensor => mul(x, x);

/** 1/x. @example reciprocal(tensor([4])) // [0.25] */
export const reciprocal = (x: Tensor): Tensor => div(1, x);
