/** Messages between the parent (run.ts) and one worker process per peer (worker.ts). */
import type { WorkloadSpec } from "./config";
import type { PeerName } from "./peers/types";

export type Command =
  /** Builds the workload (weights, data, compiled functions); replaces any previous one. */
  | { readonly cmd: "setup"; readonly spec: WorkloadSpec }
  /** From a fresh instance, runs `steps` calls reading after each; returns first and last reads. */
  | { readonly cmd: "verify"; readonly spec: WorkloadSpec; readonly steps: number }
  /** Runs calls for at least `ms` and `minCalls`; returns the mean time per call. */
  | { readonly cmd: "warmup"; readonly ms: number; readonly minCalls: number }
  /** One timed sample: `calls` calls, then a read that forces pending work. */
  | { readonly cmd: "sample"; readonly calls: number }
  /** Resident memory over `steps` steps of a training workload, in a fresh process. */
  | {
      readonly cmd: "memory";
      readonly spec: WorkloadSpec;
      readonly steps: number;
      readonly points: number;
      /** Warm up until V8's young generation kept its size this many steps (at most `maxWarmup`). */
      readonly settle: number;
      readonly maxWarmup: number;
    }
  /** Peak RSS of `steps` steps of a workload (call on a fresh process). */
  | { readonly cmd: "peak"; readonly spec: WorkloadSpec; readonly steps: number }
  | { readonly cmd: "exit" };

export interface Ready {
  readonly peer: PeerName;
  readonly versions: Readonly<Record<string, string>>;
  readonly notes: readonly string[];
}

export interface VerifyResult {
  readonly first: number[];
  readonly last: number[];
}

export interface WarmupResult {
  readonly calls: number;
  readonly msPerCall: number;
}

export interface SampleResult {
  readonly calls: number;
  readonly ms: number;
  readonly check: number[];
}

export interface MemoryResult {
  readonly steps: number;
  /** Warm-up steps run before `rss[0]`: until V8's young generation (new space) settled. */
  readonly warmup: number;
  /** The new space's size after the warm-up and at the end, bytes. */
  readonly newSpace: readonly [number, number];
  /** RSS after 1,000 steps and a GC (before the rest of the warm-up), bytes. */
  readonly rssAt1000: number;
  /** RSS in bytes after warm-up and a GC, then at evenly spaced points, each after a GC. */
  readonly rss: number[];
  readonly heapUsed: number[];
  readonly ms: number;
}

export interface PeakResult {
  /** RSS before building the workload (after imports), bytes. */
  readonly baselineRss: number;
  /** The process's maximum resident set size, bytes. */
  readonly maxRss: number;
  readonly steps: number;
}

export type Reply =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

export interface Envelope {
  readonly id: number;
  readonly command: Command;
}

/** The first message a worker sends: its peer loaded, or why it could not load. */
export type Hello =
  | { readonly hello: true; readonly ready: Ready }
  | { readonly hello: true; readonly error: string };
