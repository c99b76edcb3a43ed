import { add, type Tree } from "@tapegrad/autograd";
import { fmtShape, layerError } from "./errors";
import { serial } from "./serial";
import type { Layer, LayerLike, ParamsList, StateList } from "./types";

/**
 * A skip connection around a branch: `y = x + branch(x)`, the branch being `serial(...items)`
 * (He et al. 2016). The branch must keep the shape of its input.
 * NOTE: params and state are those of `serial(...items)`: arrays with one entry per sublayer.
 *
 * @example
 * const block = residual(dense(16), relu, dense(16));
 * const model = serial(dense(16), block, block); // each use gets its own params at init
 */
export const residual = <Ls extends LayerLike[]>(...items: Ls): Layer<ParamsList<Ls>, StateList<Ls>> => {
  const branch = serial(...items) as unknown as Layer<Tree[], Tree[]>;
  const layer: Layer<Tree[], Tree[]> = {
    init(key, inputShape) {
      const r = branch.init(key, inputShape);
      const same =
        r.outputShape.length === inputShape.length && r.outputShape.every((d, i) => d === inputShape[i]);
      if (!same) {
        throw layerError(
          "residual",
          `the branch maps ${fmtShape(inputShape)} to ${fmtShape(r.outputShape)}; a residual needs them equal`,
        );
      }
      return r;
    },
    apply: (params, x, ctx) => add(x, branch.apply(params, x, ctx)),
    applyWithState(params, state, x, ctx) {
      const r = branch.applyWithState!(params, state, x, ctx);
      return { y: add(x, r.y), state: r.state };
    },
  };
  return layer as unknown as Layer<ParamsList<Ls>, StateList<Ls>>;
};
