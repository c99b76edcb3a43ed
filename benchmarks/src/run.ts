/**
 * `pnpm bench` (full) and `pnpm --filter @tapegrad/benchmarks run bench:quick`: runs every peer on
 * workloads A–D and the memory tests, then writes RESULTS.md (full) or results/RESULTS-quick.md.
 *
 * Flags: --quick, --peers=a,b, --workloads=A,B, --no-memory, --out=FILE, --cpu-prof=PEER
 * (writes V8 CPU profiles of that peer's worker to benchmarks/results/profiles), --dist (run
 * tapegrad from the built dist/ instead of sources; needs `pnpm build`).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { benchWorkload } from "./bench";
import { fullMode, quickMode, type WorkloadId, workloadsFor } from "./config";
import { machineInfo } from "./machine";
import { memoryPhase } from "./memory";
import { type PeerName, peerNames } from "./peers/types";
import { renderReport } from "./report";
import type { RunResult } from "./results";
import { WorkerHandle } from "./workerHandle";

const flag = (name: string): string | undefined => {
  const a = process.argv.find((x) => x === `--${name}` || x.startsWith(`--${name}=`));
  return a === undefined ? undefined : (a.split("=")[1] ?? "");
};

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

const main = async (): Promise<void> => {
  const t0 = performance.now();
  const mode = flag("quick") !== undefined ? quickMode : fullMode;
  const peers = (flag("peers")?.split(",") ?? [...peerNames]) as PeerName[];
  const only = flag("workloads")?.split(",") as WorkloadId[] | undefined;
  const profiled = flag("cpu-prof") as PeerName | undefined;
  const profileDir = here("../results/profiles");
  const from = flag("dist") !== undefined ? "dist" : "src";
  const machine = machineInfo();
  const workloads = workloadsFor(mode.matmulN);
  process.stderr.write(`tapegrad benchmarks, ${mode.name} mode, peers ${peers.join(", ")}\n`);

  const result: RunResult = {
    mode: mode.name,
    machine,
    durationS: 0,
    matmulN: mode.matmulN,
    samples: mode.samples,
    generations: mode.generations,
    peers: {},
    workloads: {},
    memory: {},
  };
  // Fresh workers for every workload and generation; a peer that fails to load is recorded
  // once and left out from then on.
  const spawn = async (): Promise<WorkerHandle[]> => {
    const wanted = peers.filter((p) => !(result.peers[p] && "error" in result.peers[p]!));
    const spawned = await Promise.allSettled(
      wanted.map((p) =>
        WorkerHandle.spawn(p, {
          execArgv: p === profiled ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
          from,
        }),
      ),
    );
    const workers: WorkerHandle[] = [];
    spawned.forEach((s, i) => {
      const p = wanted[i]!;
      if (s.status === "fulfilled") {
        workers.push(s.value);
        result.peers[p] = s.value.ready;
      } else {
        result.peers[p] = { error: s.reason instanceof Error ? s.reason.message : String(s.reason) };
        process.stderr.write(`peer ${p} could not start: ${result.peers[p]!.error}\n`);
      }
    });
    return workers;
  };
  for (const w of workloads) {
    if (only && !only.includes(w.id)) continue;
    process.stderr.write(`${w.id}: ${w.title}\n`);
    result.workloads[w.id] = await benchWorkload(w, spawn, mode);
  }
  if (flag("no-memory") === undefined) {
    process.stderr.write("memory\n");
    const b = workloads.find((w) => w.id === "B")!;
    const c = workloads.find((w) => w.id === "C")!;
    // Quick mode measures tapegrad only, to stay well inside CI's budget.
    const alive = peers.filter(
      (p) => !(result.peers[p] && "error" in result.peers[p]!) && (mode.name === "full" || p === "tapegrad"),
    );
    Object.assign(result.memory, await memoryPhase(alive, b, c, mode, from));
  }
  const done: RunResult = { ...result, durationS: (performance.now() - t0) / 1000 };
  const out = flag("out") ?? here(mode.name === "quick" ? "../results/RESULTS-quick.md" : "../RESULTS.md");
  mkdirSync(here("../results"), { recursive: true });
  writeFileSync(out, renderReport(done));
  writeFileSync(here(`../results/${mode.name}.json`), `${JSON.stringify(done, null, 1)}\n`);
  process.stderr.write(`wrote ${out} in ${done.durationS.toFixed(0)} s\n`);
};

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
