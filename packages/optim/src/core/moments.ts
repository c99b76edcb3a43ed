import type { Tree } from "@tapegrad/autograd";
import type { StepCount } from "./count";
import { checkNumber, NON_NEGATIVE, UNIT_OPEN } from "./validate";

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
 * Checks β₁, β₂ and ε with their torch.optim defaults (0.9, 0.999, 1e-8); errors name `owner`.
 *
 * @example
 * const { b1, b2, eps } = checkMomentOptions("adam", opts)
 */
export const checkMomentOptions = (
  owner: string,
  o: MomentOptions,
): { b1: number; b2: number; eps: number } => ({
  b1: checkNumber(owner, "beta1", o.beta1 ?? 0.9, UNIT_OPEN),
  b2: checkNumber(owner, "beta2", o.beta2 ?? 0.999, UNIT_OPEN),
  eps: checkNumber(owner, "eps", o.eps ?? 1e-8, NON_NEGATIVE),
});

/** The state of a moment-based transformation: the step count and the moments mu and nu. */
export type MomentsState = { readonly count: StepCount; readonly mu: Tree; readonly nu: Tree };
