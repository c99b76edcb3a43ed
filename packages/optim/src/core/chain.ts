import type { Tree } from "@tapegrad/autograd";
import { optimError } from "./errors";
import { FUSE_SCALE, type Fusible, IDENTITY, LR_FACTOR } from "./fusion";
import type { GradientTransformation, TransformationState } from "./transformation";

/** The state of `chain(t1, t2, …)`: the tuple of the transformations' states, in order. */
export type ChainState<Ts extends readonly GradientTransformation<any>[]> = {
  readonly [K in keyof Ts]: TransformationState<Ts[K]>;
};

/** @internal `chain` whose errors name `owner`. */
export const chainFor = <const Ts extends readonly GradientTransformation<any>[]>(
  owner: string,
  transformations: Ts,
): GradientTransformation<ChainState<Ts>> => {
  transformations.forEach((t, i) => {
    if (typeof t?.init !== "function" || typeof t?.update !== "function") {
      throw optimError(owner, `argument ${i} is not a gradient transformation ({ init, update })`);
    }
  });
  return {
    init: (params) => transformations.map((t) => t.init(params)) as unknown as ChainState<Ts>,
    update: (grads, state, params) => {
      const states = state as readonly unknown[];
      if (!Array.isArray(states) || states.length !== transformations.length) {
        const got = Array.isArray(states) ? `an array of ${states.length}` : String(states);
        throw optimError(
          `${owner}.update`,
          `state must be an array of ${transformations.length} stage states (as init returns), got ${got}`,
        );
      }
      let updates: Tree = grads;
      const next: unknown[] = [];
      for (let i = 0; i < transformations.length; i++) {
        const t = transformations[i] as Fusible<unknown>;
        const fused = t[FUSE_SCALE];
        // a stage that can take the learning rate's scale, then identities, then the scale
        let j = i + 1;
        while (j < transformations.length && (transformations[j] as Fusible<unknown>)[IDENTITY]) j++;
        const lr =
          j < transformations.length ? (transformations[j] as Fusible<unknown>)[LR_FACTOR] : undefined;
        if (fused !== undefined && lr !== undefined) {
          let lrState: unknown;
          const r = fused(updates, states[i], params, () => {
            const f = lr(states[j]);
            lrState = f.state;
            return f.factor;
          });
          updates = r.updates;
          next.push(r.state);
          for (let k = i + 1; k < j; k++) next.push(states[k]);
          next.push(lrState);
          i = j;
          continue;
        }
        const r = t.update(updates, states[i], params);
        updates = r.updates;
        next.push(r.state);
      }
      return { updates, state: next as unknown as ChainState<Ts> };
    },
  };
};

/**
 * Composes transformations left to right: the updates of one are the gradients of the next.
 * The state is the tuple of their states, its type inferred from the arguments.
 *
 * @example
 * const opt = chain(clipByGlobalNorm(1), scaleByAdam(), scaleByLearningRate(1e-3))
 * // opt: GradientTransformation<readonly [EmptyState, ScaleByAdamState, ScaleByLearningRateState]>
 */
export const chain = <const Ts extends readonly GradientTransformation<any>[]>(
  ...transformations: Ts
): GradientTransformation<ChainState<Ts>> => chainFor("chain", transformations);
