/**
 * The jax-js peer: @jax-js/jax on its wasm device (single-threaded in Node: no global Worker),
 * with the whole training step — loss, gradient and Adam — under one `jit`.
 * jax-js uses move semantics: every call consumes its array arguments, `.ref` keeps one alive.
 */
import { defaultDevice, init, jit, nn, numpy as np, tree, valueAndGrad } from "@jax-js/jax";
import type { MlpSpec, TrainSpec, WorkloadSpec } from "../config";
import { initialWeights, makeBatch, matmulInputs } from "../data";
import { packageVersion } from "../versions";
import type { Instance, Peer } from "./types";

type Params = { w: np.Array[]; b: np.Array[] };

const refs = <T extends Params>(p: T): T => tree.map((a: np.Array) => a.ref, p) as T;

const forward = (spec: MlpSpec, p: Params, x: np.Array): np.Array => {
  let h = x;
  const last = p.w.length - 1;
  for (let i = 0; i <= last; i++) {
    h = np.matmul(h, p.w[i]).add(p.b[i]);
    if (i < last) h = spec.activation === "relu" ? nn.relu(h) : nn.leakyRelu(h, spec.slope);
  }
  return h;
};

const lossFn =
  (spec: TrainSpec) =>
  (p: Params, x: np.Array, y: np.Array): np.Array => {
    const z = forward(spec, p, x);
    if (spec.loss === "mse") return np.mean(np.square(z.sub(y)));
    return nn.logSoftmax(z, -1).mul(y).sum(-1).mean().neg();
  };

/** One Adam step on one leaf: returns [θ′, m′, v′]; c1 = 1/(1−β₁ᵗ), c2 = 1/(1−β₂ᵗ). */
const adamLeaf = (
  spec: TrainSpec,
  p: np.Array,
  g: np.Array,
  m: np.Array,
  v: np.Array,
  c1: np.Array,
  c2: np.Array,
): [np.Array, np.Array, np.Array] => {
  const { beta1, beta2, eps, learningRate } = spec.adam;
  const m2 = m.mul(beta1).add(g.ref.mul(1 - beta1));
  const v2 = v.mul(beta2).add(g.ref.mul(g).mul(1 - beta2));
  const step = m2.ref
    .mul(c1)
    .mul(learningRate)
    .div(np.sqrt(v2.ref.mul(c2)).add(eps));
  return [p.sub(step), m2, v2];
};

const fromF32 = (data: Float32Array, shape: number[]): np.Array => np.array(data).reshape(shape);

const paramsOf = (spec: MlpSpec): Params => {
  const ws = initialWeights(spec);
  return {
    w: ws.map((wt) => fromF32(wt.kernel, [wt.fanIn, wt.fanOut])),
    b: ws.map((wt) => fromF32(wt.bias, [wt.fanOut])),
  };
};

const zerosLikeParams = (p: Params): Params => tree.map((a: np.Array) => np.zeros(a.shape), p) as Params;

const createTrain = (spec: TrainSpec, x: np.Array, y: np.Array): Instance => {
  const trainStep = jit(
    (p: Params, m: Params, v: Params, xb: np.Array, yb: np.Array, c1: np.Array, c2: np.Array) => {
      const [loss, g] = valueAndGrad(lossFn(spec))(refs(p), xb, yb);
      const out: { p: Params; m: Params; v: Params } = {
        p: { w: [], b: [] },
        m: { w: [], b: [] },
        v: { w: [], b: [] },
      };
      for (const k of ["w", "b"] as const) {
        for (let i = 0; i < p[k].length; i++) {
          const [pi, mi, vi] = adamLeaf(spec, p[k][i], g[k][i], m[k][i], v[k][i], c1.ref, c2.ref);
          out.p[k].push(pi);
          out.m[k].push(mi);
          out.v[k].push(vi);
        }
      }
      c1.dispose();
      c2.dispose();
      return [loss, out.p, out.m, out.v] as [np.Array, Params, Params, Params];
    },
  );
  let p = paramsOf(spec);
  let m = zerosLikeParams(p);
  let v = zerosLikeParams(p);
  let loss = Number.NaN;
  let t = 0;
  const { beta1, beta2 } = spec.adam;
  return {
    step: () => {
      t += 1;
      const c1 = np.array(1 / (1 - beta1 ** t));
      const c2 = np.array(1 / (1 - beta2 ** t));
      const [l, p2, m2, v2] = trainStep(p, m, v, x.ref, y.ref, c1, c2);
      // Reading the loss forces the step: jax-js is lazy, and hundreds of queued steps run
      // 30× slower per step than steps forced one at a time (measured here).
      loss = l.dataSync()[0]!;
      p = p2;
      m = m2;
      v = v2;
    },
    read: () => [loss],
    dispose: () => {
      tree.map((a: np.Array) => a.dispose(), [p, m, v]);
      x.dispose();
      y.dispose();
      trainStep.dispose();
    },
  };
};

const create = (spec: WorkloadSpec): Instance => {
  if (spec.kind === "matmul") {
    const { a: a64, b: b64 } = matmulInputs(spec);
    const a = fromF32(Float32Array.from(a64), [spec.n, spec.n]);
    const b = fromF32(Float32Array.from(b64), [spec.n, spec.n]);
    const mm = jit((u: np.Array, w: np.Array) => np.matmul(u, w));
    let c: ArrayLike<number> = [];
    return {
      // jax-js is lazy: reading the product forces the kernel (a 4 MB copy, ~1% of the time).
      step: () => {
        c = mm(a.ref, b.ref).dataSync();
      },
      read: () => [c[0], c[c.length - 1], c[spec.n + 1]],
      dispose: () => {
        a.dispose();
        b.dispose();
        mm.dispose();
      },
    };
  }
  const data = makeBatch(spec);
  const x = fromF32(data.x, [data.batch, spec.sizes[0]]);
  if (spec.kind === "train") {
    return createTrain(spec, x, fromF32(data.y, [data.batch, spec.sizes[spec.sizes.length - 1]]));
  }
  const p = paramsOf(spec);
  const fwd = jit((params: Params, xb: np.Array) => forward(spec, params, xb));
  let out: ArrayLike<number> = [];
  return {
    step: () => {
      out = fwd(refs(p), x.ref).dataSync() as Float32Array;
    },
    read: () => Array.from(out),
    dispose: () => {
      tree.map((a: np.Array) => a.dispose(), p);
      x.dispose();
      fwd.dispose();
    },
  };
};

/** Initialises jax-js on its wasm device. */
export const loadJax = async (): Promise<Peer> => {
  const devices = await init("wasm");
  if (!devices.includes("wasm"))
    throw new Error(`jax-js: wasm device unavailable (got ${devices.join(", ")})`);
  defaultDevice("wasm");
  return {
    name: "jax-js",
    versions: { "@jax-js/jax": packageVersion("@jax-js/jax") },
    notes: [
      `wasm device, ${typeof (globalThis as { Worker?: unknown }).Worker === "undefined" ? "1 thread (Node has no global Worker)" : "workers available"}`,
      "jit over the whole train step (valueAndGrad + Adam), loss read each step; forward jitted",
    ],
    unsupported: (spec) =>
      spec.kind === "matmul" && spec.dtype === "float64"
        ? "only tapegrad's float64 is a goal; jax-js float64 matmul ran at ~0.5 GFLOP/s in a trial here"
        : undefined,
    create,
  };
};
