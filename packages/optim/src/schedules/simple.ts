import { optimError } from "../core/errors";
import { checkBoolean, checkNumber, checkOptions, checkSteps, NON_NEGATIVE } from "../core/validate";
import type { Schedule } from "./schedule";

/**
 * The same value at every step. Formula: `γ(t) = value`.
 *
 * @example
 * adam({ learningRate: constantSchedule(1e-3) }) // same as learningRate: 1e-3
 */
export const constantSchedule = (value: number): Schedule => {
  const v = checkNumber("constantSchedule", "value", value, NON_NEGATIVE);
  return () => v;
};

/** Options of `exponentialDecay` (Optax's `exponential_decay`). */
export interface ExponentialDecayOptions {
  /** The value before and at the start of the decay. */
  readonly initValue: number;
  /** The factor per `transitionSteps` steps, > 0 (< 1 decays, > 1 grows). */
  readonly decayRate: number;
  /** The number of steps over which the value is multiplied by `decayRate`; default 1. */
  readonly transitionSteps?: number;
  /** The step at which decay starts; default 0. */
  readonly transitionBegin?: number;
  /** Decay in whole jumps every `transitionSteps` instead of smoothly; default false. */
  readonly staircase?: boolean;
  /** A floor (ceiling when `decayRate` > 1) the value never passes; default none. */
  readonly endValue?: number;
}

/**
 * Exponential decay: `γ(t) = initValue · decayRate^(p)` with `p = max(0, t − transitionBegin) /
 * transitionSteps` (floored when `staircase`), bounded by `endValue`. With the defaults it is
 * PyTorch's `ExponentialLR` (`γ·decayRate^t`, one step per update here).
 *
 * @example
 * exponentialDecay({ initValue: 0.1, decayRate: 0.5, transitionSteps: 100 })(100) // 0.05
 */
export const exponentialDecay = (opts: ExponentialDecayOptions): Schedule => {
  const o = checkOptions("exponentialDecay", opts);
  const owner = "exponentialDecay";
  const init = checkNumber(owner, "initValue", o.initValue, NON_NEGATIVE);
  const rate = checkNumber(owner, "decayRate", o.decayRate, { min: 0, minOpen: true });
  const steps = checkSteps(owner, "transitionSteps", o.transitionSteps ?? 1);
  const begin = checkSteps(owner, "transitionBegin", o.transitionBegin ?? 0, 0);
  const staircase = checkBoolean(owner, "staircase", o.staircase ?? false);
  const end = o.endValue === undefined ? undefined : checkNumber(owner, "endValue", o.endValue, NON_NEGATIVE);
  return (step) => {
    const p = Math.max(0, step - begin) / steps;
    const v = init * rate ** (staircase ? Math.floor(p) : p);
    if (end === undefined) return v;
    return rate < 1 ? Math.max(v, end) : Math.min(v, end);
  };
};

/** Options of `stepDecay` (PyTorch's `StepLR`). */
export interface StepDecayOptions {
  /** The starting value. */
  readonly initValue: number;
  /** Multiply by `gamma` every `stepSize` steps. */
  readonly stepSize: number;
  /** The factor, ≥ 0; default 0.1. */
  readonly gamma?: number;
}

/**
 * Step decay (PyTorch `StepLR`): `γ(t) = initValue · gamma^⌊t / stepSize⌋`.
 *
 * @example
 * stepDecay({ initValue: 0.1, stepSize: 30 })(30) // 0.01
 */
export const stepDecay = (opts: StepDecayOptions): Schedule => {
  const o = checkOptions("stepDecay", opts);
  const init = checkNumber("stepDecay", "initValue", o.initValue, NON_NEGATIVE);
  const size = checkSteps("stepDecay", "stepSize", o.stepSize);
  const gamma = checkNumber("stepDecay", "gamma", o.gamma ?? 0.1, NON_NEGATIVE);
  return (step) => init * gamma ** Math.floor(Math.max(0, step) / size);
};

/** Options of `linearSchedule` (Optax's `linear_schedule`). */
export interface LinearScheduleOptions {
  /** The value up to `transitionBegin`. */
  readonly initValue: number;
  /** The value from `transitionBegin + transitionSteps` on. */
  readonly endValue: number;
  /** The number of steps of the linear ramp, ≥ 1. */
  readonly transitionSteps: number;
  /** The step the ramp starts at; default 0. */
  readonly transitionBegin?: number;
}

/**
 * A linear ramp (warm-up or decay): `γ(t) = initValue + (endValue − initValue) · c / transitionSteps`
 * with `c = clip(t − transitionBegin, 0, transitionSteps)`.
 *
 * @example
 * linearSchedule({ initValue: 0, endValue: 1e-3, transitionSteps: 100 })(50) // 5e-4
 */
export const linearSchedule = (opts: LinearScheduleOptions): Schedule => {
  const o = checkOptions("linearSchedule", opts);
  const init = checkNumber("linearSchedule", "initValue", o.initValue, NON_NEGATIVE);
  const end = checkNumber("linearSchedule", "endValue", o.endValue, NON_NEGATIVE);
  const steps = checkSteps("linearSchedule", "transitionSteps", o.transitionSteps);
  const begin = checkSteps("linearSchedule", "transitionBegin", o.transitionBegin ?? 0, 0);
  return (step) => {
    const c = Math.min(Math.max(step - begin, 0), steps);
    return init + ((end - init) * c) / steps;
  };
};

/** Options of `piecewiseConstantSchedule` (Optax's `piecewise_constant_schedule`). */
export interface PiecewiseConstantScheduleOptions {
  /** The value before the first boundary. */
  readonly initValue: number;
  /** Step → factor: from that step on the value is multiplied by the factor (factors accumulate). */
  readonly boundariesAndScales: Readonly<Record<number, number>>;
}

/**
 * Piecewise constant: `γ(t) = initValue · Π {scale_b : boundary b ≤ t}`. PyTorch's
 * `MultiStepLR(milestones, gamma)` is `{ [m]: gamma }` for each milestone m.
 *
 * @example
 * piecewiseConstantSchedule({ initValue: 0.1, boundariesAndScales: { 100: 0.1, 200: 0.1 } })(150) // 0.01
 */
export const piecewiseConstantSchedule = (opts: PiecewiseConstantScheduleOptions): Schedule => {
  const owner = "piecewiseConstantSchedule";
  const o = checkOptions(owner, opts);
  const init = checkNumber(owner, "initValue", o.initValue, NON_NEGATIVE);
  const table = o.boundariesAndScales;
  if (typeof table !== "object" || table === null || Array.isArray(table)) {
    throw optimError(owner, "boundariesAndScales must be a record { step: scale }");
  }
  const pairs = Object.entries(table)
    .map(([b, s]): [number, number] => [
      checkSteps(owner, "each boundary", Number(b), 0),
      checkNumber(owner, `the scale at boundary ${b}`, s, NON_NEGATIVE),
    ])
    .sort((a, b) => a[0] - b[0]);
  const boundaries = pairs.map((p) => p[0]);
  const values = [init];
  for (const [, s] of pairs) values.push(values[values.length - 1]! * s);
  return (step) => {
    let i = 0;
    while (i < boundaries.length && step >= boundaries[i]!) i++;
    return values[i]!;
  };
};
