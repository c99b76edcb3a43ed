import { type Tensor, type Tree, tree } from "@tapegrad/autograd";
import fc from "fast-check";
import { assertGradientsMatch } from "./assert";
import type { GradcheckOptions } from "./options";

/** Options of `gradientProperty`: the gradcheck options plus sample filtering. */
export interface GradientPropertyOptions<Ts extends Tree[]> extends GradcheckOptions {
  /** 1 checks gradients; 2 also checks second derivatives with `gradgradcheck`. Default 1. */
  readonly order?: 1 | 2;
  /** Samples for which this returns false are skipped (`fc.pre`), e.g. to keep away from a pole. */
  readonly precondition?: (...xs: Ts) => boolean;
  /**
   * Skip samples where `f` returns NaN or ±Infinity (default false: such a sample fails, so an
   * overflow is never hidden).
   */
  readonly skipNonFinite?: boolean;
}

const allFinite = (out: Tree): boolean =>
  tree.leaves(out).every((l: Tensor) => {
    const d = l.dataSync();
    for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i]!)) return false;
    return true;
  });

/**
 * A fast-check property that `f`'s gradients match finite differences (`gradcheck`) at every
 * generated sample; `f` takes one argument per arbitrary.
 *
 * @example
 * it("mul has the right gradients", () => {
 *   fc.assert(gradientProperty((x, y) => mul(x, y), [arbTensor({ shape: [3] }), arbTensor({ shape: [3] })]), {
 *     numRuns: 30,
 *   });
 * });
 */
export const gradientProperty = <Ts extends Tree[]>(
  f: (...xs: Ts) => Tree,
  arbs: { readonly [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  opts: GradientPropertyOptions<Ts> = {},
): fc.IPropertyWithHooks<[Ts]> => {
  const tuple = fc.tuple(...(arbs as unknown as fc.Arbitrary<unknown>[])) as unknown as fc.Arbitrary<Ts>;
  const g = (xs: Ts): Tree => f(...xs);
  return fc.property(tuple, (xs) => {
    if (opts.precondition && !opts.precondition(...xs)) fc.pre(false);
    if (opts.skipNonFinite && !allFinite(f(...xs))) fc.pre(false);
    assertGradientsMatch(g, xs, opts);
  });
};
