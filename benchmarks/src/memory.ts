/**
 * The memory part of a run, each peer in a fresh worker: resident memory over many steps of B
 * (does it grow?), then the peak resident memory of C in the same process (B's footprint is
 * tiny next to C's).
 */
import type { Mode, WorkloadInfo } from "./config";
import type { PeerName } from "./peers/types";
import type { MemoryResult, PeakResult } from "./protocol";
import type { MemoryReport } from "./results";
import { WorkerHandle } from "./workerHandle";

const log = (msg: string): void => {
  process.stderr.write(`${msg}\n`);
};

export const memoryPhase = async (
  peers: readonly PeerName[],
  b: WorkloadInfo,
  c: WorkloadInfo,
  mode: Mode,
  from: "src" | "dist" = "src",
): Promise<Partial<Record<PeerName, MemoryReport>>> => {
  const out: Partial<Record<PeerName, MemoryReport>> = {};
  for (const peer of peers) {
    let worker: WorkerHandle | undefined;
    try {
      worker = await WorkerHandle.spawn(peer, { from });
      const steps = peer === "tapegrad" ? mode.memorySteps.tapegrad : mode.memorySteps.peers;
      const mb = await worker.request<MemoryResult>({
        cmd: "memory",
        spec: b.spec,
        steps,
        points: 10,
        settle: mode.memoryWarmup.settle,
        maxWarmup: mode.memoryWarmup.max,
      });
      const pc = await worker.request<PeakResult>({ cmd: "peak", spec: c.spec, steps: mode.peakSteps });
      out[peer] = { b: mb, c: pc };
      const growth = (100 * (mb.rss[mb.rss.length - 1]! - mb.rss[0]!)) / mb.rss[0]!;
      log(
        `  memory ${peer}: B warm-up ${mb.warmup} steps, then ${steps} steps RSS ${growth.toFixed(1)}%, C peak ${(pc.maxRss / 2 ** 20).toFixed(0)} MiB`,
      );
    } catch (e) {
      out[peer] = { error: e instanceof Error ? e.message : String(e) };
      log(`  memory ${peer}: failed — ${out[peer]!.error}`);
    } finally {
      await worker?.close();
    }
  }
  return out;
};
