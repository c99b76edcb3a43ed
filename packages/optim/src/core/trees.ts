import { isTensor, type Tensor, type Tree, type TreeDef, tree, zerosLike } from "@tapegrad/autograd";
import { fmtShape, optimError } from "./errors";

/** The path of every leaf of a structure, in `tree.flatten` order: `kernel`, `layers[0].bias`, `(root)`. */
export const leafPaths = (def: TreeDef): string[] => tree.paths(def).map((p) => (p === "" ? "(root)" : p));

/** Flattens a tree, turning a malformed one into an error naming `owner` and `what` it is. */
export const flattenTree = (owner: string, what: string, t: unknown): [Tensor[], TreeDef] => {
  if (t === undefined || t === null) throw optimError(owner, `${what} must be a tree of tensors, got ${t}`);
  try {
    return tree.flatten(t as Tree);
  } catch (e) {
    throw optimError(owner, `${what} is not a tree of tensors (${(e as Error).message})`);
  }
};

/** What `matchGradients` checks and how its messages name the trees. */
export interface MatchOptions {
  /** What the first tree is called in messages; default `gradient`. */
  readonly subject?: string;
  /** Whether leaf dtypes must agree too; default true. */
  readonly dtypes?: boolean;
}

// matchGradients' check of an already flattened gradient tree; returns the reference's leaves.
const matchFlat = (
  owner: string,
  gl: readonly Tensor[],
  gdef: TreeDef,
  reference: unknown,
  whose: string,
  subject: string,
  dtypes: boolean,
): Tensor[] => {
  const [rl, rdef] = flattenTree(owner, `${whose} tree`, reference);
  if (!tree.defEqual(gdef, rdef)) {
    throw optimError(
      owner,
      `${subject} tree structure ${tree.describe(gdef)} differs from ${whose} ${tree.describe(rdef)}`,
    );
  }
  for (let i = 0; i < gl.length; i++) {
    const g = gl[i]!;
    const r = rl[i]!;
    const sameShape = g.shape.length === r.shape.length && g.shape.every((d, k) => d === r.shape[k]);
    if (!sameShape || (dtypes && g.dtype !== r.dtype)) {
      const path = leafPaths(gdef)[i];
      const what = sameShape ? `dtype ${g.dtype}` : `shape ${fmtShape(g.shape)}`;
      const want = sameShape ? r.dtype : fmtShape(r.shape);
      throw optimError(owner, `${subject} at ${path} has ${what}, but ${whose} leaf has ${want}`);
    }
  }
  return rl;
};

/**
 * Flattens the gradient tree and checks it against a reference tree (the parameters, or a
 * per-parameter part of the state): same structure, and leaf by leaf the same shape and dtype.
 * `whose` names the reference in messages, e.g. `the state's` or `the parameters'`.
 *
 * @example
 * const [g, ref, def] = matchGradients("adam.update", grads, state.mu, "the state's")
 */
export const matchGradients = (
  owner: string,
  grads: unknown,
  reference: unknown,
  whose: string,
  { subject = "gradient", dtypes = true }: MatchOptions = {},
): [Tensor[], Tensor[], TreeDef] => {
  const [gl, gdef] = flattenTree(owner, `the ${subject} tree`, grads);
  return [gl, matchFlat(owner, gl, gdef, reference, whose, subject, dtypes), gdef];
};

/** Checks that every parameter is a float tensor (an optimizer cannot step int32 parameters). */
export const checkParams = (owner: string, params: unknown): [Tensor[], TreeDef] => {
  const [leaves, def] = flattenTree(owner, "params", params);
  const bad = leaves.findIndex((p) => !isTensor(p) || p.dtype === "int32");
  if (bad >= 0) {
    throw optimError(
      owner,
      `parameter at ${leafPaths(def)[bad]} has dtype int32; optimizers step float32 or float64 parameters`,
    );
  }
  return [leaves, def];
};

/** Reads a named part of a state, with a clear error when the state is not the expected one. */
export const stateField = (owner: string, state: unknown, name: string): unknown => {
  if (typeof state !== "object" || state === null || !(name in state)) {
    const got =
      state === null || typeof state !== "object" ? String(state) : `{${Object.keys(state).join(", ")}}`;
    throw optimError(
      owner,
      `state must have '${name}' (pass the state that init or update returned), got ${got}`,
    );
  }
  return (state as Record<string, unknown>)[name];
};

/**
 * The gradient leaves and, for each named per-parameter tree of the state, its leaves, all
 * checked against each other (structure, shapes, dtypes) with errors naming `owner`. The
 * gradient tree is flattened once, however many trees the state has.
 *
 * @example
 * const { g, s, def } = perParameter("adam.update", grads, state, ["mu", "nu"])
 */
export const perParameter = <K extends string>(
  owner: string,
  grads: unknown,
  state: unknown,
  names: readonly K[],
): { readonly def: TreeDef; readonly g: Tensor[]; readonly s: Record<K, Tensor[]> } => {
  let flat: [Tensor[], TreeDef] | undefined;
  const s = {} as Record<K, Tensor[]>;
  for (const name of names) {
    // the state's field is read before the gradient tree is flattened (as matchGradients' arguments are)
    const reference = stateField(owner, state, name);
    flat ??= flattenTree(owner, "the gradient tree", grads);
    s[name] = matchFlat(owner, flat[0], flat[1], reference, "the state's", "gradient", true);
  }
  const [g, def] = flat ?? flattenTree(owner, "the gradient tree", grads);
  return { def, g, s };
};

/**
 * A tree of zeros shaped like the (checked) parameters: the initial moment, velocity or
 * accumulator of most transformations.
 *
 * @example
 * const mu = zerosLikeParams("adam.init", params)
 */
export const zerosLikeParams = (owner: string, params: unknown): Tree => {
  const [leaves, def] = checkParams(owner, params);
  return tree.unflatten(def, leaves.map(zerosLike));
};
