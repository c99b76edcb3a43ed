import { mul, sum, type Tensor, type Tree, tree } from "@tapegrad/autograd";
import { type EmptyState, emptyState, type GradientTransformation } from "../core/transformation";
import { flattenTree } from "../core/trees";
import { checkChoice, checkNumber, checkOptions, NON_NEGATIVE } from "../core/validate";

/**
 * The global L2 norm of a tree: `‖g‖ = √(Σ over leaves of Σ g²)`, as a number (accumulated in
 * float64).
 *
 * @example
 * globalNorm({ a: tensor([3]), b: tensor([4]) }) // 5
 */
export const globalNorm = (t: Tree): number => normOfLeaves(flattenTree("globalNorm", "the tree", t)[0]);

const normOfLeaves = (leaves: readonly Tensor[]): number => {
  let s = 0;
  for (const g of leaves) s += sum(mul(g, g)).item();
  return Math.sqrt(s);
};

/** Options of `clipByGlobalNorm`. */
export interface ClipByGlobalNormOptions {
  /**
   * `'pytorch'` (default): scale by `min(1, c/(‖g‖ + 1e-6))` always (`clip_grad_norm_`);
   * `'optax'`: scale by `c/‖g‖` only when `‖g‖ > c`.
   */
  readonly convention?: "pytorch" | "optax";
}

/**
 * Rescales the whole gradient tree so that its global norm is at most `maxNorm`.
 * `‖g‖ = √Σ_leaves Σ g²`; PyTorch: `g ← g · min(1, c/(‖g‖ + 1e-6))`; Optax: `g ← g · c/‖g‖` if
 * `‖g‖ > c`. NOTE: the default is PyTorch's; the two differ by the 1e-6 and, below the threshold,
 * not at all.
 *
 * @example
 * const opt = chain(clipByGlobalNorm(1), scaleByAdam(), scaleByLearningRate(1e-3))
 */
export const clipByGlobalNorm = (
  maxNorm: number,
  opts?: ClipByGlobalNormOptions,
): GradientTransformation<EmptyState> => {
  const c = checkNumber("clipByGlobalNorm", "maxNorm", maxNorm, NON_NEGATIVE);
  const o = checkOptions("clipByGlobalNorm", opts);
  const convention = checkChoice("clipByGlobalNorm", "convention", o.convention ?? "pytorch", [
    "pytorch",
    "optax",
  ]);
  return {
    init: () => emptyState(),
    update: (grads, state) => {
      const [leaves, def] = flattenTree("clipByGlobalNorm.update", "the gradient tree", grads);
      const norm = normOfLeaves(leaves);
      const factor = convention === "pytorch" ? Math.min(1, c / (norm + 1e-6)) : norm > c ? c / norm : 1;
      if (factor === 1) return { updates: grads, state };
      return {
        updates: tree.unflatten(
          def,
          leaves.map((g): Tensor => mul(g, factor)),
        ),
        state,
      };
    },
  };
};
