import type { Tree } from "@tapegrad/autograd";
import { bytesOf, writtenDType } from "./dtypes";
import { SafetensorsError } from "./errors";
import { nameLeaves, treeLayoutKey } from "./treeLayout";

/** Options of `toSafetensors` and `save`. */
export interface SafetensorsWriteOptions {
  /** Extra string → string entries for the header's `__metadata__` (e.g. `{ format: "pt" }`). */
  readonly metadata?: Readonly<Record<string, string>>;
}

/**
 * Serializes a tree of tensors (parameters, optimizer state, anything) as safetensors bytes, the
 * format of PyTorch and Hugging Face: an 8-byte little-endian header length, a JSON header
 * `{ name: { dtype, shape, data_offsets } , __metadata__ }`, then the raw little-endian data.
 * Works in a browser (no Node built-ins).
 * NOTE: tensors are named by their tree path (`params.0.kernel`), and the tree's layout is kept
 * in `__metadata__["tapegrad.tree"]` so that `fromSafetensors` rebuilds the same tree. Data is
 * ordered by item size (largest first), then name, and the header is padded with spaces to a
 * multiple of 8 bytes, so every tensor starts aligned to its item size, as the reference writer does.
 *
 * @example
 * const bytes = toSafetensors({ params, optState });
 * const back = fromSafetensors(bytes); // same structure, same values
 */
export const toSafetensors = (tree: Tree, opts: SafetensorsWriteOptions = {}): Uint8Array => {
  const { named, layout } = nameLeaves(tree);
  const userMeta = opts.metadata ?? {};
  for (const [k, v] of Object.entries(userMeta)) {
    if (typeof v !== "string") throw new SafetensorsError("metadata", `metadata "${k}" must be a string`);
  }
  if (Object.hasOwn(userMeta, treeLayoutKey)) {
    throw new SafetensorsError("metadata", `metadata key "${treeLayoutKey}" is reserved by tapegrad`);
  }
  const order = named
    .map(([name, t]) => ({ name, t, size: t.dtype === "float64" ? 8 : 4 }))
    .sort((a, b) => b.size - a.size || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const header: Record<string, unknown> = {
    __metadata__: { ...userMeta, [treeLayoutKey]: JSON.stringify(layout) },
  };
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const { name, t } of order) {
    const bytes = bytesOf(t.dataSync());
    header[name] = {
      dtype: writtenDType[t.dtype],
      shape: t.shape.slice(),
      data_offsets: [offset, offset + bytes.length],
    };
    chunks.push(bytes);
    offset += bytes.length;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLength, true);
  view.setUint32(4, 0, true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
};
