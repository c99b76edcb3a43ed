import { add, mul, type Tensor, type Tree, tree } from "@tapegrad/autograd";
import { nextCount, readCount, type StepCount, zeroCount } from "../core/count";
import { optimError } from "../core/errors";
import type { GradientTransformation } from "../core/transformation";
import { perParameter, zerosLikeParams } from "../core/trees";
import { checkBoolean, checkNumber, checkOptions, NON_NEGATIVE, UNIT } from "../core/validate";

/** Options of `traceMomentum`. */
export interface TraceMomentumOptions {
  /** The momentum factor μ ≥ 0. */
  readonly decay: number;
  /** The dampening τ in [0, 1]; default 0. */
  readonly dampening?: number;
  /** Nesterov momentum; default false (needs μ > 0 and τ = 0, as in PyTorch). */
  readonly nesterov?: boolean;
}

/** The state of `traceMomentum`: the updates so far and the momentum buffer b. */
export type TraceMomentumState = { readonly count: StepCount; readonly momentum: Tree };

/** @internal `traceMomentum` whose errors name `owner`. */
export const traceMomentumFor = (
  owner: string,
  opts: TraceMomentumOptions,
  names: { readonly decay: string; readonly dampening: string } = { decay: "decay", dampening: "dampening" },
): GradientTransformation<TraceMomentumState> => {
  const o = checkOptions(owner, opts);
  const mu = checkNumber(owner, names.decay, o.decay, NON_NEGATIVE);
  const tau = checkNumber(owner, names.dampening, o.dampening ?? 0, UNIT);
  const nesterov = checkBoolean(owner, "nesterov", o.nesterov ?? false);
  if (nesterov && (mu <= 0 || tau !== 0)) {
    throw optimError(
      owner,
      `Nesterov momentum needs ${names.decay} > 0 and ${names.dampening} = 0, got ${mu} and ${tau}`,
    );
  }
  return {
    init: (params) => {
      return { count: zeroCount(), momentum: zerosLikeParams(`${owner}.init`, params) };
    },
    update: (grads, state) => {
      const owned = `${owner}.update`;
      const n = readCount(owned, state?.count);
      const { def, g, s } = perParameter(owned, grads, state, ["momentum"]);
      const b = g.map(
        (gi, i): Tensor => (n === 0 ? gi : add(mul(s.momentum[i]!, mu), tau === 0 ? gi : mul(gi, 1 - tau))),
      );
      const out = nesterov ? g.map((gi, i): Tensor => add(gi, mul(b[i]!, mu))) : b;
      return {
        updates: tree.unflatten(def, out),
        state: { count: nextCount(n), momentum: tree.unflatten(def, b) },
      };
    },
  };
};

/**
 * Heavy-ball momentum as PyTorch's SGD keeps it: `b₁ = g₁`, `b_t = μ·b_{t−1} + (1 − τ)·g_t`;
 * the output is `b_t`, or `g_t + μ·b_t` with Nesterov. (Optax's `trace` with dampening.)
 * NOTE: the first step takes `b₁ = g₁` undamped, as PyTorch does; with τ = 0 this equals a buffer
 * that starts at zero.
 *
 * @example
 * const sgdMomentum = chain(traceMomentum({ decay: 0.9 }), scaleByLearningRate(0.01))
 */
export const traceMomentum = (opts: TraceMomentumOptions): GradientTransformation<TraceMomentumState> =>
  traceMomentumFor("traceMomentum", opts);
