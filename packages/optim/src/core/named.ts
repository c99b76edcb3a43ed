import type { Tree } from "@tapegrad/autograd";
import { optimError } from "./errors";
import type { GradientTransformation } from "./transformation";
import { checkParams, matchGradients } from "./trees";

/**
 * @internal Wraps a named optimizer's chain: `init` checks the parameters, `update` checks the
 * gradients against the parameters when they are given (and demands them when weight decay
 * needs them), so every error names the optimizer (`adam.update: …`).
 */
export const named = <S>(
  owner: string,
  inner: GradientTransformation<S>,
  needsParams: boolean,
): GradientTransformation<S> => ({
  init: (params: Tree) => {
    checkParams(`${owner}.init`, params);
    return inner.init(params);
  },
  update: (grads, state, params) => {
    const owned = `${owner}.update`;
    if (params !== undefined) matchGradients(owned, grads, params, "the parameters'");
    else if (needsParams) {
      throw optimError(owned, "weight decay needs the parameters: call update(grads, state, params)");
    }
    return inner.update(grads, state, params);
  },
});
