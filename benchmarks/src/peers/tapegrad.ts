/**
 * The tapegrad peer, through the public API only (`import … from "tapegrad"`): a `serial` model
 * of `dense` layers and activations, a loss, `valueAndGrad` over the parameter tree, `adam` and
 * `applyUpdates` — the classic Keras example of DESIGN.md.
 */
import { readFileSync } from "node:fs";
import {
  adam,
  applyUpdates,
  dense,
  getNumThreads,
  key,
  leakyRelu,
  matmul,
  mse,
  relu,
  serial,
  setNumThreads,
  softmaxCrossEntropy,
  type Tensor,
  type Tree,
  tensor,
  tree,
  valueAndGrad,
} from "tapegrad";
import type { ForwardSpec, MatmulSpec, MlpSpec, TrainSpec, WorkloadSpec } from "../config";
import { initialWeights, makeBatch, matmulInputs } from "../data";
import type { Instance, Peer } from "./types";

/** Replaces each leaf of `params` by the first unused shared weight of the same shape. */
const withSharedWeights = <T extends Tree>(spec: MlpSpec, params: T): T => {
  const pool = initialWeights(spec).flatMap((w) => [
    tensor(w.kernel, { shape: [w.fanIn, w.fanOut] }),
    tensor(w.bias, { shape: [w.fanOut] }),
  ]);
  const [leaves, def] = tree.flatten(params);
  const used = new Set<number>();
  const replaced = leaves.map((leaf) => {
    const i = pool.findIndex((p, j) => !used.has(j) && p.shape.join() === leaf.shape.join());
    if (i < 0) throw new Error(`tapegrad runner: no shared weight of shape [${leaf.shape.join(", ")}]`);
    used.add(i);
    return pool[i]!;
  });
  if (used.size !== pool.length)
    throw new Error("tapegrad runner: the model has fewer weights than the spec");
  return tree.unflatten<T>(def, replaced);
};

/** serial(dense(h₁), act, dense(h₂), act, …, dense(out)) with the shared initial weights. */
const modelOf = (spec: MlpSpec) => {
  const act = spec.activation === "relu" ? relu : leakyRelu({ slope: spec.slope });
  const units = spec.sizes.slice(1);
  const model = serial(...units.flatMap((u, i) => (i < units.length - 1 ? [dense(u), act] : [dense(u)])));
  const params = withSharedWeights(spec, model.init(key(0), [spec.sizes[0]!]).params);
  return { model, params };
};

const createMatmul = (spec: MatmulSpec): Instance => {
  const { a: a64, b: b64 } = matmulInputs(spec);
  const shape = [spec.n, spec.n];
  const a = tensor(a64, { shape, dtype: spec.dtype });
  const b = tensor(b64, { shape, dtype: spec.dtype });
  let c: Tensor | undefined;
  return {
    step: () => {
      c = matmul(a, b);
    },
    read: () => {
      const d = c!.dataSync();
      return [d[0]!, d[d.length - 1]!, d[spec.n + 1]!];
    },
    dispose: () => {},
  };
};

const createForward = (spec: ForwardSpec): Instance => {
  const { model, params } = modelOf(spec);
  const x = tensor(makeBatch(spec).x, { shape: [spec.batch, spec.sizes[0]!] });
  let out: ArrayLike<number> = [];
  return {
    step: () => {
      out = model.apply(params, x).dataSync();
    },
    read: () => Array.from(out),
    dispose: () => {},
  };
};

const createTrain = (spec: TrainSpec): Instance => {
  const { model, params: p0 } = modelOf(spec);
  const data = makeBatch(spec);
  const x = tensor(data.x, { shape: [data.batch, spec.sizes[0]!] });
  const y = tensor(data.y, { shape: [data.batch, spec.sizes[spec.sizes.length - 1]!] });
  const labels = tensor(data.labels, { shape: [data.batch], dtype: "int32" });
  const lossOf = (p: typeof p0): Tensor => {
    const z = model.apply(p, x);
    return spec.loss === "mse" ? mse(z, y) : softmaxCrossEntropy(z, labels);
  };
  const opt = adam(spec.adam);
  const lossAndGrad = valueAndGrad(lossOf);
  let params = p0;
  let state = opt.init(params);
  let loss: Tensor | undefined;
  return {
    step: () => {
      const [l, g] = lossAndGrad(params);
      const r = opt.update(g, state, params);
      params = applyUpdates(params, r.updates);
      state = r.state;
      loss = l;
    },
    read: () => [loss!.item()],
    dispose: () => {},
  };
};

const create = (spec: WorkloadSpec): Instance =>
  spec.kind === "matmul"
    ? createMatmul(spec)
    : spec.kind === "forward"
      ? createForward(spec)
      : createTrain(spec);

const tapegradVersion = (): string => {
  const url = new URL("../../../packages/tapegrad/package.json", import.meta.url);
  return (JSON.parse(readFileSync(url, "utf8")) as { version: string }).version;
};

/** tapegrad on one thread, or (`threads`) with its default: worker threads over all cores. */
export const loadTapegrad = async (threads: boolean): Promise<Peer> => {
  if (!threads) setNumThreads(1);
  return {
    name: threads ? "tapegrad-threads" : "tapegrad",
    versions: { tapegrad: tapegradVersion() },
    notes: [
      'import … from "tapegrad": serial(dense, …), mse / softmaxCrossEntropy (int32 labels), valueAndGrad, adam + applyUpdates',
      threads
        ? `default threads: the matrix product on ${getNumThreads()} threads (worker threads, shared WebAssembly memory)`
        : "setNumThreads(1): one thread, as the other peers",
      process.env.BENCH_TAPEGRAD_FROM === "dist"
        ? "run from the built dist/ bundles"
        : "run from workspace sources (tsconfig paths, no build)",
    ],
    unsupported: () => undefined,
    create,
  };
};
