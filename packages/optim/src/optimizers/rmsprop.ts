import { chainFor } from "../core/chain";
import { named } from "../core/named";
import { type EmptyState, type GradientTransformation, optional } from "../core/transformation";
import { checkBoolean, checkNumber, checkOptions, NON_NEGATIVE, UNIT } from "../core/validate";
import type { LearningRate } from "../schedules/schedule";
import { addWeightDecayFor } from "../transforms/addWeightDecay";
import { type ScaleByLearningRateState, scaleByLearningRateFor } from "../transforms/scaleByLearningRate";
import {
  type ScaleByRmsOptions,
  type ScaleByRmsState,
  type ScaleByStddevState,
  scaleByRmsFor,
  scaleByStddevFor,
} from "../transforms/scaleByRms";
import { type TraceMomentumState, traceMomentumFor } from "../transforms/traceMomentum";

/** Options of `rmsprop` (defaults as `torch.optim.RMSprop`). */
export interface RmspropOptions extends ScaleByRmsOptions {
  /** γ ≥ 0 or a schedule; default 1e-2. */
  readonly learningRate?: LearningRate;
  /** Momentum μ ≥ 0; default 0. */
  readonly momentum?: number;
  /** Centered RMSprop (divide by an estimate of the variance); default false. */
  readonly centered?: boolean;
  /** L2 weight decay λ ≥ 0; default 0. */
  readonly weightDecay?: number;
}

/** The state of `rmsprop`: [weight decay, mean squares (and mean, if centered), momentum, learning rate]. */
export type RmspropState = readonly [
  EmptyState,
  ScaleByRmsState | ScaleByStddevState,
  TraceMomentumState | EmptyState,
  ScaleByLearningRateState,
];

const build = (owner: string, o: RmspropOptions): GradientTransformation<RmspropState> => {
  const lr = scaleByLearningRateFor(owner, o.learningRate ?? 1e-2);
  const wd = checkNumber(owner, "weightDecay", o.weightDecay ?? 0, NON_NEGATIVE);
  const mu = checkNumber(owner, "momentum", o.momentum ?? 0, NON_NEGATIVE);
  const centered = checkBoolean(owner, "centered", o.centered ?? false);
  const scale = centered ? scaleByStddevFor(owner, o) : scaleByRmsFor(owner, o);
  const momentum = optional(
    mu > 0,
    traceMomentumFor(owner, { decay: mu }, { decay: "momentum", dampening: "dampening" }),
  );
  return named(
    owner,
    chainFor(owner, [optional(wd > 0, addWeightDecayFor(owner, wd)), scale, momentum, lr] as const),
    wd > 0,
  );
};

/**
 * RMSprop (PyTorch): `g ← g + λθ`, `v = αv + (1−α)g²`; centered: `ḡ = αḡ + (1−α)g`,
 * `ṽ = v − ḡ²` (else ṽ = v); `d = g/(√ṽ + ε)`; momentum: `b = μb + d`, `θ ← θ − γb`, else
 * `θ ← θ − γd`. Defaults γ = 1e-2, α = 0.99, ε = 1e-8.
 * NOTE: ε is **outside** the root as in PyTorch; `epsInsideSqrt: true` gives Keras/Optax's
 * `g/√(ṽ + ε)` (see `kerasRmsprop`).
 *
 * @example
 * const opt = rmsprop({ learningRate: 1e-3, momentum: 0.9, centered: true })
 */
export const rmsprop = (opts?: RmspropOptions): GradientTransformation<RmspropState> =>
  build("rmsprop", checkOptions("rmsprop", opts));

/** Options of `kerasRmsprop` (defaults as `keras.optimizers.RMSprop`). */
export interface KerasRmspropOptions {
  /** γ ≥ 0 or a schedule; default 1e-3. */
  readonly learningRate?: LearningRate;
  /** Decay ρ of the mean square; default 0.9. */
  readonly rho?: number;
  /** Momentum; default 0. */
  readonly momentum?: number;
  /** ε, inside the root; default 1e-7. */
  readonly eps?: number;
  /** default false. */
  readonly centered?: boolean;
}

/**
 * RMSprop with Keras's conventions: ε = 1e-7 **inside** the root, `d = g/√(ṽ + ε)`, ρ = 0.9,
 * γ = 1e-3. Same as `rmsprop({ alpha: rho, eps: 1e-7, epsInsideSqrt: true, … })`.
 * NOTE: Keras keeps γ inside the momentum buffer (`b = μb + γd; θ −= b`): the same trajectory
 * for a constant γ, not under a schedule.
 *
 * @example
 * const opt = kerasRmsprop({ learningRate: 1e-3 })
 */
export const kerasRmsprop = (opts?: KerasRmspropOptions): GradientTransformation<RmspropState> => {
  const o = checkOptions("kerasRmsprop", opts);
  return build("kerasRmsprop", {
    learningRate: o.learningRate ?? 1e-3,
    alpha: checkNumber("kerasRmsprop", "rho", o.rho ?? 0.9, UNIT),
    eps: o.eps ?? 1e-7,
    epsInsideSqrt: true,
    momentum: o.momentum,
    centered: o.centered,
  });
};
