import { isTensor, type Tensor, type Tree } from "@tapegrad/autograd";
import { SafetensorsError } from "./errors";

/**
 * The structure of a tree with every leaf replaced by its tensor's name in the file: a string for
 * a leaf, an array, or a record. Stored as JSON in `__metadata__["tapegrad.tree"]`.
 */
export type TreeLayout = string | readonly TreeLayout[] | { readonly [key: string]: TreeLayout };

/** The metadata key that holds the tree layout. */
export const treeLayoutKey = "tapegrad.tree";

// NOTE: a tree deeper than this is refused, on writing and on reading: it cannot be a real
// model, and a hostile layout must not exhaust the stack.
const maxDepth = 256;

/** The name of the root tensor when the whole tree is one tensor. */
export const rootName = "tensor";

/**
 * Names every leaf by its path, segments joined by "." (`params.0.kernel`), in flatten order
 * (arrays by index, records by sorted key). Throws when two paths give the same name.
 */
export const nameLeaves = (tree: Tree): { named: [string, Tensor][]; layout: TreeLayout } => {
  const named: [string, Tensor][] = [];
  const seen = new Set<string>();
  const visit = (t: Tree, path: string, depth: number): TreeLayout => {
    if (depth > maxDepth) throw new SafetensorsError("tree", `the tree is nested deeper than ${maxDepth}`);
    if (isTensor(t)) {
      const name = path === "" ? rootName : path;
      if (seen.has(name) || name === "__metadata__") {
        throw new SafetensorsError(
          "tree",
          name === "__metadata__"
            ? `a leaf may not be named "__metadata__" (reserved by the format)`
            : `two leaves would both be named "${name}" (a record key contains "."); rename one`,
        );
      }
      seen.add(name);
      named.push([name, t]);
      return name;
    }
    const join = (k: string) => (path === "" ? k : `${path}.${k}`);
    if (Array.isArray(t)) return t.map((c, i) => visit(c, join(String(i)), depth + 1));
    if (typeof t === "object" && t !== null) {
      const rec = t as { readonly [key: string]: Tree };
      const out: { [key: string]: TreeLayout } = {};
      for (const k of Object.keys(rec).sort()) out[k] = visit(rec[k]!, join(k), depth + 1);
      return out;
    }
    throw new SafetensorsError(
      "tree",
      `expected a tensor, an array or a record at ${path || "the root"}, got ${t === null ? "null" : typeof t}`,
    );
  };
  const layout = visit(tree, "", 0);
  return { named, layout };
};

/**
 * Rebuilds a tree from a layout read from a file: every name must be a tensor of the file and
 * every tensor must be used exactly once. Returns the tree or a SafetensorsError.
 */
export const buildTree = (layout: unknown, tensors: ReadonlyMap<string, Tensor>): Tree | SafetensorsError => {
  const used = new Set<string>();
  const fail = (msg: string) => new SafetensorsError("metadata", `tree layout: ${msg}`);
  const visit = (l: unknown, depth: number): Tree => {
    if (depth > maxDepth) throw fail(`nested deeper than ${maxDepth}`);
    if (typeof l === "string") {
      const t = tensors.get(l);
      if (t === undefined) throw fail(`names tensor "${l}", which the file does not hold`);
      if (used.has(l)) throw fail(`uses tensor "${l}" twice`);
      used.add(l);
      return t;
    }
    if (Array.isArray(l)) return l.map((c) => visit(c, depth + 1));
    if (typeof l === "object" && l !== null) {
      const out: { [key: string]: Tree } = {};
      for (const [k, c] of Object.entries(l)) defineKey(out, k, visit(c, depth + 1));
      return out;
    }
    throw fail(`expected a name, an array or a record, got ${l === null ? "null" : typeof l}`);
  };
  try {
    const tree = visit(layout, 0);
    for (const name of tensors.keys()) if (!used.has(name)) return fail(`does not use tensor "${name}"`);
    return tree;
  } catch (e) {
    if (e instanceof SafetensorsError) return e;
    throw e;
  }
};

/** Sets an own enumerable property, even for keys like "__proto__" that plain assignment treats specially. */
export const defineKey = <V>(obj: { [key: string]: V }, key: string, value: V): void => {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
};
