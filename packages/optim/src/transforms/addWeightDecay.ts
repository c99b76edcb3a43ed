import { add, mul, type Tensor, tree } from "@tapegrad/autograd";
import { optimError } from "../core/errors";
import { type EmptyState, emptyState, type GradientTransformation } from "../core/transformation";
import { matchGradients } from "../core/trees";
import { checkNumber, NON_NEGATIVE } from "../core/validate";

/** @internal `addWeightDecay` whose errors name `owner`. */
export const addWeightDecayFor = (owner: string, weightDecay: number): GradientTransformation<EmptyState> => {
  const lambda = checkNumber(owner, "weightDecay", weightDecay, NON_NEGATIVE);
  return {
    init: () => emptyState(),
    update: (grads, state, params) => {
      const owned = `${owner}.update`;
      if (params === undefined) {
        throw optimError(owned, "weight decay needs the parameters: call update(grads, state, params)");
      }
      const [g, p, def] = matchGradients(owned, grads, params, "the parameters'");
      if (lambda === 0) return { updates: grads, state };
      return {
        updates: tree.unflatten(
          def,
          g.map((gi, i): Tensor => add(gi, mul(p[i]!, lambda))),
        ),
        state,
      };
    },
  };
};

/**
 * Adds `λ·θ` to the gradients: `g ← g + λθ`. Before a scaling stage it is L2 regularization
 * (PyTorch's `weight_decay` in SGD, Adam, RMSprop, …); placed after it and before
 * `scaleByLearningRate` it is decoupled weight decay (AdamW: `θ ← θ − γλθ − γ·adam(g)`).
 * Needs `params` in `update`.
 *
 * @example
 * const adamW = chain(scaleByAdam(), addWeightDecay(1e-2), scaleByLearningRate(1e-3))
 */
export const addWeightDecay = (weightDecay: number): GradientTransformation<EmptyState> =>
  addWeightDecayFor("addWeightDecay", weightDecay);
