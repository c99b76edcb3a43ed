import { grad, type Tree } from "@tapegrad/autograd";
import { contractTensor, cotangentTensors, randomCotangents, startCheck } from "./evaluate";
import { gradcheck } from "./gradcheck";
import type { GradcheckOptions } from "./options";
import type { GradcheckReport } from "./report";
import { seededUniform } from "./rng";

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
  const fn = f as (x: Tree) => Tree;
  const { o, out } = startCheck(fn, inputs, opts);
  const c = cotangentTensors(out, randomCotangents(out, 1, seededUniform(o.seed + 0x51ed))[0]!);
  const pullback = (x: Tree): Tree => grad((y: Tree) => contractTensor(fn(y), c, o.dtype))(x);
  return gradcheck(pullback, inputs, opts);
};
