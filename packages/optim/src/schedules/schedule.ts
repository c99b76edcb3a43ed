import { fmtValue, optimError } from "../core/errors";

/**
 * A learning-rate schedule: the value at a step. NOTE: steps count from 0, as in Optax: the
 * first update uses `schedule(0)`, the n-th `schedule(n − 1)`.
 *
 * @example
 * const lr: Schedule = (step) => 0.1 * 0.5 ** step
 */
export type Schedule = (step: number) => number;

/** A learning rate: a number, or a schedule of the step. @example adam({ learningRate: cosineDecay({ initValue: 1e-3, decaySteps: 1000 }) }) */
export type LearningRate = number | Schedule;

/**
 * @internal Checks a learning rate given to `owner`: a finite number ≥ 0, or a function.
 * The message reads `adam: learningRate must be a finite number ≥ 0 (or a schedule), got NaN`.
 */
export const checkLearningRate = (owner: string, lr: unknown, name = "learningRate"): LearningRate => {
  if (typeof lr === "function") return lr as Schedule;
  if (typeof lr !== "number" || !Number.isFinite(lr) || lr < 0) {
    throw optimError(owner, `${name} must be a finite number ≥ 0 (or a schedule), got ${fmtValue(lr)}`);
  }
  return lr;
};

/** @internal The learning rate at `step`; a schedule's value is checked like a constant's. */
export const learningRateAt = (owner: string, lr: LearningRate, step: number): number => {
  if (typeof lr === "number") return lr;
  const v = lr(step);
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
    throw optimError(
      owner,
      `the learning-rate schedule returned ${fmtValue(v)} at step ${step}; it must return a finite number ≥ 0`,
    );
  }
  return v;
};
