import { add, concat, type Tensor, type Tree } from "@tapegrad/autograd";
import { checkArray, runSub, splitKey, subContexts, toLayer } from "./asLayer";
import { fmtShape, layerError } from "./errors";
import type { Layer, LayerLike, ParamsList, StateList } from "./types";

/** Options of `parallel`, given as its last argument. */
export interface ParallelOptions {
  /** How the branch outputs combine: `'concat'` on the last axis (default) or `'sum'`. */
  readonly combine?: "concat" | "sum";
}

const isOptions = (x: unknown): x is ParallelOptions =>
  typeof x === "object" && x !== null && typeof (x as { init?: unknown }).init !== "function";

const combineShapes = (mode: "concat" | "sum", shapes: readonly (readonly number[])[]): number[] => {
  const first = shapes[0]!;
  const bad = (msg: string) =>
    layerError("parallel", `${msg}: branch output shapes ${shapes.map(fmtShape).join(", ")}`);
  if (mode === "sum") {
    if (shapes.some((s) => s.length !== first.length || s.some((d, i) => d !== first[i]))) {
      throw bad("'sum' needs equal shapes");
    }
    return first.slice();
  }
  if (first.length === 0) throw bad("'concat' needs at least one axis");
  const lead = first.slice(0, -1);
  if (shapes.some((s) => s.length !== first.length || lead.some((d, i) => d !== s[i]))) {
    throw bad("'concat' needs shapes equal but for the last axis");
  }
  return [...lead, shapes.reduce((s, sh) => s + sh[sh.length - 1]!, 0)];
};

/**
 * Runs branches side by side on the same input and combines their outputs: concatenated on
 * the last axis (default, as an Inception block or stax `serial(FanOut(n), parallel(...),
 * FanInConcat())`), or summed with `{ combine: 'sum' }` as the last argument.
 * NOTE: params and state are arrays with one entry per branch; the context key is split per branch.
 *
 * @example
 * const block = parallel(dense(8), serial(dense(8), relu));    // [N, in] → [N, 16]
 * const sum = parallel(dense(8), dense(8), { combine: "sum" }); // [N, in] → [N, 8]
 */
export function parallel<Ls extends LayerLike[]>(...items: Ls): Layer<ParamsList<Ls>, StateList<Ls>>;
export function parallel<Ls extends LayerLike[]>(
  ...args: [...Ls, ParallelOptions]
): Layer<ParamsList<Ls>, StateList<Ls>>;
export function parallel(...args: (LayerLike | ParallelOptions)[]): Layer<Tree[], Tree[]> {
  const last = args[args.length - 1];
  const opts: ParallelOptions = isOptions(last) ? last : {};
  const items = (isOptions(last) ? args.slice(0, -1) : args) as LayerLike[];
  const layers = items.map((l, i) => toLayer("parallel", l, i));
  const mode = opts.combine ?? "concat";
  if (mode !== "concat" && mode !== "sum") {
    throw layerError("parallel", `combine must be 'concat' or 'sum', got ${String(mode)}`);
  }
  if (items.length === 0) throw layerError("parallel", "needs at least one branch");
  const n = layers.length;
  const combine = (ys: Tensor[]): Tensor => {
    if (mode === "concat") return concat(ys, { axis: -1 });
    return ys.reduce((a, b) => add(a, b));
  };
  return {
    init(key, inputShape) {
      const keys = splitKey(key, n);
      const rs = layers.map((layer, i) => layer.init(keys[i]!, inputShape));
      const outputShape = combineShapes(
        mode,
        rs.map((r) => r.outputShape),
      );
      return { params: rs.map((r) => r.params), state: rs.map((r) => r.state ?? {}), outputShape };
    },
    apply(params, x, ctx) {
      const ps = checkArray("parallel", "params", params, n);
      const ctxs = subContexts(ctx, n);
      return combine(layers.map((layer, i) => layer.apply(ps[i]!, x, ctxs[i])));
    },
    applyWithState(params, state, x, ctx) {
      const ps = checkArray("parallel", "params", params, n);
      const ss = checkArray("parallel", "state", state, n);
      const ctxs = subContexts(ctx, n);
      const rs = layers.map((layer, i) => runSub(layer, ps[i]!, ss[i], x, ctxs[i]!));
      return { y: combine(rs.map((r) => r.y)), state: rs.map((r) => r.state) };
    },
  };
}
