/** What every peer runner implements: the same workloads, built from the same specs and data. */
import type { WorkloadSpec } from "../config";

// "tapegrad" runs on one thread (setNumThreads(1)), as every peer here; "tapegrad-threads" is
// the same code with its default, the matrix product on worker threads over all cores.
export const peerNames = [
  "tapegrad",
  "tapegrad-threads",
  "tfjs-cpu",
  "tfjs-wasm",
  "jax-js",
  "plain-js",
] as const;
export type PeerName = (typeof peerNames)[number];

/** One workload set up on one peer: weights, data and compiled functions ready. */
export interface Instance {
  /** One call: a matmul, a training step or a forward pass. May leave work pending (jax-js). */
  step(): void;
  /**
   * Forces pending work and returns a small checksum: the last step's loss (training), the
   * logits (forward) or three entries of the product (matmul).
   */
  read(): number[];
  /** Frees what the peer cannot free by itself (tfjs and jax-js tensors). */
  dispose(): void;
}

export interface Peer {
  readonly name: PeerName;
  /** Package versions this peer ran with. */
  readonly versions: Readonly<Record<string, string>>;
  /** How the peer was configured (backend, threads, API used). */
  readonly notes: readonly string[];
  /** Why a workload is skipped (e.g. no float64), or undefined when it runs. */
  unsupported(spec: WorkloadSpec): string | undefined;
  create(spec: WorkloadSpec): Instance;
}
