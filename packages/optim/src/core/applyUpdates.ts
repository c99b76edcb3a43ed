import { add, cast, type Tree, tree } from "@tapegrad/autograd";
import { matchGradients } from "./trees";

/**
 * The new parameters: `params + updates`, leaf by leaf (Optax sign convention: the updates
 * already include −learning rate). Returns a new tree; `params` is untouched.
 * NOTE: each update is cast to its parameter's dtype first (as Optax does), so float64 updates
 * step float32 parameters.
 *
 * @example
 * const { updates, state } = opt.update(grads, s, params)
 * params = applyUpdates(params, updates)
 */
export const applyUpdates = <T extends Tree>(params: T, updates: Tree): T => {
  const [ul, pl, def] = matchGradients("applyUpdates", updates, params, "the parameters'", {
    subject: "update",
    dtypes: false,
  });
  return tree.unflatten<T>(
    def,
    pl.map((p, i) => add(p, cast(ul[i]!, p.dtype))),
  );
};
