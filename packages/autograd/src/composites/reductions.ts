import { TensorError } from "../errors";
import { stopGradient } from "../grad";
import { add } from "../ops/add";
import { cast } from "../ops/cast";
import { div } from "../ops/div";
import { exp } from "../ops/exp";
import { log } from "../ops/log";
import { max } from "../ops/max";
import { mul } from "../ops/mul";
import type { ReduceOptions } from "../ops/reduce";
import { reshape } from "../ops/reshape";
import { sub } from "../ops/sub";
import { sum } from "../ops/sum";
import { where } from "../ops/where";
import { normAxes } from "../shape";
import type { Tensor } from "../tensor";
import { isFinite_ } from "./predicates";

const count = (x: Tensor, axis: ReduceOptions["axis"], op: string): number =>
  normAxes(op, axis, x.rank, x.shape).reduce((s, a) => s * x.shape[a]!, 1);

const asFloat = (x: Tensor): Tensor => (x.dtype === "int32" ? cast(x, "float32") : x);

/**
 * Arithmetic mean over `axis` (all axes when absent). int32 input gives float32. The mean of a
 * size-zero reduction is NaN (as NumPy).
 *
 * @example
 * mean(tensor([[1, 2], [3, 4]]), { axis: 1 }) // [1.5, 3.5]
 */
export const mean = (x: Tensor, opts?: ReduceOptions): Tensor => {
  const n = count(x, opts?.axis, "mean");
  return div(sum(asFloat(x), opts), n);
};

/** Options of `variance`. */
export interface VarianceOptions extends ReduceOptions {
  /** Delta degrees of freedom: divide by N − ddof (default 0, the population variance). */
  readonly ddof?: number;
}

/**
 * Variance `Σ(x − mean)² / (N − ddof)` over `axis`. NOTE: default ddof = 0 (NumPy, JAX, TF);
 * PyTorch's `var` defaults to the unbiased ddof = 1.
 *
 * @example
 * variance(tensor([1, 2, 3, 4])) // 1.25
 */
export const variance = (x: Tensor, opts?: VarianceOptions): Tensor => {
  const n = count(x, opts?.axis, "variance");
  const xf = asFloat(x);
  const ddof = opts?.ddof ?? 0;
  if (!(ddof >= 0)) throw new TensorError("variance", `ddof must be ≥ 0, got ${ddof}`);
  const centered = sub(xf, mean(xf, { axis: opts?.axis, keepdims: true }));
  return div(sum(mul(centered, centered), { axis: opts?.axis, keepdims: opts?.keepdims }), n - ddof);
};

/**
 * `log Σ exp(x)` over `axis`, stable for any input: `m + log Σ exp(x − m)` with m = max x
 * (m carries no gradient; an all −∞ slice gives −∞, not NaN).
 *
 * @example
 * logSumExp(tensor([1000, 1000])) // 1000.693…
 */
export const logSumExp = (x: Tensor, opts?: ReduceOptions): Tensor => {
  const axes = normAxes("logSumExp", opts?.axis, x.rank, x.shape);
  if (axes.some((a) => x.shape[a] === 0)) {
    // log Σ over nothing = log 0 = −∞ (PyTorch), through the sum so gradients keep their shape
    return log(sum(mul(x, 0), opts));
  }
  const m0 = stopGradient(max(x, { axis: opts?.axis, keepdims: true }));
  const m = where(isFinite_(m0), m0, 0);
  const s = log(sum(exp(sub(x, m)), { axis: opts?.axis, keepdims: true }));
  const out = add(s, m);
  return opts?.keepdims ? out : reshape(out, sum(m, opts).shape);
};
