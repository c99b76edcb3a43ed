import { TensorError } from "@tapegrad/autograd";
import type { Callback } from "./callback";

/**
 * Sets the learning rate at the start of every epoch to `schedule(epoch, currentLearningRate)`
 * (Keras `LearningRateScheduler`; epochs count from 0).
 * NOTE: optimizers are pure, so `fit` changes a learning rate by rebuilding the optimizer from a
 * factory and keeping its state (moments, step count): pass `optimizer: (lr) => adam({ learningRate: lr })`
 * and the initial `learningRate`. For a per-step schedule, give the optimizer a schedule instead.
 *
 * @example
 * fit(model, params, {
 *   optimizer: (lr) => adam({ learningRate: lr }), learningRate: 1e-2,
 *   callbacks: [learningRateScheduler((epoch, lr) => (epoch < 10 ? lr : lr * 0.9))], ...
 * })
 */
export const learningRateScheduler = (
  schedule: (epoch: number, learningRate: number) => number,
): Callback => {
  return {
    onTrainBegin: (info) => {
      if (!info.controlsLearningRate) {
        throw new TensorError(
          "learningRateScheduler",
          "needs an optimizer factory: pass optimizer: (lr) => adam({ learningRate: lr }) and learningRate to fit",
        );
      }
    },
    onEpochBegin: (epoch, info) => {
      const lr = schedule(epoch, info.learningRate!);
      if (typeof lr !== "number" || !Number.isFinite(lr) || lr < 0) {
        throw new TensorError(
          "learningRateScheduler",
          `the schedule returned ${lr} at epoch ${epoch}; it must return a finite number ≥ 0`,
        );
      }
      return { learningRate: lr };
    },
  };
};
