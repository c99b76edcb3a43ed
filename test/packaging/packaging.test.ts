/**
 * Every publishable package, built and packed as npm would publish it, installs on its own into
 * a scratch project outside the repo (npm, with only its own tarball and those of the
 * `@tapegrad/*` packages it depends on), then imports from ESM, requires from CJS, and
 * type-checks from NodeNext consumers (.mts and .cts).
 * Set TAPEGRAD_PACKAGING_SKIP_BUILD=1 to reuse existing dist/ folders.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "./exec";
import { type Publishable, publishable, workspaceDeps } from "./packages";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const tsc = path.join(repo, "node_modules/typescript/bin/tsc");
const node = process.execPath;
const scratch = mkdtempSync(path.join(os.tmpdir(), "tapegrad-packaging-"));
const tarballs = new Map<string, string>();

const manifests = new Map<string, Record<string, string>>(
  publishable.map((p) => {
    const pkg = JSON.parse(readFileSync(path.join(repo, "packages", p.dir, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    return [p.name, pkg.dependencies ?? {}];
  }),
);

beforeAll(() => {
  if (process.env.TAPEGRAD_PACKAGING_SKIP_BUILD !== "1") run("pnpm", ["build"], { cwd: repo });
  const dest = path.join(scratch, "tarballs");
  mkdirSync(dest);
  for (const p of publishable) {
    const before = new Set(readdirSync(dest));
    run("pnpm", ["--filter", p.name, "pack", "--pack-destination", dest], { cwd: repo });
    const made = readdirSync(dest).filter((f) => !before.has(f) && f.endsWith(".tgz"));
    if (made.length !== 1) throw new Error(`pack of ${p.name} made ${made.join(", ") || "no tarball"}`);
    tarballs.set(p.name, path.join(dest, made[0]!));
  }
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** Installs `p` and its workspace dependencies (as tarballs) with npm into a fresh project. */
const installAlone = (p: Publishable): string => {
  const dir = path.join(scratch, `consumer-${p.dir}`);
  mkdirSync(dir);
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: `consumer-${p.dir}`, private: true }));
  const files = [p.name, ...workspaceDeps(p.name, manifests)].map((n) => tarballs.get(n)!);
  run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...files], { cwd: dir });
  return dir;
};

const listTarball = (file: string): string[] =>
  run("tar", ["-tzf", file], { cwd: scratch }).trim().split("\n");

const checkScript = (p: Publishable, load: string): string => `
${load}
const missing = ${JSON.stringify(p.functions)}.filter((n) => typeof m[n] !== "function");
if (missing.length > 0) throw new Error("${p.name} lacks " + missing.join(", "));
console.log(Object.keys(m).length);
`;

describe.each(publishable)("$name", (p) => {
  let dir = "";
  beforeAll(() => {
    dir = installAlone(p);
  });

  it("packs only dist/, package.json and docs", () => {
    const files = listTarball(tarballs.get(p.name)!);
    expect(files).toContain("package/package.json");
    expect(files).toContain("package/dist/index.js");
    expect(files).toContain("package/dist/index.cjs");
    expect(files).toContain("package/dist/index.d.ts");
    expect(files).toContain("package/dist/index.d.cts");
    const stray = files.filter((f) => !/^package\/(dist\/|package\.json$|README|LICENSE|CHANGELOG)/i.test(f));
    expect(stray).toEqual([]);
  });

  it("installs alone: only its own @tapegrad packages are present, workspace: ranges rewritten", () => {
    const expected = [p.name, ...workspaceDeps(p.name, manifests)].filter((n) => n.startsWith("@tapegrad/"));
    const scoped = path.join(dir, "node_modules/@tapegrad");
    const present = readdirSync(scoped).map((n) => `@tapegrad/${n}`);
    expect(present.sort()).toEqual(expected.sort());
    const installed = JSON.parse(
      readFileSync(path.join(dir, "node_modules", p.name, "package.json"), "utf8"),
    ) as {
      dependencies?: Record<string, string>;
    };
    expect(JSON.stringify(installed.dependencies ?? {})).not.toContain("workspace:");
  });

  it("imports from ESM", () => {
    const out = run(node, ["--input-type=module", "-e", checkScript(p, `import * as m from "${p.name}";`)], {
      cwd: dir,
    });
    expect(Number(out.trim())).toBeGreaterThan(0);
  });

  it("requires from CJS", () => {
    const out = run(
      node,
      ["--input-type=commonjs", "-e", checkScript(p, `const m = require("${p.name}");`)],
      {
        cwd: dir,
      },
    );
    expect(Number(out.trim())).toBeGreaterThan(0);
  });

  it("type-checks from NodeNext consumers (.mts and .cts)", () => {
    const imports = `import { ${p.consumer.names.join(", ")} } from "${p.name}";`;
    writeFileSync(path.join(dir, "consumer.mts"), `${imports}\n${p.consumer.body}`);
    writeFileSync(path.join(dir, "consumer.cts"), `${imports}\n${p.consumer.body}`);
    run(
      node,
      [
        tsc,
        "--module",
        "nodenext",
        "--moduleResolution",
        "nodenext",
        "--target",
        "es2022",
        "--strict",
        "--noEmit",
        "consumer.mts",
        "consumer.cts",
      ],
      { cwd: dir },
    );
  });
});

// The autograd package works, not just loads: d(Σx²)/dx = 2x, from both module systems.
describe("behaviour after install", () => {
  it("computes a gradient through the installed @tapegrad/autograd (ESM and CJS)", () => {
    const dir = path.join(scratch, "consumer-autograd");
    const body = `const g = m.grad((x) => m.sum(m.mul(x, x)))(m.tensor([1, -2, 3]));
console.log(JSON.stringify(g.toArray()));`;
    const esm = run(
      node,
      ["--input-type=module", "-e", `import * as m from "@tapegrad/autograd";\n${body}`],
      {
        cwd: dir,
      },
    );
    const cjs = run(
      node,
      ["--input-type=commonjs", "-e", `const m = require("@tapegrad/autograd");\n${body}`],
      {
        cwd: dir,
      },
    );
    expect(JSON.parse(esm)).toEqual([2, -4, 6]);
    expect(JSON.parse(cjs)).toEqual([2, -4, 6]);
  });
});
