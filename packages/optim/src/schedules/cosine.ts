import { optimError } from "../core/errors";
import { checkNumber, checkOptions, checkSteps, NON_NEGATIVE, UNIT } from "../core/validate";
import type { Schedule } from "./schedule";

/** Options of `cosineDecay` (Optax's `cosine_decay_schedule`). */
export interface CosineDecayOptions {
  /** The value at step 0. */
  readonly initValue: number;
  /** The number of steps of the half cosine; the value stays at `alpha · initValue` afterwards. */
  readonly decaySteps: number;
  /** The final value as a fraction of `initValue`, in [0, 1]; default 0. */
  readonly alpha?: number;
}

/**
 * Cosine decay (Optax): `γ(t) = initValue · ((1 − α) · ½(1 + cos(π·min(t, T)/T)) + α)`, T =
 * `decaySteps`. PyTorch's `CosineAnnealingLR(T_max = T, eta_min)` is `α = eta_min / initValue`
 * (over its first half-period; it does not stay flat afterwards).
 *
 * @example
 * cosineDecay({ initValue: 0.1, decaySteps: 100 })(50) // 0.05
 */
export const cosineDecay = (opts: CosineDecayOptions): Schedule => {
  const o = checkOptions("cosineDecay", opts);
  const init = checkNumber("cosineDecay", "initValue", o.initValue, NON_NEGATIVE);
  const steps = checkSteps("cosineDecay", "decaySteps", o.decaySteps);
  const alpha = checkNumber("cosineDecay", "alpha", o.alpha ?? 0, UNIT);
  return (step) => {
    const c = 0.5 * (1 + Math.cos((Math.PI * Math.min(Math.max(step, 0), steps)) / steps));
    return init * ((1 - alpha) * c + alpha);
  };
};

/** Options of `warmupCosineDecay` (Optax's `warmup_cosine_decay_schedule`). */
export interface WarmupCosineDecayOptions {
  /** The value at step 0, where the warm-up starts; default 0. */
  readonly initValue?: number;
  /** The value reached at the end of the warm-up. */
  readonly peakValue: number;
  /** The number of linear warm-up steps, ≥ 0. */
  readonly warmupSteps: number;
  /** The total number of steps, warm-up included; must exceed `warmupSteps`. */
  readonly decaySteps: number;
  /** The value at the end of the decay and after; default 0. */
  readonly endValue?: number;
}

/**
 * Linear warm-up then cosine decay (Optax): for `t < W`, `γ(t) = init + (peak − init)·t/W`; then
 * `γ(t) = end + (peak − end)·½(1 + cos(π·min(t − W, D)/D))` with `D = decaySteps − W`.
 * NOTE: `decaySteps` counts the warm-up, as in Optax.
 *
 * @example
 * warmupCosineDecay({ peakValue: 1e-3, warmupSteps: 100, decaySteps: 1000 })(100) // 1e-3
 */
export const warmupCosineDecay = (opts: WarmupCosineDecayOptions): Schedule => {
  const owner = "warmupCosineDecay";
  const o = checkOptions(owner, opts);
  const init = checkNumber(owner, "initValue", o.initValue ?? 0, NON_NEGATIVE);
  const peak = checkNumber(owner, "peakValue", o.peakValue, NON_NEGATIVE);
  const end = checkNumber(owner, "endValue", o.endValue ?? 0, NON_NEGATIVE);
  const warmup = checkSteps(owner, "warmupSteps", o.warmupSteps, 0);
  const total = checkSteps(owner, "decaySteps", o.decaySteps);
  if (total <= warmup) {
    throw optimError(
      owner,
      `decaySteps (${total}) must exceed warmupSteps (${warmup}): it counts the warm-up`,
    );
  }
  const decay = total - warmup;
  return (step) => {
    if (step < warmup) return init + ((peak - init) * Math.max(step, 0)) / warmup;
    const c = 0.5 * (1 + Math.cos((Math.PI * Math.min(step - warmup, decay)) / decay));
    return end + (peak - end) * c;
  };
};
