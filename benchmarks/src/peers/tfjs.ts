/**
 * The TensorFlow.js peers: tfjs-core with the cpu backend (plain JS kernels) or the wasm backend
 * (XNNPACK, SIMD, one thread). Training uses the idiomatic low-level API — variables,
 * `optimizer.minimize` with `tf.train.adam` — which is faster than `tf.layers` + `fit`.
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-core/dist/register_all_gradients";
import "@tensorflow/tfjs-backend-cpu";
import { setThreadsCount, setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import type { MlpSpec, TrainSpec, WorkloadSpec } from "../config";
import { initialWeights, makeBatch, matmulInputs } from "../data";
import { packageFileDir, packageVersion } from "../versions";
import type { Instance, Peer } from "./types";

interface Dense {
  readonly w: tf.Variable;
  readonly b: tf.Variable;
}

const mlpForward = (layers: readonly Dense[], spec: MlpSpec, x: tf.Tensor): tf.Tensor => {
  let h = x;
  layers.forEach((l, i) => {
    h = tf.add(tf.matMul(h, l.w), l.b);
    if (i < layers.length - 1) h = spec.activation === "relu" ? tf.relu(h) : tf.leakyRelu(h, spec.slope);
  });
  return h;
};

const variables = (spec: MlpSpec): Dense[] =>
  initialWeights(spec).map((wt) => ({
    w: tf.variable(tf.tensor2d(wt.kernel, [wt.fanIn, wt.fanOut])),
    b: tf.variable(tf.tensor1d(wt.bias)),
  }));

const lossOf = (spec: TrainSpec, logits: tf.Tensor, y: tf.Tensor): tf.Scalar =>
  spec.loss === "mse"
    ? tf.mean(tf.squaredDifference(logits, y))
    : tf.losses.softmaxCrossEntropy(y, logits, undefined, 0, tf.Reduction.MEAN);

const create = (spec: WorkloadSpec): Instance => {
  if (spec.kind === "matmul") {
    const { a: a64, b: b64 } = matmulInputs(spec);
    const a = tf.tensor2d(Float32Array.from(a64), [spec.n, spec.n]);
    const b = tf.tensor2d(Float32Array.from(b64), [spec.n, spec.n]);
    let c: tf.Tensor | undefined;
    return {
      step: () => {
        c?.dispose();
        c = tf.matMul(a, b);
        c.dataSync();
      },
      read: () => {
        const d = c!.dataSync();
        return [d[0], d[d.length - 1], d[spec.n + 1]];
      },
      dispose: () => tf.dispose([a, b, ...(c ? [c] : [])]),
    };
  }
  const layers = variables(spec);
  const data = makeBatch(spec);
  const x = tf.tensor2d(data.x, [data.batch, spec.sizes[0]]);
  const disposeAll = (): void => tf.dispose([x, ...layers.flatMap((l) => [l.w, l.b])]);
  if (spec.kind === "forward") {
    let out: ArrayLike<number> = [];
    return {
      step: () => {
        const logits = tf.tidy(() => mlpForward(layers, spec, x));
        out = logits.dataSync();
        logits.dispose();
      },
      read: () => Array.from(out),
      dispose: disposeAll,
    };
  }
  const y = tf.tensor2d(data.y, [data.batch, spec.sizes[spec.sizes.length - 1]]);
  const { learningRate, beta1, beta2, eps } = spec.adam;
  const opt = tf.train.adam(learningRate, beta1, beta2, eps);
  const varList = layers.flatMap((l) => [l.w, l.b]);
  let loss: tf.Scalar | null = null;
  return {
    step: () => {
      loss?.dispose();
      loss = opt.minimize(() => lossOf(spec, mlpForward(layers, spec, x), y), true, varList);
    },
    read: () => [loss!.dataSync()[0]],
    dispose: () => {
      loss?.dispose();
      opt.dispose();
      y.dispose();
      disposeAll();
    },
  };
};

/** Loads tfjs-core on `backend`; wasm runs single-threaded with SIMD, binaries from node_modules. */
export const loadTfjs = async (backend: "cpu" | "wasm"): Promise<Peer> => {
  const notes: string[] = [];
  if (backend === "wasm") {
    // One thread: forbid the threaded build, and ask for one thread if it loads anyway.
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
    setThreadsCount(1);
    setWasmPaths(`${packageFileDir("@tensorflow/tfjs-backend-wasm", "dist/tfjs-backend-wasm.wasm")}/`);
  }
  tf.enableProdMode();
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs: backend ${backend} failed to initialise`);
  await tf.ready();
  if (backend === "wasm")
    notes.push(`wasm: SIMD ${String(tf.env().getBool("WASM_HAS_SIMD_SUPPORT"))}, 1 thread`);
  notes.push("tfjs-core low-level API: tf.variable, optimizer.minimize(tf.train.adam), prod mode");
  return {
    name: backend === "cpu" ? "tfjs-cpu" : "tfjs-wasm",
    versions: {
      "@tensorflow/tfjs-core": packageVersion("@tensorflow/tfjs-core"),
      [`@tensorflow/tfjs-backend-${backend}`]: packageVersion(`@tensorflow/tfjs-backend-${backend}`),
    },
    notes,
    unsupported: (spec) =>
      spec.kind === "matmul" && spec.dtype === "float64" ? "tfjs has no float64" : undefined,
    create,
  };
};
