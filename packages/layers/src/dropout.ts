import { bernoulli, div, mul } from "@tapegrad/autograd";
import { checkInputShape, layerError, notATensor } from "./errors";
import type { Layer, NoParams } from "./types";

/**
 * Inverted dropout: when `ctx.training`, zeroes each element with probability `rate` (a
 * Bernoulli mask drawn from `ctx.key`) and scales the rest by 1/(1 − rate), so the expected
 * value is unchanged; otherwise the identity. No parameters.
 * NOTE: training without `ctx.key` is an error (keys are explicit, never global state);
 * `rate` = 1 gives zeros (PyTorch).
 *
 * @example
 * const d = dropout(0.5);
 * d.apply({}, x, { training: true, key: key(1) }) // about half zeroed, the rest doubled
 * d.apply({}, x)                                  // x
 */
export const dropout = (rate: number): Layer<NoParams> => {
  notATensor("dropout", rate);
  if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) {
    throw layerError("dropout", `rate must be a number in [0, 1], got ${String(rate)}`);
  }
  return {
    init(_key, inputShape) {
      checkInputShape("dropout", inputShape, 0);
      return { params: {}, outputShape: inputShape.slice() };
    },
    apply(_params, x, ctx) {
      if (!ctx?.training || rate === 0) return x;
      if (ctx.key === undefined) {
        throw layerError(
          "dropout",
          "training needs ctx.key (a PRNG key) to draw the mask; pass { training, key }",
        );
      }
      if (rate === 1) return mul(x, 0);
      const keep = bernoulli(ctx.key, 1 - rate, x.shape, { dtype: x.dtype });
      return div(mul(x, keep), 1 - rate);
    },
  };
};
