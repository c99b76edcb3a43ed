import type { DType, Key, Tensor, Tree } from "@tapegrad/autograd";

/**
 * What `apply` may need besides params and input: a PRNG key (dropout), whether the model is
 * training, and the state of stateful layers (batchNorm's running statistics).
 */
export interface LayerContext {
  readonly key?: Key;
  readonly training?: boolean;
  readonly state?: Tree;
}

/** What `init` returns: the parameter tree, the shape of one output example, and any state. */
export interface InitResult<P extends Tree = Tree, S extends Tree = Tree> {
  readonly params: P;
  readonly outputShape: readonly number[];
  readonly state?: S;
}

/**
 * A layer as a pair of pure functions (stax): `init(key, inputShape)` makes the parameters for
 * inputs of one example of `inputShape` (no batch axis); `apply(params, x, ctx?)` runs a batch.
 *
 * @example
 * const layer = dense(4);
 * const { params, outputShape } = layer.init(key(0), [3]); // outputShape [4]
 * const y = layer.apply(params, zeros([8, 3]));            // shape [8, 4]
 */
export interface Layer<P extends Tree = any, S extends Tree = any> {
  init(key: Key, inputShape: readonly number[]): InitResult<P, S>;
  apply(params: P, x: Tensor, ctx?: LayerContext): Tensor;
  /** Present on stateful layers and on serial/parallel/residual: threads state (e.g. batchNorm running stats). */
  applyWithState?(
    params: P,
    state: S,
    x: Tensor,
    ctx?: LayerContext,
  ): { readonly y: Tensor; readonly state: S };
}

/** Anything `serial`, `parallel` and `residual` accept: a layer, or a plain tensor function. */
export type LayerLike = Layer | ((x: Tensor) => Tensor);

/** The params (or state) of a layer that has none: the empty record `{}`. */
export type NoParams = { readonly [k: string]: never };

/** The params type of a layer-like (`{}` for a plain function). */
export type ParamsOf<L> = L extends Layer<infer P, any> ? P : NoParams;

/** The state type of a layer-like (`{}` for a plain function or a stateless layer). */
export type StateOf<L> = L extends Layer<any, infer S> ? S : NoParams;

/** The params of a combinator: one entry per sublayer, typed by position. */
export type ParamsList<Ls extends readonly LayerLike[]> = {
  -readonly [K in keyof Ls]: ParamsOf<Ls[K]>;
} & Tree[];

/** The state of a combinator: one entry per sublayer, typed by position. */
export type StateList<Ls extends readonly LayerLike[]> = {
  -readonly [K in keyof Ls]: StateOf<Ls[K]>;
} & Tree[];

/**
 * Makes a parameter tensor of `shape` from a PRNG key (deterministic initializers ignore it).
 *
 * @example
 * const w = glorotUniform(key(0), [3, 4]);
 */
export type Initializer = (key: Key, shape: readonly number[], dtype?: DType) => Tensor;
