import type { Tree } from "@tapegrad/autograd";
import { type Fusible, IDENTITY } from "./fusion";

/**
 * A gradient transformation (Optax's `GradientTransformation`): `init` builds the state for a
 * parameter tree, `update` maps gradients to updates and returns the next state. Both are pure:
 * nothing passed in is mutated. Updates already carry the sign and the learning rate, so the new
 * parameters are `applyUpdates(params, updates)` = params + updates.
 *
 * @example
 * const opt = adam({ learningRate: 1e-3 })
 * let state = opt.init(params)
 * const { updates, state: next } = opt.update(grads, state, params)
 * params = applyUpdates(params, updates); state = next
 */
export interface GradientTransformation<S = Tree> {
  /** The initial state for `params` (a tree of tensors; plain data, serializable). */
  init(params: Tree): S;
  /** Transforms `grads` (a tree shaped like the parameters); `params` is needed by weight decay. */
  update(grads: Tree, state: S, params?: Tree): { readonly updates: Tree; readonly state: S };
}

/** The state of a transformation that keeps none: an empty record (still a valid `Tree`). */
export type EmptyState = { readonly [key: string]: never };

/** The state type of a transformation. @example type S = TransformationState<ReturnType<typeof adam>> */
export type TransformationState<T> = T extends GradientTransformation<infer S> ? S : never;

/** @internal A fresh empty state. */
export const emptyState = (): EmptyState => ({});

/** @internal A transformation that passes gradients through unchanged, keeping no state. */
export const identityTransformation = (): Fusible<EmptyState> => ({
  init: () => emptyState(),
  update: (grads, state) => ({ updates: grads, state }),
  [IDENTITY]: true,
});

/** @internal `t` when `enabled`, else the identity (so an unused stage keeps no state). */
export const optional = <S>(
  enabled: boolean,
  t: GradientTransformation<S>,
): GradientTransformation<S | EmptyState> => (enabled ? t : identityTransformation());
