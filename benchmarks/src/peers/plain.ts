/** The "plain JS loops, hand-written" peer: no library, typed arrays and for loops only. */
import type { WorkloadSpec } from "../config";
import { initialWeights, makeBatch, matmulInputs } from "../data";
import { matmulIKJ } from "../plain/matmul";
import { PlainMlp } from "../plain/mlp";
import type { Instance, Peer } from "./types";

const create = (spec: WorkloadSpec): Instance => {
  if (spec.kind === "matmul") {
    const Arr = spec.dtype === "float32" ? Float32Array : Float64Array;
    const { a: a64, b: b64 } = matmulInputs(spec);
    const a = Arr.from(a64);
    const b = Arr.from(b64);
    const c = new Arr(spec.n * spec.n);
    return {
      step: () => matmulIKJ(a, b, c, spec.n),
      read: () => [c[0], c[c.length - 1], c[spec.n + 1]],
      dispose: () => {},
    };
  }
  const mlp = new PlainMlp(spec, initialWeights(spec));
  const data = makeBatch(spec);
  if (spec.kind === "forward") {
    let out = new Float32Array(0);
    return {
      step: () => {
        out = mlp.forward(data.x).slice();
      },
      read: () => Array.from(out),
      dispose: () => {},
    };
  }
  let loss = Number.NaN;
  return {
    step: () => {
      loss = mlp.trainStep(data.x, data.y, spec.loss, spec.adam);
    },
    read: () => [loss],
    dispose: () => {},
  };
};

export const loadPlain = async (): Promise<Peer> => ({
  name: "plain-js",
  versions: { node: process.version },
  notes: ["hand-written Float32Array loops (benchmarks/src/plain): i-k-j matmul, MLP backward, Adam"],
  unsupported: () => undefined,
  create,
});
