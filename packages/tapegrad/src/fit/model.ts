import type { Tensor, Tree } from "@tapegrad/autograd";
import type { ApplyContext, Model } from "./types";

/** The forward pass of a model for inference: `apply(params, x, { training: false, state })`. */
export const inferenceApply = <P extends Tree>(
  model: Model<P>,
  params: P,
  x: Tensor,
  state?: Tree,
): Tensor => {
  const ctx: ApplyContext = state === undefined ? { training: false } : { training: false, state };
  return typeof model === "function" ? model(params, x, ctx) : model.apply(params, x, ctx);
};

/**
 * The forward pass of a training step: `applyWithState` when the model has it and a state is
 * given (returning the next state), else `apply`.
 */
export const trainingApply = <P extends Tree>(
  model: Model<P>,
  params: P,
  state: Tree | undefined,
  x: Tensor,
  ctx: ApplyContext,
): { y: Tensor; state: Tree | undefined } => {
  if (typeof model === "function") return { y: model(params, x, ctx), state };
  if (state !== undefined && model.applyWithState !== undefined) {
    const r = model.applyWithState(params, state, x, ctx);
    return { y: r.y, state: r.state };
  }
  return { y: model.apply(params, x, ctx), state };
};
