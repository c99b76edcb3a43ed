import { add, mul, type Tensor, type Tree, tree, zerosLike } from "@tapegrad/autograd";
import { nextCount, readCount, type StepCount, zeroCount } from "./count";
import type { GradientTransformation } from "./transformation";
import { checkParams, perParameter } from "./trees";
import { checkNumber, checkOptions, NON_NEGATIVE, UNIT_OPEN } from "./validate";

/** The options the Adam family shares: the two decay rates and ε. */
export interface MomentOptions {
  /** Decay of the first moment, in [0, 1); default 0.9. */
  readonly beta1?: number;
  /** Decay of the second moment (or infinity norm), in [0, 1); default 0.999. */
  readonly beta2?: number;
  /** ε ≥ 0; default 1e-8. */
  readonly eps?: number;
}

/**
 * Checks an options argument (`checkOptions`), then β₁, β₂ and ε with their torch.optim
 * defaults (0.9, 0.999, 1e-8); errors name `owner`. Returns the checked options object too.
 *
 * @example
 * const { o, b1, b2, eps } = checkMomentOptions("adam", opts)
 */
export const checkMomentOptions = <O extends MomentOptions>(
  owner: string,
  opts: O | undefined,
): { o: O; b1: number; b2: number; eps: number } => {
  const o = checkOptions(owner, opts);
  return {
    o,
    b1: checkNumber(owner, "beta1", o.beta1 ?? 0.9, UNIT_OPEN),
    b2: checkNumber(owner, "beta2", o.beta2 ?? 0.999, UNIT_OPEN),
    eps: checkNumber(owner, "eps", o.eps ?? 1e-8, NON_NEGATIVE),
  };
};

/** The state of a moment-based transformation: the step count and the moments mu and nu. */
export type MomentsState = { readonly count: StepCount; readonly mu: Tree; readonly nu: Tree };

/**
 * @internal The exponential moving average `decay·avg + (1 − decay)·x` (the moments, RMSprop's
 * mean square, Adadelta's averages).
 */
export const ema = (avg: Tensor, x: Tensor, decay: number): Tensor => add(mul(avg, decay), mul(x, 1 - decay));

/** @internal A fresh `MomentsState` for the (checked) parameters: count 0, zero moments. */
export const zeroMoments = (owner: string, params: Tree): MomentsState => {
  const [leaves, def] = checkParams(`${owner}.init`, params);
  const zeros = (): Tree => tree.unflatten(def, leaves.map(zerosLike));
  return { count: zeroCount(), mu: zeros(), nu: zeros() };
};

/** @internal One step on the leaves, t counted from 1: the next moments and the updates. */
export type MomentsStep = (
  t: number,
  g: readonly Tensor[],
  mu: readonly Tensor[],
  nu: readonly Tensor[],
) => { readonly mu: Tensor[]; readonly nu: Tensor[]; readonly updates: Tensor[] };

/**
 * @internal A transformation whose state is a `MomentsState` (scaleByAdamax, scaleByRadam): it
 * reads and checks the state, runs `step` on the leaves and rebuilds the trees; errors name `owner`.
 */
export const momentsTransformation = (
  owner: string,
  step: MomentsStep,
): GradientTransformation<MomentsState> => ({
  init: (params) => zeroMoments(owner, params),
  update: (grads, state) => {
    const owned = `${owner}.update`;
    const n = readCount(owned, state?.count);
    const { def, g, s } = perParameter(owned, grads, state, ["mu", "nu"]);
    const r = step(n + 1, g, s.mu, s.nu);
    return {
      updates: tree.unflatten(def, r.updates),
      state: { count: nextCount(n), mu: tree.unflatten(def, r.mu), nu: tree.unflatten(def, r.nu) },
    };
  },
});
