/**
 * Deterministic inputs and initial weights, generated identically in every worker process from
 * fixed seeds, so all peers start from the same numbers and their losses can be compared.
 */
import type { MatmulSpec, MlpSpec, TrainSpec } from "./config";

/** mulberry32: a tiny 32-bit PRNG; returns uniform floats in [0, 1). */
export const rng = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const uniformArray = (n: number, seed: number, lo: number, hi: number): Float64Array => {
  const r = rng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * r();
  return out;
};

/** The two n×n operands of workload A, row-major, in [−1, 1). */
export const matmulInputs = (spec: MatmulSpec): { a: Float64Array; b: Float64Array } => ({
  a: uniformArray(spec.n * spec.n, 11, -1, 1),
  b: uniformArray(spec.n * spec.n, 12, -1, 1),
});

/** One dense layer's weights: kernel (in, out) row-major, and bias (out). */
export interface DenseWeights {
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
  readonly fanIn: number;
  readonly fanOut: number;
}

/** Glorot-uniform kernels U(±√(6/(fan_in+fan_out))) and zero biases, from seed 1. */
export const initialWeights = (spec: MlpSpec): DenseWeights[] => {
  const layers: DenseWeights[] = [];
  for (let l = 0; l + 1 < spec.sizes.length; l++) {
    const fanIn = spec.sizes[l]!;
    const fanOut = spec.sizes[l + 1]!;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const kernel = Float32Array.from(uniformArray(fanIn * fanOut, 100 + l, -limit, limit));
    layers.push({ kernel, bias: new Float32Array(fanOut), fanIn, fanOut });
  }
  return layers;
};

/** A fixed batch: inputs (batch, sizes[0]) and targets (regression) or int labels (classification). */
export interface Batch {
  readonly x: Float32Array;
  /** MSE targets (batch, out); for softmax CE, the one-hot of `labels`. */
  readonly y: Float32Array;
  /** Class labels in [0, out) (softmax CE only; zeros otherwise). */
  readonly labels: Int32Array;
  readonly batch: number;
}

/**
 * Inputs in [−1, 1) (regression) or [0, 1) (pixels); regression targets are smooth functions of
 * the inputs, labels are uniform classes.
 */
export const makeBatch = (spec: MlpSpec & { readonly loss?: TrainSpec["loss"] }): Batch => {
  const inDim = spec.sizes[0]!;
  const outDim = spec.sizes[spec.sizes.length - 1]!;
  const n = spec.batch;
  const classification = spec.loss !== "mse";
  const r = rng(7);
  const x = new Float32Array(n * inDim);
  for (let i = 0; i < x.length; i++) x[i] = classification ? r() : 2 * r() - 1;
  const y = new Float32Array(n * outDim);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (classification) {
      labels[i] = Math.floor(r() * outDim);
      y[i * outDim + labels[i]!] = 1;
    } else {
      for (let j = 0; j < outDim; j++) {
        const u = x[i * inDim + (j % inDim)]!;
        const v = x[i * inDim + ((j + 1) % inDim)]!;
        y[i * outDim + j] = Math.sin(u) + 0.5 * u * v;
      }
    }
  }
  return { x, y, labels, batch: n };
};
