/**
 * Summarises V8 CPU profiles (from `--cpu-prof=PEER`): the functions with the most self time.
 * Usage: tsx src/profile.ts [dir-or-file.cpuprofile] [--top=N]
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const shortUrl = (url: string): string => {
  const i = url.indexOf("/packages/");
  if (i >= 0) return url.slice(i + 1);
  const j = url.lastIndexOf("/node_modules/");
  return j >= 0 ? url.slice(j + 14) : url.replace(/^file:\/\//, "");
};

/** Self time in µs per function (name, file, line), over all given profiles. */
export const selfTimes = (profiles: readonly CpuProfile[]): Map<string, number> => {
  const out = new Map<string, number>();
  for (const p of profiles) {
    const label = new Map<number, string>();
    for (const n of p.nodes) {
      const f = n.callFrame;
      const where = f.url ? ` ${shortUrl(f.url)}:${f.lineNumber + 1}` : "";
      label.set(n.id, `${f.functionName || "(anonymous)"}${where}`);
    }
    p.samples.forEach((id, i) => {
      const key = label.get(id) ?? "?";
      if (key === "(idle)") return; // waiting for the parent's next command
      out.set(key, (out.get(key) ?? 0) + (p.timeDeltas[i] ?? 0));
    });
  }
  return out;
};

const main = (): void => {
  const arg = process.argv.slice(2).find((a) => !a.startsWith("--"));
  const top = Number(process.argv.find((a) => a.startsWith("--top="))?.split("=")[1] ?? 25);
  const target = arg ?? fileURLToPath(new URL("../results/profiles", import.meta.url));
  const files = statSync(target).isDirectory()
    ? readdirSync(target)
        .filter((f) => f.endsWith(".cpuprofile"))
        .map((f) => path.join(target, f))
    : [target];
  // Keep the worker's main thread; drop the module loader's thread (tsx hooks), which never
  // runs worker.ts.
  const profiles = files
    .map((f) => JSON.parse(readFileSync(f, "utf8")) as CpuProfile)
    .filter((p) => p.nodes.some((n) => n.callFrame.url.includes("/benchmarks/src/worker.ts")));
  const times = selfTimes(profiles);
  const total = [...times.values()].reduce((a, b) => a + b, 0);
  const rows = [...times.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  process.stdout.write(
    `${profiles.length} of ${files.length} profile(s), ${(total / 1e6).toFixed(2)} s sampled\n`,
  );
  process.stdout.write("| self % | self ms | function |\n| --- | --- | --- |\n");
  for (const [name, us] of rows) {
    process.stdout.write(
      `| ${((100 * us) / total).toFixed(1)} | ${(us / 1000).toFixed(0)} | \`${name}\` |\n`,
    );
  }
};

main();
