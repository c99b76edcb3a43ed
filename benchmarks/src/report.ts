/** Renders a run as RESULTS.md. */
import { type WorkloadId, type WorkloadInfo, workloadsFor } from "./config";
import { goals, judge } from "./goals";
import { type PeerName, peerNames } from "./peers/types";
import type { Ready } from "./protocol";
import type { RunResult } from "./results";

/** The issue's measurements on this machine class, for comparison (medians, one thread). */
const issueReference: Partial<Record<WorkloadId, Partial<Record<PeerName, number>>>> = {
  A: { "tfjs-cpu": 0.8, "tfjs-wasm": 26, "jax-js": 20, "plain-js": 0.9 },
  B: { "tfjs-cpu": 1500, "tfjs-wasm": 1400, "jax-js": 2800, "plain-js": 20000 },
  C: { "tfjs-cpu": 3.6, "tfjs-wasm": 19, "jax-js": 104, "plain-js": 6 },
  D: { "tfjs-cpu": 790, "tfjs-wasm": 56, "jax-js": 66, "plain-js": 570 },
};

const fmt = (x: number | undefined): string => {
  if (x === undefined || Number.isNaN(x)) return "—";
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString("en-US");
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(2);
};

const mib = (bytes: number | undefined): string =>
  bytes === undefined ? "—" : `${(bytes / 2 ** 20).toFixed(1)} MiB`;

const median = (r: RunResult, w: WorkloadId, p: PeerName): number | undefined =>
  r.workloads[w]?.[p]?.summary?.median;

/** How many times faster tapegrad is than `peer` (for latency: peer time / tapegrad time). */
const speedup = (
  info: WorkloadInfo,
  tg: number | undefined,
  peer: number | undefined,
): number | undefined => {
  if (tg === undefined || peer === undefined) return undefined;
  return info.unit === "µs/call" ? peer / tg : tg / peer;
};

const goalsSection = (r: RunResult): string[] => {
  const lines = [
    "## Goals",
    "",
    ...(r.mode === "quick"
      ? ["_Quick mode: small samples and a 256×256 matmul, so these verdicts are indicative only._", ""]
      : []),
    "| goal | verdict | tapegrad | peer | ratio |",
    "| --- | --- | --- | --- | --- |",
  ];
  const units = Object.fromEntries(workloadsFor(r.matmulN).map((w) => [w.id, w.unit]));
  for (const g of goals) {
    const tg = median(r, g.workload, g.subject ?? "tapegrad");
    const peer = g.peer ? median(r, g.workload, g.peer) : undefined;
    const [verdict, ratio] = judge(g, tg, peer);
    const unit = units[g.workload];
    const ratioText = g.peer && ratio !== undefined ? `${fmt(ratio)}×` : "—";
    const mark = verdict === "met" ? "**met**" : verdict === "not met" ? "**not met**" : verdict;
    lines.push(
      `| ${g.text} | ${mark} | ${fmt(tg)} ${unit} | ${g.peer ? `${g.peer}: ${fmt(peer)} ${unit}` : "—"} | ${ratioText} |`,
    );
  }
  return lines;
};

const workloadSection = (r: RunResult, info: WorkloadInfo): string[] => {
  const rows = r.workloads[info.id];
  if (!rows) return [];
  const tg = median(r, info.id, "tapegrad");
  const better = info.unit === "µs/call" ? "lower is better" : "higher is better";
  const lines = [
    `### ${info.id}: ${info.title}`,
    "",
    `${info.unit}, ${better}. "tapegrad ×" is how many times faster tapegrad is than that peer.`,
    "",
    `| peer | median | per-process medians | min–max | samples (calls each) | tapegrad × | agrees with plain-js (max rel. diff first / last) | issue's number |`,
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  const notRun = (p: PeerName): boolean => rows[p]?.skipped?.startsWith("unsupported") === true;
  for (const p of peerNames) {
    const x = rows[p];
    if (!x || notRun(p)) continue;
    const ref = issueReference[info.id]?.[p];
    const diff = x.verifyDiff
      ? `${x.verifyDiff.first.toExponential(1)} / ${x.verifyDiff.last.toExponential(1)}`
      : "—";
    if (!x.summary) {
      lines.push(`| ${p} | — | — | — | — | — | ${diff} | ${fmt(ref)} |`);
      continue;
    }
    const s = x.summary;
    const gens = (x.generations ?? []).map((g) => fmt(g.median)).join(", ");
    const calls = (x.callsPerSample ?? []).join(", ");
    const sp = speedup(info, tg, s.median);
    const ratio = p === "tapegrad" || sp === undefined ? "—" : `${fmt(sp)}×`;
    lines.push(
      `| ${p} | ${fmt(s.median)} | ${gens} | ${fmt(s.min)}–${fmt(s.max)} | ${s.n} (${calls}) | ${ratio} | ${diff} | ${fmt(ref)} |`,
    );
  }
  const skipped = peerNames.filter((p) => rows[p]?.skipped);
  if (skipped.length > 0) {
    lines.push(
      "",
      ...skipped.map((p) => `- ${p}: ${notRun(p) ? "not run, " : "**failed**: "}${rows[p]!.skipped}`),
    );
  }
  return [...lines, ""];
};

const memorySection = (r: RunResult): string[] => {
  const lines = [
    "## Memory",
    "",
    "Each peer in a fresh process. B: 1,000 steps, then more warm-up until V8's young generation (new space)",
    "has kept its size for a while (V8 enlarges it in steps as surviving bytes add up: a one-time adaptation",
    "to the allocation rate, not retained data); then resident set size (RSS) and V8 heap in use after a GC,",
    'then after all the measured steps and a GC (growth = end over start). "from step 1,000" counts the rest',
    "of the warm-up too. C: the process's peak RSS while it builds and trains C, and its RSS just before.",
    "",
    "| peer | B warm-up steps (new space) | B steps | B steps/s | B RSS start → end | B RSS growth | from step 1,000 | B heap start → end | C peak RSS | RSS before C |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  const verdicts: string[] = [];
  for (const p of peerNames) {
    const m = r.memory[p];
    if (!m) continue;
    if (m.error) {
      lines.push(`| ${p} | failed: ${m.error.split("\n")[0]} | | | | | | | | |`);
      continue;
    }
    const b = m.b!;
    const r0 = b.rss[0]!;
    const r1 = b.rss[b.rss.length - 1]!;
    const pct = (100 * (r1 - r0)) / r0;
    const growth = `${pct.toFixed(1)}%`;
    const early =
      b.rssAt1000 === undefined ? "—" : `${((100 * (r1 - b.rssAt1000)) / b.rssAt1000).toFixed(1)}%`;
    const ns =
      b.newSpace === undefined
        ? ""
        : ` (${mib(b.newSpace[0])}${b.newSpace[1] !== b.newSpace[0] ? ` → ${mib(b.newSpace[1])}` : ""})`;
    const heap = `${mib(b.heapUsed[0])} → ${mib(b.heapUsed[b.heapUsed.length - 1])}`;
    lines.push(
      `| ${p} | ${(b.warmup ?? 1000).toLocaleString("en-US")}${ns} | ${b.steps.toLocaleString("en-US")} | ${fmt(b.steps / (b.ms / 1000))} | ${mib(r0)} → ${mib(r1)} | ${growth} | ${early} | ${heap} | ${mib(m.c?.maxRss)} | ${mib(m.c?.baselineRss)} |`,
    );
    if (p === "tapegrad" && b.steps >= 100_000) {
      verdicts.push(
        `Goal "resident memory flat (within 10%) over 100,000 steps of B": **${Math.abs(pct) <= 10 ? "met" : "not met"}** (${growth} after the warm-up; ${early} counted from step 1,000).`,
      );
    }
  }
  return [...lines, "", ...(verdicts.length ? [...verdicts, ""] : [])];
};

const peersSection = (r: RunResult): string[] => {
  const lines = ["## Peers", "", "| peer | versions | configuration |", "| --- | --- | --- |"];
  for (const p of peerNames) {
    const info = r.peers[p];
    if (!info) continue;
    if ("error" in info) {
      lines.push(`| ${p} | — | **could not run in Node here:** ${info.error.split("\n")[0]} |`);
      continue;
    }
    const ready = info as Ready;
    const versions = Object.entries(ready.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
    lines.push(`| ${p} | ${versions} | ${ready.notes.join("; ")} |`);
  }
  return [...lines, ""];
};

export const renderReport = (r: RunResult): string => {
  const m = r.machine;
  const command = r.mode === "quick" ? "pnpm --filter @tapegrad/benchmarks run bench:quick" : "pnpm bench";
  return [
    `# Benchmark results (${r.mode} run)`,
    "",
    `Generated by \`${command}\` — see [README.md](${r.mode === "quick" ? "../README.md" : "README.md"}) for what each workload is.`,
    "",
    `- Date: ${m.date}`,
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}`,
    `- Node ${m.node}; tapegrad commit ${m.commit}`,
    `- Load average at start: ${m.loadAverage.join(", ")}; run took ${r.durationS.toFixed(0)} s`,
    `- One worker process per peer and workload, one thread each (tapegrad-threads: tapegrad's default worker threads), after warm-up; ${r.generations} process generation(s) × ${r.samples} interleaved samples;`,
    "  the median reported is the best process's median (wasm peers vary by up to 3× between processes: see README).",
    "",
    ...goalsSection(r),
    "",
    "## Throughput and latency",
    "",
    ...workloadsFor(r.matmulN).flatMap((w) => workloadSection(r, w)),
    ...memorySection(r),
    ...peersSection(r),
  ].join("\n");
};
