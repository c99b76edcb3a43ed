/** Versions of installed packages, read from their package.json without importing them. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/**
 * The `version` of an installed package: resolves its entry point and walks up to the nearest
 * package.json with that name (works even when the exports map hides ./package.json).
 */
export const packageVersion = (name: string): string => {
  let dir = path.dirname(require.resolve(name));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === name) return pkg.version ?? "unknown";
    } catch {
      // no package.json here: keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return "unknown";
    dir = parent;
  }
};

/** The directory holding an installed package's file `file` (e.g. a .wasm binary). */
export const packageFileDir = (name: string, file: string): string =>
  path.dirname(require.resolve(`${name}/${file}`));
