import type { Callback } from "./callback";

/**
 * Stops training at the first batch whose loss is NaN or ±Infinity, and discards that step's
 * update, so `fit` returns the last parameters that gave a finite loss (Keras `TerminateOnNaN`).
 * NOTE: unlike Keras, the update computed from the non-finite loss is not applied.
 *
 * @example
 * fit(model, params, { ..., callbacks: [terminateOnNaN()] })
 */
export const terminateOnNaN = (): Callback => ({
  onBatchEnd: (logs) =>
    Number.isFinite(logs.loss)
      ? undefined
      : {
          stop: `terminateOnNaN: loss is ${logs.loss} at epoch ${logs.epoch}, batch ${logs.batch} (step ${logs.step})`,
          discardStep: true,
        },
});
