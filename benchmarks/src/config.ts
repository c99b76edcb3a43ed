/**
 * The workloads every peer runs, with their shapes and hyper-parameters, and the two run modes.
 * One place, so every runner (tapegrad, tfjs, jax-js, plain JS) computes exactly the same thing.
 */

/** A float matmul `C = A·B` of two n×n matrices. */
export interface MatmulSpec {
  readonly kind: "matmul";
  readonly n: number;
  readonly dtype: "float32" | "float64";
}

/** A dense MLP `sizes[0] → … → sizes[last]`, Keras weight layout (in, out), y = x·W + b. */
export interface MlpSpec {
  readonly sizes: readonly number[];
  /** Activation after every hidden layer (none after the last). */
  readonly activation: "relu" | "leakyRelu";
  /** Slope of leaky ReLU for negative inputs. */
  readonly slope: number;
  readonly batch: number;
}

/** Adam hyper-parameters (PyTorch defaults; ε outside the root, bias-corrected). */
export interface AdamSpec {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
}

/** One training step: forward, loss, backward, Adam update. */
export interface TrainSpec extends MlpSpec {
  readonly kind: "train";
  /** `mse`: mean of e² over all elements; `softmaxCe`: mean over the batch of −log softmax(z)[label]. */
  readonly loss: "mse" | "softmaxCe";
  readonly adam: AdamSpec;
}

/** One inference call: forward pass, logits read back into a JS typed array. */
export interface ForwardSpec extends MlpSpec {
  readonly kind: "forward";
}

export type WorkloadSpec = MatmulSpec | TrainSpec | ForwardSpec;

export type WorkloadId = "A" | "A64" | "B" | "C" | "D";

/** How a workload's throughput is reported. */
export type Unit = "GFLOP/s" | "steps/s" | "µs/call";

export interface WorkloadInfo {
  readonly id: WorkloadId;
  readonly title: string;
  readonly unit: Unit;
  readonly spec: WorkloadSpec;
}

const adam: AdamSpec = { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

const classicB: TrainSpec = {
  kind: "train",
  sizes: [3, 12, 12, 2],
  activation: "leakyRelu",
  slope: 0.01,
  batch: 32,
  loss: "mse",
  adam,
};

const mlpC: TrainSpec = {
  kind: "train",
  sizes: [784, 256, 256, 10],
  activation: "relu",
  slope: 0,
  batch: 128,
  loss: "softmaxCe",
  adam,
};

/** The workloads, in run order. `matmulN` is 1024 in a full run. */
export const workloadsFor = (matmulN: number): readonly WorkloadInfo[] => [
  {
    id: "A",
    title: `float32 matmul ${matmulN}×${matmulN}`,
    unit: "GFLOP/s",
    spec: { kind: "matmul", n: matmulN, dtype: "float32" },
  },
  {
    id: "A64",
    title: `float64 matmul ${matmulN}×${matmulN}`,
    unit: "GFLOP/s",
    spec: { kind: "matmul", n: matmulN, dtype: "float64" },
  },
  {
    id: "B",
    title: "classic Keras model 3→12→12→2, leaky ReLU, MSE, Adam, batch 32",
    unit: "steps/s",
    spec: classicB,
  },
  { id: "C", title: "MLP 784→256→256→10, ReLU, softmax CE, Adam, batch 128", unit: "steps/s", spec: mlpC },
  {
    id: "D",
    title: "forward pass of C at batch 1 (logits read back)",
    unit: "µs/call",
    spec: { ...mlpC, kind: "forward", batch: 1 },
  },
];

/** Settings of one run. */
export interface Mode {
  readonly name: "full" | "quick";
  readonly matmulN: number;
  /** Time-based warm-up per peer and workload, after setup and before any timed sample. */
  readonly warmupMs: number;
  /** Minimum number of warm-up calls (so a slow call is still warmed up once). */
  readonly warmupMinCalls: number;
  /** Fresh worker processes per peer and workload, one after the other (see bench.ts). */
  readonly generations: number;
  /** Timed samples per peer, workload and generation (interleaved across peers). */
  readonly samples: number;
  /** Target duration of one sample; a sample is at least one call. */
  readonly sampleMs: number;
  /** Steps of B for the resident-memory test: tapegrad, then each other peer. */
  readonly memorySteps: { readonly tapegrad: number; readonly peers: number };
  /** Memory warm-up: until the young generation kept its size `settle` steps (or 15 s), at most `max` (or 60 s). */
  readonly memoryWarmup: { readonly settle: number; readonly max: number };
  /** Steps of C for the peak-memory test. */
  readonly peakSteps: number;
  /** Steps of B and C run from the shared initial weights to check all peers agree. */
  readonly verifySteps: { readonly B: number; readonly C: number };
}

export const fullMode: Mode = {
  name: "full",
  matmulN: 1024,
  warmupMs: 1000,
  warmupMinCalls: 2,
  generations: 2,
  samples: 5,
  sampleMs: 300,
  memorySteps: { tapegrad: 100_000, peers: 20_000 },
  memoryWarmup: { settle: 100_000, max: 400_000 },
  peakSteps: 20,
  verifySteps: { B: 50, C: 3 },
};

/** CI's smoke run: the same code paths, tiny budgets, a 256×256 matmul. Asserts no speed. */
export const quickMode: Mode = {
  name: "quick",
  matmulN: 256,
  warmupMs: 150,
  warmupMinCalls: 1,
  generations: 1,
  samples: 3,
  sampleMs: 60,
  memorySteps: { tapegrad: 2_000, peers: 1_000 },
  memoryWarmup: { settle: 1_000, max: 5_000 },
  peakSteps: 2,
  verifySteps: { B: 5, C: 2 },
};

/** Floating-point operations of one n×n by n×n matmul (a multiply and an add per term). */
export const matmulFlops = (n: number): number => 2 * n * n * n;
