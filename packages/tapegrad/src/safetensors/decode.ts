import { type Tensor, type Tree, tensor } from "@tapegrad/autograd";
import { either as E, function as F } from "fp-ts";
import { decodeElements } from "./dtypes";
import { SafetensorsError } from "./errors";
import { type Header, parseHeader } from "./header";
import { buildTree, defineKey, treeLayoutKey } from "./treeLayout";

const readTensors = (bytes: Uint8Array, header: Header): E.Either<SafetensorsError, Map<string, Tensor>> => {
  const out = new Map<string, Tensor>();
  for (const e of header.entries) {
    const data = decodeElements(e.name, e.dtype, bytes.subarray(e.begin, e.end), e.count);
    if (data instanceof SafetensorsError) return E.left(data);
    out.set(e.name, tensor(data, { shape: e.shape }));
  }
  return E.right(out);
};

const assemble = (tensors: Map<string, Tensor>, header: Header): E.Either<SafetensorsError, Tree> => {
  const text = header.metadata[treeLayoutKey];
  if (text === undefined) {
    // A file from elsewhere (PyTorch, Hugging Face): a flat record name → tensor.
    const flat: { [name: string]: Tree } = {};
    for (const [name, t] of tensors) defineKey(flat, name, t);
    return E.right(flat);
  }
  let layout: unknown;
  try {
    layout = JSON.parse(text);
  } catch (e) {
    return E.left(
      new SafetensorsError("metadata", `"${treeLayoutKey}" is not JSON (${(e as Error).message})`),
    );
  }
  const tree = buildTree(layout, tensors);
  return tree instanceof SafetensorsError ? E.left(tree) : E.right(tree);
};

/**
 * The checked form of `fromSafetensors` for untrusted bytes: `Right(tree)`, or `Left` with a
 * `SafetensorsError` saying what is wrong. Never throws, never allocates more than the size of
 * `bytes` (a header of hostile size or shape is rejected before any tensor is allocated).
 * Works in a browser.
 *
 * @example
 * const r = fromSafetensorsE(await (await fetch(url)).arrayBuffer());
 * if (E.isRight(r)) use(r.right);
 */
export const fromSafetensorsE = (input: Uint8Array | ArrayBuffer): E.Either<SafetensorsError, Tree> => {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  return F.pipe(
    parseHeader(bytes),
    E.chain((header) =>
      F.pipe(
        readTensors(bytes, header),
        E.chain((tensors) => assemble(tensors, header)),
      ),
    ),
  );
};

/**
 * Reads safetensors bytes back into a tree. A file written by tapegrad gives back the tree that
 * was written (same structure, dtypes and values); any other file gives a flat record
 * `{ [name]: tensor }`. Throws a `SafetensorsError` on a malformed file (see `fromSafetensorsE`).
 * NOTE: F16 and BF16 data are read as float32, I64 as int32 (an error when out of range).
 *
 * @example
 * const { params, optState } = fromSafetensors(bytes) as { params: Tree; optState: Tree };
 */
export const fromSafetensors = <T extends Tree = Tree>(bytes: Uint8Array | ArrayBuffer): T =>
  F.pipe(
    fromSafetensorsE(bytes),
    E.getOrElse<SafetensorsError, Tree>((e) => {
      throw e;
    }),
  ) as T;
