/**
 * A worker process for one peer (argv[2]): loads the peer, then runs commands from the parent
 * over the IPC channel, one at a time. Timing happens here, around the calls only.
 */
import v8 from "node:v8";
import type { WorkloadSpec } from "./config";
import { loadPeer } from "./peers";
import type { Instance, Peer, PeerName } from "./peers/types";
import type {
  Command,
  Envelope,
  MemoryResult,
  PeakResult,
  Reply,
  SampleResult,
  VerifyResult,
} from "./protocol";

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

let current: Instance | undefined;

const fresh = (peer: Peer, spec: WorkloadSpec): Instance => {
  current?.dispose();
  current = undefined;
  const why = peer.unsupported(spec);
  if (why) throw new Error(`unsupported (${why})`);
  current = peer.create(spec);
  return current;
};

const need = (): Instance => {
  if (!current) throw new Error("no workload set up");
  return current;
};

const verify = (peer: Peer, spec: WorkloadSpec, steps: number): VerifyResult => {
  const inst = fresh(peer, spec);
  inst.step();
  const first = inst.read();
  for (let i = 1; i < steps; i++) inst.step();
  const last = inst.read();
  inst.dispose();
  current = undefined;
  return { first, last };
};

const newSpaceBytes = (): number =>
  v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space")?.space_size ?? 0;

// RSS over `steps` steps, measured once the process has settled: V8 enlarges its young generation
// (new space) in steps as the surviving bytes add up — a one-time adaptation to the allocation
// rate, not retained data — so the warm-up runs until the new space has kept its size for
// `settle` steps (at most `maxWarmup` steps), then the measured steps start.
const memory = (
  peer: Peer,
  spec: WorkloadSpec,
  steps: number,
  points: number,
  settle: number,
  maxWarmup: number,
): MemoryResult => {
  const inst = fresh(peer, spec);
  for (let i = 0; i < Math.min(1000, steps); i++) inst.step();
  inst.read();
  gc();
  const rssAt1000 = process.memoryUsage.rss();
  let warmup = Math.min(1000, steps);
  let size = newSpaceBytes();
  let since = 0;
  let sinceMs = performance.now();
  const started = sinceMs;
  // settled: the same size for `settle` steps or 15 s (slow peers), at most `maxWarmup` steps or 60 s
  const settled = (now: number) => since >= settle || now - sinceMs > 15_000;
  for (let now = sinceMs; !settled(now) && warmup < maxWarmup && now - started < 60_000; ) {
    inst.step();
    warmup++;
    since++;
    if (warmup % 100 === 0) {
      now = performance.now();
      if (newSpaceBytes() !== size) {
        size = newSpaceBytes();
        since = 0;
        sinceMs = now;
      }
    }
  }
  inst.read();
  gc();
  const newSpace0 = newSpaceBytes();
  const rss = [process.memoryUsage.rss()];
  const heapUsed = [process.memoryUsage().heapUsed];
  const t0 = performance.now();
  const every = Math.max(1, Math.floor(steps / points));
  for (let i = 1; i <= steps; i++) {
    inst.step();
    if (i % every === 0 || i === steps) {
      inst.read();
      gc();
      rss.push(process.memoryUsage.rss());
      heapUsed.push(process.memoryUsage().heapUsed);
    }
  }
  return {
    steps,
    warmup,
    newSpace: [newSpace0, newSpaceBytes()],
    rssAt1000,
    rss,
    heapUsed,
    ms: performance.now() - t0,
  };
};

const peak = (peer: Peer, spec: WorkloadSpec, steps: number): PeakResult => {
  gc();
  const baselineRss = process.memoryUsage.rss();
  const inst = fresh(peer, spec);
  for (let i = 0; i < steps; i++) inst.step();
  inst.read();
  return { baselineRss, maxRss: process.resourceUsage().maxRSS * 1024, steps };
};

const run = (peer: Peer, c: Command): unknown => {
  switch (c.cmd) {
    case "setup":
      fresh(peer, c.spec);
      return null;
    case "verify":
      return verify(peer, c.spec, c.steps);
    case "warmup": {
      const inst = need();
      const t0 = performance.now();
      let calls = 0;
      while (calls < c.minCalls || performance.now() - t0 < c.ms) {
        inst.step();
        calls++;
        if (calls % 16 === 0 || calls < 16) inst.read();
      }
      inst.read();
      return { calls, msPerCall: (performance.now() - t0) / calls };
    }
    case "sample": {
      const inst = need();
      const t0 = performance.now();
      for (let i = 0; i < c.calls; i++) inst.step();
      const check = inst.read();
      const result: SampleResult = { calls: c.calls, ms: performance.now() - t0, check };
      return result;
    }
    case "memory":
      return memory(peer, c.spec, c.steps, c.points, c.settle, c.maxWarmup);
    case "peak":
      return peak(peer, c.spec, c.steps);
    case "exit":
      current?.dispose();
      process.disconnect?.();
      return null;
  }
};

/** An error's message, prefixed by its class unless it is a plain Error. */
const describe = (e: unknown): string =>
  e instanceof Error ? (e.name === "Error" ? e.message : `${e.name}: ${e.message}`) : String(e);

const send = (msg: unknown): void => {
  process.send!(msg);
};

const main = async (): Promise<void> => {
  const name = process.argv[2] as PeerName;
  let peer: Peer;
  try {
    peer = await loadPeer(name);
  } catch (e) {
    send({ hello: true, error: describe(e) });
    return;
  }
  send({ hello: true, ready: { peer: peer.name, versions: peer.versions, notes: peer.notes } });
  process.on("message", (m: Envelope) => {
    let reply: Reply;
    try {
      reply = { id: m.id, ok: true, result: run(peer, m.command) };
    } catch (e) {
      reply = { id: m.id, ok: false, error: describe(e) };
    }
    if (m.command.cmd !== "exit") send(reply);
  });
};

void main();
