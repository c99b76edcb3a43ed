/** The performance goals of the issue, evaluated on a run's medians. */
import type { WorkloadId } from "./config";
import type { PeerName } from "./peers/types";

export interface Goal {
  readonly text: string;
  readonly workload: WorkloadId;
  /** Whose number is judged: "tapegrad" (one thread, the goals) unless said. */
  readonly subject?: PeerName;
  /** The peer compared with, or undefined for a goal that is only reported. */
  readonly peer?: PeerName;
  /** tapegrad's median over the peer's must be ≥ `atLeast` (throughput) or ≤ `atMost` (latency). */
  readonly atLeast?: number;
  readonly atMost?: number;
}

export const goals: readonly Goal[] = [
  { text: "B ≥ 5× jax-js", workload: "B", peer: "jax-js", atLeast: 5 },
  { text: "B ≥ 10× tfjs (cpu)", workload: "B", peer: "tfjs-cpu", atLeast: 10 },
  { text: "B ≥ 10× tfjs (wasm)", workload: "B", peer: "tfjs-wasm", atLeast: 10 },
  { text: "B ≥ 0.6× hand-written loops", workload: "B", peer: "plain-js", atLeast: 0.6 },
  { text: "C ≥ 1.5× jax-js", workload: "C", peer: "jax-js", atLeast: 1.5 },
  { text: "A ≥ 1.2× tfjs-wasm (float32 GFLOP/s)", workload: "A", peer: "tfjs-wasm", atLeast: 1.2 },
  { text: "D ≤ 0.5× tfjs-wasm latency", workload: "D", peer: "tfjs-wasm", atMost: 0.5 },
  { text: "tapegrad float64 matmul GFLOP/s (reported)", workload: "A64" },
  // The same code with its default threads (the second core): reported beside the goals above,
  // which the issue sets for one thread.
  {
    text: "C ≥ 1.5× jax-js, tapegrad on worker threads",
    workload: "C",
    subject: "tapegrad-threads",
    peer: "jax-js",
    atLeast: 1.5,
  },
  {
    text: "A ≥ 1.2× tfjs-wasm, tapegrad on worker threads",
    workload: "A",
    subject: "tapegrad-threads",
    peer: "tfjs-wasm",
    atLeast: 1.2,
  },
  {
    text: "D ≤ 0.5× tfjs-wasm latency, tapegrad on worker threads",
    workload: "D",
    subject: "tapegrad-threads",
    peer: "tfjs-wasm",
    atMost: 0.5,
  },
  {
    text: "tapegrad float64 matmul GFLOP/s on worker threads (reported)",
    workload: "A64",
    subject: "tapegrad-threads",
  },
];

export type Verdict = "met" | "not met" | "reported" | "no data";

/** Judges a goal from tapegrad's and the peer's medians (same unit). */
export const judge = (
  g: Goal,
  tapegrad: number | undefined,
  peer: number | undefined,
): [Verdict, number | undefined] => {
  if (tapegrad === undefined || Number.isNaN(tapegrad)) return ["no data", undefined];
  if (!g.peer) return ["reported", tapegrad];
  if (peer === undefined || Number.isNaN(peer)) return ["no data", undefined];
  const ratio = tapegrad / peer;
  if (g.atLeast !== undefined) return [ratio >= g.atLeast ? "met" : "not met", ratio];
  return [ratio <= g.atMost! ? "met" : "not met", ratio];
};
