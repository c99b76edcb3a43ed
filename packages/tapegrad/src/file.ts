import type { Tree } from "@tapegrad/autograd";
import { either as E } from "fp-ts";
import { fromSafetensorsE } from "./safetensors/decode";
import { type SafetensorsWriteOptions, toSafetensors } from "./safetensors/encode";
import { SafetensorsError } from "./safetensors/errors";

// node:fs is imported lazily, only by save/load, so that the rest of the package stays
// browser-safe. The specifier is a variable so that browser bundlers (webpack, Vite, esbuild)
// leave this import alone instead of failing to resolve a Node built-in.
const fsModule = "node:fs/promises";
const fs = (): Promise<typeof import("node:fs/promises")> =>
  import(/* webpackIgnore: true */ /* @vite-ignore */ fsModule);

/**
 * Writes a tree (parameters, optimizer state, or both) to a safetensors file. Node only.
 *
 * @example
 * await save("model.safetensors", { params, optState });
 */
export const save = async (path: string, tree: Tree, opts: SafetensorsWriteOptions = {}): Promise<void> => {
  const bytes = toSafetensors(tree, opts);
  const { writeFile } = await fs();
  await writeFile(path, bytes);
};

/**
 * The checked form of `load`: resolves to `Right(tree)`, or `Left(SafetensorsError)` when the file
 * cannot be read (reason `"io"`) or is malformed. Never rejects. Node only.
 *
 * @example
 * const r = await loadE("model.safetensors");
 * if (E.isLeft(r)) console.error(r.left.message);
 */
export const loadE = async (path: string): Promise<E.Either<SafetensorsError, Tree>> => {
  let bytes: Uint8Array;
  try {
    const { readFile } = await fs();
    bytes = await readFile(path);
  } catch (e) {
    return E.left(new SafetensorsError("io", `cannot read ${path}: ${(e as Error).message}`));
  }
  return fromSafetensorsE(bytes);
};

/**
 * Reads a safetensors file written by `save` (the same tree back) or by PyTorch / Hugging Face
 * (a flat record name → tensor). Rejects with a `SafetensorsError` on a malformed file. Node only.
 *
 * @example
 * const { params } = await load<{ params: Tree }>("model.safetensors");
 */
export const load = async <T extends Tree = Tree>(path: string): Promise<T> => {
  const r = await loadE(path);
  if (E.isLeft(r)) throw r.left;
  return r.right as T;
};
