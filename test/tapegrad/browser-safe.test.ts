import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = join(dirname(fileURLToPath(import.meta.url)), "../../packages/tapegrad/src");
const files = (readdirSync(src, { recursive: true }) as string[])
  .filter((f) => f.endsWith(".ts"))
  .map((f) => join(src, f));

describe("tapegrad stays browser-safe", () => {
  it("no module imports a Node built-in statically; only file.ts names one, imported lazily by save/load", () => {
    const offenders: string[] = [];
    const dynamic: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      if (
        /^\s*(import|export)\b[^;]*\bfrom\s*["'](node:|fs|path|os|zlib)/m.test(text) ||
        /\brequire\(/.test(text)
      ) {
        offenders.push(relative(src, f));
      }
      if (/["']node:/.test(text)) dynamic.push(relative(src, f));
    }
    expect(offenders).toEqual([]);
    expect(dynamic).toEqual(["file.ts"]);
  });

  it("reads `process` only through globalThis, guarded", () => {
    for (const f of files) {
      const text = readFileSync(f, "utf8").replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, "");
      const bare = text.match(/(?<![.\w])process\./g);
      expect(bare, relative(src, f)).toBeNull();
    }
  });
});
