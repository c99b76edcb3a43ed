import { chainFor } from "../core/chain";
import { named } from "../core/named";
import { type EmptyState, type GradientTransformation, optional } from "../core/transformation";
import { checkNumber, checkOptions, NON_NEGATIVE } from "../core/validate";
import type { LearningRate } from "../schedules/schedule";
import { addWeightDecayFor } from "../transforms/addWeightDecay";
import { type ScaleByLearningRateState, scaleByLearningRateFor } from "../transforms/scaleByLearningRate";
import { type TraceMomentumState, traceMomentumFor } from "../transforms/traceMomentum";

/** Options of `sgd` (defaults as `torch.optim.SGD`). */
export interface SgdOptions {
  /** γ: a number ≥ 0 or a schedule; required, as in PyTorch. */
  readonly learningRate: LearningRate;
  /** Momentum μ ≥ 0; default 0 (none, and no buffer in the state). */
  readonly momentum?: number;
  /** Dampening τ in [0, 1]; default 0. */
  readonly dampening?: number;
  /** Nesterov momentum; default false (needs momentum > 0 and dampening 0). */
  readonly nesterov?: boolean;
  /** L2 weight decay λ ≥ 0, added to the gradient; default 0. */
  readonly weightDecay?: number;
}

/** The state of `sgd`: [weight decay (none), momentum buffer (empty without momentum), learning rate]. */
export type SgdState = readonly [EmptyState, TraceMomentumState | EmptyState, ScaleByLearningRateState];

/**
 * Stochastic gradient descent (PyTorch `SGD`): `g ← g + λθ`; with momentum `b₁ = g₁`,
 * `b_t = μb_{t−1} + (1−τ)g_t` and `g ← b_t` (Nesterov: `g ← g + μb_t`); `θ ← θ − γg`.
 * = `chain(addWeightDecay(λ), traceMomentum(…), scaleByLearningRate(γ))`.
 * NOTE: γ multiplies the velocity (PyTorch); Keras's `v = μv − γg` agrees for a constant γ only.
 *
 * @example
 * const opt = sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true })
 */
export const sgd = (opts: SgdOptions): GradientTransformation<SgdState> => {
  const o = checkOptions("sgd", opts);
  const lr = scaleByLearningRateFor("sgd", o.learningRate);
  const wd = checkNumber("sgd", "weightDecay", o.weightDecay ?? 0, NON_NEGATIVE);
  const mu = checkNumber("sgd", "momentum", o.momentum ?? 0, NON_NEGATIVE);
  const momentum = traceMomentumFor(
    "sgd",
    { decay: mu, dampening: o.dampening, nesterov: o.nesterov },
    { decay: "momentum", dampening: "dampening" },
  );
  return named(
    "sgd",
    chainFor("sgd", [
      optional(wd > 0, addWeightDecayFor("sgd", wd)),
      optional(mu > 0, momentum),
      lr,
    ] as const),
    wd > 0,
  );
};
