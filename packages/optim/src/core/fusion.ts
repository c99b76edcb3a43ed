import type { Tree } from "@tapegrad/autograd";
import type { GradientTransformation } from "./transformation";

// Internal fusion protocol of `chain`: a stage that can fold a following learning-rate scale into
// its own kernel (scaleByAdam: one pass computes m, v and −γ·u) says so with FUSE_SCALE; the
// learning-rate stage exposes its factor with LR_FACTOR; stages that pass updates through
// unchanged (a disabled weight-decay stage) carry IDENTITY. The fused result equals the two
// stages run one after the other bit for bit (tested); it saves a pass and an array per leaf.

/** @internal */
export const FUSE_SCALE = Symbol("tapegrad.optim.fuseScale");
/** @internal */
export const LR_FACTOR = Symbol("tapegrad.optim.lrFactor");
/** @internal */
export const IDENTITY = Symbol("tapegrad.optim.identity");

/** @internal `update` with the following scale folded in; `scale()` is read after validation. */
export type FusedScaleUpdate<S> = (
  grads: Tree,
  state: S,
  params: Tree | undefined,
  scale: () => number,
) => { readonly updates: Tree; readonly state: S };

/** @internal The learning-rate stage's factor for its state, and its next state. */
export type LrFactor<S> = (state: S) => { readonly factor: number; readonly state: S };

/** @internal A transformation with the optional fusion hooks. */
export type Fusible<S> = GradientTransformation<S> & {
  readonly [FUSE_SCALE]?: FusedScaleUpdate<S>;
  readonly [LR_FACTOR]?: LrFactor<S>;
  readonly [IDENTITY]?: true;
};
