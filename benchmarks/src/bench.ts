/**
 * The timed part of a run. For each workload, `mode.generations` times: fresh worker processes
 * (one per peer), each peer verified (first generation only), warmed up, then sampled with
 * peers interleaved (sample r of every peer before sample r+1 of any, the order rotating), so
 * drift of the machine hits all peers alike. One worker computes at a time: single-threaded.
 *
 * NOTE: the speed of a wasm peer can differ between two processes by 3× for a whole process
 * lifetime (seen: jax-js matmul 7.7 vs 23 GFLOP/s, tfjs-wasm 11 vs 30), so a peer's reported
 * median is that of its best generation — the same rule for every peer, tapegrad included.
 */
import { type Mode, matmulFlops, type WorkloadInfo } from "./config";
import type { PeerName } from "./peers/types";
import type { SampleResult, VerifyResult, WarmupResult } from "./protocol";
import type { PeerWorkloadResult } from "./results";
import { maxRelDiff, type Summary, summarize } from "./stats";
import type { WorkerHandle } from "./workerHandle";

const log = (msg: string): void => {
  process.stderr.write(`${msg}\n`);
};

/** Converts one sample to the workload's unit. */
export const sampleValue = (w: WorkloadInfo, s: SampleResult): number => {
  if (w.unit === "GFLOP/s" && w.spec.kind === "matmul")
    return (matmulFlops(w.spec.n) * s.calls) / (s.ms * 1e6);
  if (w.unit === "µs/call") return (s.ms * 1000) / s.calls;
  return s.calls / (s.ms / 1000);
};

const verifySteps = (w: WorkloadInfo, mode: Mode): number =>
  w.id === "B" ? mode.verifySteps.B : w.id === "C" ? mode.verifySteps.C : 1;

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** One generation's outcome for one peer. */
interface Generation {
  values: number[];
  calls?: number;
  verify?: VerifyResult;
  skipped?: string;
}

/** Verifies (when asked), warms up and samples one workload on fresh workers. */
const runGeneration = async (
  w: WorkloadInfo,
  workers: readonly WorkerHandle[],
  mode: Mode,
  verify: boolean,
): Promise<Map<PeerName, Generation>> => {
  const out = new Map<PeerName, Generation>();
  const active: { worker: WorkerHandle; calls: number }[] = [];
  for (const worker of workers) {
    const g: Generation = { values: [] };
    out.set(worker.peer, g);
    try {
      if (verify) {
        g.verify = await worker.request<VerifyResult>({
          cmd: "verify",
          spec: w.spec,
          steps: verifySteps(w, mode),
        });
      }
      await worker.request({ cmd: "setup", spec: w.spec });
      const warm = await worker.request<WarmupResult>({
        cmd: "warmup",
        ms: mode.warmupMs,
        minCalls: mode.warmupMinCalls,
      });
      g.calls = Math.max(1, Math.round(mode.sampleMs / warm.msPerCall));
      active.push({ worker, calls: g.calls });
      log(`  ${w.id} ${worker.peer}: warm-up ${warm.calls} calls, ${warm.msPerCall.toFixed(3)} ms/call`);
    } catch (e) {
      g.skipped = message(e);
      log(`  ${w.id} ${worker.peer}: skipped — ${g.skipped}`);
    }
  }
  for (let rep = 0; rep < mode.samples; rep++) {
    for (let k = 0; k < active.length; k++) {
      const { worker, calls } = active[(rep + k) % active.length]!;
      const g = out.get(worker.peer)!;
      if (g.skipped) continue;
      try {
        g.values.push(sampleValue(w, await worker.request<SampleResult>({ cmd: "sample", calls })));
      } catch (e) {
        g.skipped = `failed during sampling: ${message(e)}`;
      }
    }
  }
  return out;
};

/** The best of the generations' medians (highest throughput, lowest latency). */
const best = (w: WorkloadInfo, medians: readonly number[]): number =>
  w.unit === "µs/call" ? Math.min(...medians) : Math.max(...medians);

/** Runs one workload over `mode.generations` sets of fresh workers from `spawn`. */
export const benchWorkload = async (
  w: WorkloadInfo,
  spawn: () => Promise<WorkerHandle[]>,
  mode: Mode,
): Promise<Partial<Record<PeerName, PeerWorkloadResult>>> => {
  const gens: Map<PeerName, Generation>[] = [];
  for (let g = 0; g < mode.generations; g++) {
    const workers = await spawn();
    try {
      gens.push(await runGeneration(w, workers, mode, g === 0));
    } finally {
      await Promise.all(workers.map((x) => x.close()));
    }
  }
  const out: Partial<Record<PeerName, PeerWorkloadResult>> = {};
  const ref = gens[0]?.get("plain-js")?.verify;
  for (const peer of gens[0]?.keys() ?? []) {
    const mine = gens.map((m) => m.get(peer)).filter((g): g is Generation => g !== undefined);
    const first = mine[0]!;
    const values = mine.flatMap((g) => g.values);
    const perGeneration: Summary[] = mine.filter((g) => g.values.length > 0).map((g) => summarize(g.values));
    const all = summarize(values);
    const summary =
      perGeneration.length > 0
        ? {
            ...all,
            median: best(
              w,
              perGeneration.map((s) => s.median),
            ),
          }
        : undefined;
    out[peer] = {
      values,
      summary,
      generations: perGeneration,
      callsPerSample: mine.map((g) => g.calls ?? 0),
      verify: first.verify,
      verifyDiff:
        ref && first.verify
          ? {
              first: maxRelDiff(first.verify.first, ref.first),
              last: maxRelDiff(first.verify.last, ref.last),
            }
          : undefined,
      skipped: mine.find((g) => g.skipped)?.skipped,
    };
    if (summary) {
      const meds = perGeneration.map((s) => s.median.toPrecision(4)).join(", ");
      log(`  ${w.id} ${peer}: ${summary.median.toPrecision(4)} ${w.unit} (generation medians ${meds})`);
    }
  }
  return out;
};
