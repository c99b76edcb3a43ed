import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as autograd from "@tapegrad/autograd";
import * as gradcheck from "@tapegrad/gradcheck";
import * as layers from "@tapegrad/layers";
import * as losses from "@tapegrad/losses";
import * as optim from "@tapegrad/optim";
import * as umbrella from "tapegrad";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const packages: Record<string, Record<string, unknown>> = { autograd, gradcheck, layers, losses, optim };
const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

// Where each export name comes from; a name from two places is a clash that `export *` would
// silently drop from the umbrella.
const owners = (exportsOf: Record<string, readonly string[]>): Map<string, string[]> => {
  const m = new Map<string, string[]>();
  for (const [pkg, names] of Object.entries(exportsOf))
    for (const name of names) m.set(name, [...(m.get(name) ?? []), pkg]);
  return m;
};

const clashes = (m: Map<string, string[]>): string[] =>
  [...m].filter(([, pkgs]) => pkgs.length > 1).map(([name, pkgs]) => `${name} (${pkgs.join(", ")})`);

describe("the umbrella package", () => {
  it("no value export name appears in two packages (or in a package and the umbrella's own API)", () => {
    const own = Object.keys(umbrella).filter((k) => !Object.values(packages).some((p) => k in p));
    const m = owners({
      ...Object.fromEntries(Object.entries(packages).map(([k, v]) => [k, Object.keys(v)])),
      tapegrad: own,
    });
    expect(clashes(m)).toEqual([]);
  });

  it("re-exports every value of every package, as the same object", () => {
    const missing: string[] = [];
    for (const [pkg, ns] of Object.entries(packages)) {
      for (const [name, value] of Object.entries(ns)) {
        if ((umbrella as Record<string, unknown>)[name] !== value) missing.push(`${pkg}.${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("no export name, types included, appears in two packages, and the umbrella has them all", () => {
    const files = [...Object.keys(packages), "tapegrad"].map((p) =>
      join(root, "packages", p, "src/index.ts"),
    );
    const config = ts.readConfigFile(join(root, "tsconfig.base.json"), ts.sys.readFile).config;
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
    const program = ts.createProgram(files, { ...options, noEmit: true, skipLibCheck: true, types: [] });
    const checker = program.getTypeChecker();
    const namesOf = (file: string): string[] => {
      const symbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
      return checker.getExportsOfModule(symbol).map((s) => s.getName());
    };
    const [umbrellaFile] = files.slice(-1);
    const all = Object.fromEntries(Object.keys(packages).map((p, i) => [p, namesOf(files[i]!)]));
    const umbrellaNames = new Set(namesOf(umbrellaFile!));
    const own = [...umbrellaNames].filter((n) => !Object.values(all).some((names) => names.includes(n)));
    expect(clashes(owners({ ...all, tapegrad: own }))).toEqual([]);
    const missing = Object.entries(all).flatMap(([p, names]) =>
      names.filter((n) => !umbrellaNames.has(n)).map((n) => `${p}.${n}`),
    );
    expect(missing).toEqual([]);
  }, 30_000);

  it("keeps metrics under one name so they do not clash with the losses", () => {
    expect(umbrella.mse).toBe(losses.mse);
    expect(typeof umbrella.metrics.mse).toBe("function");
    expect(umbrella.metrics.mse).not.toBe(losses.mse);
  });
});
