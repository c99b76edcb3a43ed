import { mul, type Tensor, tree } from "@tapegrad/autograd";
import { nextCount, readCount, type StepCount, zeroCount } from "../core/count";
import { type Fusible, LR_FACTOR, type LrFactor } from "../core/fusion";
import type { GradientTransformation } from "../core/transformation";
import { flattenTree } from "../core/trees";
import { checkLearningRate, type LearningRate, learningRateAt } from "../schedules/schedule";

/** The state of `scaleByLearningRate`: the number of updates so far (the schedule's step). */
export type ScaleByLearningRateState = { readonly count: StepCount };

/** @internal `scaleByLearningRate` whose errors name `owner`; `decay` rescales the rate per step. */
export const scaleByLearningRateFor = (
  owner: string,
  learningRate: LearningRate,
  decay?: (step: number) => number,
): GradientTransformation<ScaleByLearningRateState> => {
  const lr = checkLearningRate(owner, learningRate);
  const factorFor: LrFactor<ScaleByLearningRateState> = (state) => {
    const step = readCount(`${owner}.update`, state?.count);
    const factor = -learningRateAt(`${owner}.update`, lr, step) * (decay ? decay(step) : 1);
    return { factor, state: { count: nextCount(step) } };
  };
  return {
    init: () => ({ count: zeroCount() }),
    update: (grads, state) => {
      const { factor, state: next } = factorFor(state);
      const [leaves, def] = flattenTree(`${owner}.update`, "the gradient tree", grads);
      const updates = tree.unflatten(
        def,
        leaves.map((g): Tensor => mul(g, factor)),
      );
      return { updates, state: next };
    },
    [LR_FACTOR]: factorFor,
  } as Fusible<ScaleByLearningRateState>;
};

/**
 * Multiplies updates by −learningRate(step): the last stage of every named optimizer, turning a
 * descent direction into an update for `applyUpdates`. `learningRate` is a number or a schedule.
 * Formula: `u = −γ(t)·g`, t = 0, 1, … the number of earlier updates.
 * NOTE: the step counts from 0 (Optax): the first update uses `schedule(0)`.
 *
 * @example
 * const opt = chain(scaleByAdam(), scaleByLearningRate(exponentialDecay({ initValue: 1e-2, decayRate: 0.9 })))
 */
export const scaleByLearningRate = (
  learningRate: LearningRate,
): GradientTransformation<ScaleByLearningRateState> =>
  scaleByLearningRateFor("scaleByLearningRate", learningRate);
