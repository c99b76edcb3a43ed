import { type Tree, tree } from "@tapegrad/autograd";

/**
 * The path of every leaf of a tree, in `tree.flatten` order (arrays by index, records by sorted
 * key), rooted at `root`: `inputs`, `inputs[1]`, `inputs.w`, `inputs.layers[0].bias`.
 *
 * @example
 * leafPaths({ w: x, b: [y] }) // ["inputs.b[0]", "inputs.w"]
 */
export const leafPaths = (t: Tree, root = "inputs"): string[] => tree.paths(tree.flatten(t)[1], root);

/** Row-major multi-index of a flat index. @example unravel(5, [2, 3]) // [1, 2] */
export const unravel = (flat: number, shape: readonly number[]): number[] => {
  const idx = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    const d = shape[a]!;
    idx[a] = flat % d;
    flat = Math.floor(flat / d);
  }
  return idx;
};
