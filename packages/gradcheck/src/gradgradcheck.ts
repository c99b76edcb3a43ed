import { grad, type Tree, tensor, tree } from "@tapegrad/autograd";
import { contractTensor, prepare } from "./evaluate";
import { gradcheck } from "./gradcheck";
import { type GradcheckOptions, resolveOptions } from "./options";
import type { GradcheckReport } from "./report";
import { seededUniform, signedWeights } from "./rng";

/**
 * Second-order check: with a fixed random cotangent c of `f`'s output, checks the first-order
 * map `x ↦ Jᵀ(x)·c` (the pullback, computed by `grad` of ⟨c, f⟩) with `gradcheck`, so every
 * VJP's own VJP is compared with finite differences of the first derivative.
 * NOTE: c is held fixed (seeded by `seed`); the dependence on c is linear and is what
 * `gradcheck` of `f` already verifies.
 *
 * @example
 * gradgradcheck(tanh, tensor([0.5, -1])).ok // true
 */
export const gradgradcheck = <T extends Tree>(
  f: (x: T) => Tree,
  inputs: T,
  opts: GradcheckOptions = {},
): GradcheckReport => {
  const o = resolveOptions(opts);
  const fn = f as (x: Tree) => Tree;
  const p = prepare(inputs, o.dtype);
  const [outs, def] = tree.flatten(fn(p.inputs));
  const next = seededUniform(o.seed + 0x51ed);
  const c = tree.unflatten(
    def,
    outs.map((l) =>
      l.dtype === "int32" ? l : tensor(signedWeights(next, l.size), { shape: l.shape, dtype: l.dtype }),
    ),
  );
  const pullback = (x: Tree): Tree => grad((y: Tree) => contractTensor(fn(y), c, o.dtype))(x);
  return gradcheck(pullback, inputs, opts);
};
