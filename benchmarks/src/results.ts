/** The data a run collects, written as JSON beside RESULTS.md and rendered by report.ts. */
import type { WorkloadId } from "./config";
import type { MachineInfo } from "./machine";
import type { PeerName } from "./peers/types";
import type { MemoryResult, PeakResult, Ready, VerifyResult } from "./protocol";
import type { Summary } from "./stats";

export interface PeerWorkloadResult {
  /** Per-sample values in the workload's unit. */
  readonly values: number[];
  /** median: the best generation's median; min, max, n: over all samples. */
  readonly summary?: Summary;
  /** Each process generation's own summary. */
  readonly generations?: Summary[];
  /** Calls per sample, per generation. */
  readonly callsPerSample?: number[];
  readonly verify?: VerifyResult;
  /** Max relative difference of the verify reads to plain-js (the reference). */
  readonly verifyDiff?: { readonly first: number; readonly last: number };
  /** Why there are no samples (unsupported, failed). */
  readonly skipped?: string;
}

export interface MemoryReport {
  readonly b?: MemoryResult;
  readonly c?: PeakResult;
  readonly error?: string;
}

export interface RunResult {
  readonly mode: "full" | "quick";
  readonly machine: MachineInfo;
  readonly durationS: number;
  readonly matmulN: number;
  readonly samples: number;
  readonly generations: number;
  readonly peers: Partial<Record<PeerName, Ready | { readonly error: string }>>;
  readonly workloads: Partial<Record<WorkloadId, Partial<Record<PeerName, PeerWorkloadResult>>>>;
  readonly memory: Partial<Record<PeerName, MemoryReport>>;
}
