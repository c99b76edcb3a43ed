import type { Tree } from "@tapegrad/autograd";
import { checkArray, runSub, splitKey, subContexts, toLayer } from "./asLayer";
import type { Layer, LayerLike, ParamsList, StateList } from "./types";

/**
 * Composes layers in sequence (Keras `Sequential`, stax `serial`). Layers and plain tensor
 * functions mix freely, so autograd's activations go in directly. `init` splits the key into
 * one per sublayer and threads the shapes; `apply` splits `ctx.key` the same way (so each
 * dropout draws its own mask).
 * NOTE: params and state are arrays with one entry per sublayer, in order (stax); a function
 * or a stateless layer has state `{}` (and a function params `{}`). Their types follow the
 * sublayers by position: `params[0].kernel` type-checks for a leading `dense`.
 *
 * @example
 * const model = serial(dense(12), leakyRelu({ slope: 0.01 }), dense(12), leakyRelu({ slope: 0.01 }), dense(2));
 * const { params } = model.init(key(0), [3]);
 * const y = model.apply(params, x); // [N, 2]
 */
export const serial = <Ls extends LayerLike[]>(...items: Ls): Layer<ParamsList<Ls>, StateList<Ls>> => {
  const layers = items.map((l, i) => toLayer("serial", l, i));
  const n = layers.length;
  const layer: Layer<Tree[], Tree[]> = {
    init(key, inputShape) {
      const keys = splitKey(key, n);
      const params: Tree[] = [];
      const state: Tree[] = [];
      let shape = inputShape;
      layers.forEach((layer, i) => {
        const r = layer.init(keys[i]!, shape);
        params.push(r.params);
        state.push(r.state ?? {});
        shape = r.outputShape;
      });
      return { params, outputShape: shape.slice(), state };
    },
    apply(params, x, ctx) {
      const ps = checkArray("serial", "params", params, n);
      const ctxs = subContexts(ctx, n);
      let y = x;
      for (let i = 0; i < n; i++) y = layers[i]!.apply(ps[i]!, y, ctxs[i]);
      return y;
    },
    applyWithState(params, state, x, ctx) {
      const ps = checkArray("serial", "params", params, n);
      const ss = checkArray("serial", "state", state, n);
      const ctxs = subContexts(ctx, n);
      const next: Tree[] = [];
      let y = x;
      for (let i = 0; i < n; i++) {
        const r = runSub(layers[i]!, ps[i]!, ss[i], y, ctxs[i]!);
        y = r.y;
        next.push(r.state);
      }
      return { y, state: next };
    },
  };
  return layer as unknown as Layer<ParamsList<Ls>, StateList<Ls>>;
};
