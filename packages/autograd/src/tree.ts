import { TensorError } from "./errors";
import { Tensor } from "./tensor";

/**
 * A tree of tensors: a tensor, an array of trees, or a record of trees. Parameters, gradients
 * and optimizer states are trees, so `grad` and the optimizers take them directly.
 */
export type Tree = Tensor | readonly Tree[] | { readonly [key: string]: Tree };

/** The structure of a tree without its leaves, as `flatten` returns it. */
export type TreeDef =
  | { readonly kind: "leaf" }
  | { readonly kind: "array"; readonly children: readonly TreeDef[] }
  | { readonly kind: "record"; readonly keys: readonly string[]; readonly children: readonly TreeDef[] };

const isRecord = (t: unknown): t is { readonly [key: string]: Tree } =>
  typeof t === "object" && t !== null && !Array.isArray(t) && !(t instanceof Tensor);

// NOTE: record keys are visited in sorted order (as JAX does), so two records with the same
// keys flatten alike whatever order their keys were written in.
const keysOf = (t: { readonly [key: string]: Tree }): string[] => {
  const keys = Object.keys(t);
  // records built by unflatten (gradients, optimizer states) are in order already: skip the sort
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return keys.sort();
  return keys;
};

/**
 * The leaves of a tree in a fixed order (arrays in index order, records by sorted key), and its
 * structure. (Recursion goes only as deep as the nesting of the tree, never the graph.)
 *
 * @example
 * const [leaves, def] = flatten({ w: ones([2]), b: zeros([1]) }) // leaves: [b, w]
 */
export const flatten = (tree: Tree): [Tensor[], TreeDef] => {
  const leaves: Tensor[] = [];
  const def = build(tree, leaves);
  if (def === null) {
    const [path, t] = firstBad(tree, "");
    const got = t === null ? "null" : typeof t;
    throw new TensorError(
      "tree",
      `expected a tensor, an array or a record at ${path || "the root"}, got ${got}`,
    );
  }
  return [leaves, def];
};

const LEAF: TreeDef = Object.freeze({ kind: "leaf" });

// The hot path of every step (grad, optimizers, applyUpdates): plain loops, no path strings.
const build = (t: Tree, leaves: Tensor[]): TreeDef | null => {
  if (t instanceof Tensor) {
    leaves.push(t);
    return LEAF;
  }
  if (Array.isArray(t)) {
    const children = new Array<TreeDef>(t.length);
    for (let i = 0; i < t.length; i++) {
      const c = build(t[i]!, leaves);
      if (c === null) return null;
      children[i] = c;
    }
    return { kind: "array", children };
  }
  if (isRecord(t)) {
    const keys = keysOf(t);
    const children = new Array<TreeDef>(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const c = build(t[keys[i]!]!, leaves);
      if (c === null) return null;
      children[i] = c;
    }
    return { kind: "record", keys, children };
  }
  return null;
};

// Only for the error message: where the first thing that is not a tree sits.
const firstBad = (t: unknown, path: string): [string, unknown] => {
  if (t instanceof Tensor) return ["", undefined];
  if (Array.isArray(t)) {
    for (let i = 0; i < t.length; i++) {
      const r = firstBad(t[i], `${path}[${i}]`);
      if (r[0] !== "" || r[1] !== undefined) return r;
    }
    return ["", undefined];
  }
  if (isRecord(t)) {
    for (const k of keysOf(t)) {
      const r = firstBad(t[k], `${path}.${k}`);
      if (r[0] !== "" || r[1] !== undefined) return r;
    }
    return ["", undefined];
  }
  return [path, t];
};

/** Rebuilds a tree of structure `def` from leaves in `flatten` order. @example unflatten(def, leaves) */
export const unflatten = <T extends Tree = Tree>(def: TreeDef, leaves: readonly Tensor[]): T => {
  let i = 0;
  const build = (d: TreeDef): Tree => {
    if (d.kind === "leaf") {
      if (i >= leaves.length) throw new TensorError("tree.unflatten", `too few leaves (${leaves.length})`);
      return leaves[i++]!;
    }
    if (d.kind === "array") return d.children.map(build);
    const out: { [k: string]: Tree } = {};
    d.keys.forEach((k, j) => {
      out[k] = build(d.children[j]!);
    });
    return out;
  };
  const t = build(def);
  if (i !== leaves.length)
    throw new TensorError("tree.unflatten", `expected ${i} leaves, got ${leaves.length}`);
  return t as T;
};

/** The leaves of a tree, in `flatten` order. @example leaves(params).length */
export const leaves = (tree: Tree): Tensor[] => flatten(tree)[0];

/**
 * True when two tree definitions (from `flatten`) describe the same structure.
 * @example tree.defEqual(tree.flatten(grads)[1], tree.flatten(params)[1])
 */
export const defEqual = (a: TreeDef, b: TreeDef): boolean => {
  if (a.kind !== b.kind) return false;
  if (a.kind === "leaf") return true;
  const bc = (b as { children: readonly TreeDef[] }).children;
  if (a.children.length !== bc.length) return false;
  if (a.kind === "record") {
    const bk = (b as { keys: readonly string[] }).keys;
    if (a.keys.some((k, i) => k !== bk[i])) return false;
  }
  return a.children.every((c, i) => defEqual(c, bc[i]!));
};

/** True when two trees have the same structure (keys, lengths, nesting), whatever their leaves. */
export const structureEqual = (a: Tree, b: Tree): boolean => defEqual(flatten(a)[1], flatten(b)[1]);

/** Applies `f` to every leaf, keeping the structure. @example map(params, (p) => mul(p, 0.5)) */
export const map = <T extends Tree>(tree: T, f: (leaf: Tensor, index: number) => Tensor): T => {
  const [ls, def] = flatten(tree);
  return unflatten<T>(def, ls.map(f));
};

/**
 * Combines the leaves of trees of the same structure; throws a TensorError naming both
 * structures when they differ.
 *
 * @example
 * zipWith((p, g) => sub(p, mul(g, 0.1)), params, grads)
 */
export const zipWith = <T extends Tree>(
  f: (...leaves: Tensor[]) => Tensor,
  first: T,
  ...rest: readonly Tree[]
): T => {
  const [ls, def] = flatten(first);
  const others = rest.map((t) => {
    const [l, d] = flatten(t);
    if (!defEqual(def, d)) {
      throw new TensorError("tree.zipWith", `tree structures differ: ${describe(def)} vs ${describe(d)}`);
    }
    return l;
  });
  return unflatten<T>(
    def,
    ls.map((leaf, i) => f(leaf, ...others.map((o) => o[i]!))),
  );
};

/** A short description of a structure for error messages, e.g. `{b, w}` or `[leaf, leaf]`. */
export const describe = (d: TreeDef): string => {
  if (d.kind === "leaf") return "leaf";
  if (d.kind === "array") return `[${d.children.map(describe).join(", ")}]`;
  return `{${d.keys.map((k, i) => (d.children[i]!.kind === "leaf" ? k : `${k}: ${describe(d.children[i]!)}`)).join(", ")}}`;
};

/** Tree utilities under one name: `tree.map`, `tree.zipWith`, `tree.leaves`, … */
/**
 * The path of every leaf of a tree definition, in `flatten` order: array children by index,
 * record children by key, below `root` (default none): `w`, `layers[0].bias`; a bare leaf is `root`.
 * @example tree.paths(tree.flatten({ w: x, b: [y] })[1], "params") // ["params.b[0]", "params.w"]
 */
export const paths = (def: TreeDef, root = ""): string[] => {
  const out: string[] = [];
  const walk = (d: TreeDef, path: string): void => {
    if (d.kind === "leaf") out.push(path);
    else if (d.kind === "array")
      for (let i = 0; i < d.children.length; i++) walk(d.children[i]!, `${path}[${i}]`);
    else {
      for (let i = 0; i < d.children.length; i++)
        walk(d.children[i]!, path === "" ? d.keys[i]! : `${path}.${d.keys[i]}`);
    }
  };
  walk(def, root);
  return out;
};

export const tree = {
  map,
  zipWith,
  leaves,
  flatten,
  unflatten,
  structureEqual,
  defEqual,
  paths,
  describe,
} as const;
