import { isTensor, type Key, split, type Tensor, type Tree, zeros } from "@tapegrad/autograd";
import { fmtShape, layerError } from "./errors";
import type { Layer, LayerContext, LayerLike, NoParams } from "./types";

const isLayer = (x: unknown): x is Layer =>
  typeof x === "object" &&
  x !== null &&
  typeof (x as Layer).init === "function" &&
  typeof (x as Layer).apply === "function";

/**
 * A layer without parameters from a plain tensor function `(x) => y` (as stax's `elementwise`):
 * params and state are `{}`. Its output shape is found by running it once on a batch of one
 * zero example.
 *
 * @example
 * const act = asLayer(relu);
 * act.init(key(0), [3]).outputShape // [3]
 */
export const asLayer = (f: (x: Tensor) => Tensor): Layer<NoParams, NoParams> => {
  if (typeof f !== "function")
    throw layerError("asLayer", `expects a function (x) => Tensor, got ${typeof f}`);
  const name = f.name || "function";
  return {
    init(_key, inputShape) {
      const y = f(zeros([1, ...inputShape]));
      if (!isTensor(y) || y.rank === 0 || y.shape[0] !== 1) {
        throw layerError(
          name,
          `as a layer must map a batch to a batch; on input [1, ${inputShape.join(", ")}] it returned ` +
            (isTensor(y) ? `shape ${fmtShape(y.shape)}` : typeof y),
        );
      }
      return { params: {}, outputShape: y.shape.slice(1), state: {} };
    },
    apply: (_params, x) => f(x),
    applyWithState: (_params, state, x) => ({ y: f(x), state }),
  };
};

/** @internal A layer from a layer or a plain function; `combinator` and `i` name it in errors. */
export const toLayer = (combinator: string, item: LayerLike, i: number): Layer => {
  if (isLayer(item)) return item;
  if (typeof item === "function") return asLayer(item);
  throw layerError(
    combinator,
    `argument ${i} is neither a layer nor a function (x) => Tensor: got ${typeof item}`,
  );
};

/** @internal Runs one sublayer, threading its state when it has one, else passing it through. */
export const runSub = (
  layer: Layer,
  params: Tree,
  state: Tree | undefined,
  x: Tensor,
  ctx: LayerContext,
): { y: Tensor; state: Tree } => {
  const s = state ?? {};
  if (layer.applyWithState !== undefined) return layer.applyWithState(params, s, x, ctx);
  return { y: layer.apply(params, x, ctx), state: s };
};

/** @internal The context of sublayer i of n: its own key (split from the parent's), its state. */
export const subContexts = (ctx: LayerContext | undefined, n: number): LayerContext[] => {
  const keys: (Key | undefined)[] = ctx?.key !== undefined && n > 0 ? split(ctx.key, n) : [];
  const states = Array.isArray(ctx?.state) ? (ctx.state as readonly Tree[]) : undefined;
  return Array.from({ length: n }, (_, i) => ({
    training: ctx?.training,
    key: keys[i],
    state: states?.[i],
  }));
};

/** @internal Checks that params (or state) is an array with one entry per sublayer. */
export const checkArray = (combinator: string, what: string, t: unknown, n: number): readonly Tree[] => {
  if (!Array.isArray(t) || t.length !== n) {
    const got = Array.isArray(t) ? `an array of ${t.length}` : t === null ? "null" : typeof t;
    throw layerError(combinator, `${what} must be an array with one entry per sublayer (${n}), got ${got}`);
  }
  return t as readonly Tree[];
};

/** @internal Splits a key for n sublayers (no split for none). */
export const splitKey = (k: Key, n: number): Key[] => (n === 0 ? [] : split(k, n));
