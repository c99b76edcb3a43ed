import {
  add,
  cast,
  grad,
  isTensor,
  mul,
  sum,
  type Tensor,
  type Tree,
  tensor,
  tree,
  vjp,
  zerosLike,
} from "@tapegrad/autograd";
import { type GradcheckOptions, type ResolvedGradcheckOptions, resolveOptions } from "./options";
import { signedWeights } from "./rng";

/** The inputs of a check, cast and flattened once. */
export interface Prepared {
  readonly def: ReturnType<typeof tree.flatten>[1];
  /** The leaves, float ones cast to the check dtype. */
  readonly leaves: readonly Tensor[];
  /** Float64 copies of the float leaves' values; null for int32 leaves (constants). */
  readonly values: readonly (Float64Array | null)[];
  /** The cast inputs as a tree. */
  readonly inputs: Tree;
  readonly dtype: "float32" | "float64";
}

/** Casts every float leaf of `inputs` to `dtype` and flattens. */
export const prepare = (inputs: Tree, dtype: "float32" | "float64"): Prepared => {
  const [raw, def] = tree.flatten(inputs);
  const leaves = raw.map((l) => (l.dtype === "int32" ? l : cast(l, dtype)));
  const values = leaves.map((l) => (l.dtype === "int32" ? null : Float64Array.from(l.dataSync())));
  return { def, leaves, values, inputs: tree.unflatten(def, leaves), dtype };
};

/**
 * What both checks start from: the resolved options, the inputs cast and flattened, and `f`'s
 * output at them.
 */
export const startCheck = (
  f: (x: Tree) => Tree,
  inputs: Tree,
  opts: GradcheckOptions,
): { o: ResolvedGradcheckOptions; p: Prepared; out: Tree } => {
  const o = resolveOptions(opts);
  const p = prepare(inputs, o.dtype);
  return { o, p, out: f(p.inputs) };
};

/** Random cotangents: per cotangent, per output leaf, the weights (empty for int32 leaves). */
export type Cotangents = readonly (readonly Float64Array[])[];

/** The values of a function's float output leaves (null for int32 leaves), in leaf order. */
export type Outputs = readonly (ArrayLike<number> | null)[];

/** Reads the output leaves of `out`. */
export const outputsOf = (out: Tree): Outputs =>
  tree.leaves(out).map((l) => (l.dtype === "int32" ? null : l.dataSync()));

/** `Σ_leaves Σᵢ cᵢ·yᵢ` for each cotangent, in float64; NaN when an output changed size. */
export const contractValues = (ys: Outputs, cots: Cotangents): number[] =>
  cots.map((c) => {
    let s = 0;
    for (let j = 0; j < c.length; j++) {
      const w = c[j]!;
      const y = ys[j];
      if (y === null || y === undefined) {
        if (w.length > 0) return Number.NaN;
        continue;
      }
      if (y.length !== w.length) return Number.NaN;
      for (let i = 0; i < w.length; i++) s += w[i]! * y[i]!;
    }
    return s;
  });

/**
 * For each cotangent c, the spread `Σⱼ |cⱼ|·|q₊ⱼ − q₋ⱼ|` of the one-sided quotients
 * `q₊ = (y(x+h) − y(x))/h₊`, `q₋ = (y(x) − y(x−h))/h₋` over the output elements j. A kink inside
 * [x − h, x + h] makes it about twice the error of the central quotient; for a smooth function it
 * is about |y''|·h. Summed per output element with |c|, so kinks never cancel in the contraction.
 */
export const oneSidedSpread = (
  plus: Outputs,
  base: Outputs,
  minus: Outputs,
  stepPlus: number,
  stepMinus: number,
  cots: Cotangents,
): number[] =>
  cots.map((c) => {
    let d = 0;
    for (let j = 0; j < base.length; j++) {
      const y0 = base[j];
      const yp = plus[j];
      const ym = minus[j];
      const w = c[j];
      if (!y0 || !yp || !ym || !w || yp.length !== y0.length || ym.length !== y0.length) continue;
      for (let i = 0; i < y0.length; i++) {
        const qp = (yp[i]! - y0[i]!) / stepPlus;
        const qm = (y0[i]! - ym[i]!) / stepMinus;
        d += Math.abs(w[i]!) * Math.abs(qp - qm);
      }
    }
    return d;
  });

/** `f` at the inputs with one element of one leaf replaced (or with every leaf replaced). */
export const evalWith = (
  f: (x: Tree) => Tree,
  p: Prepared,
  replace: (leaf: number) => Float64Array | null,
): Tree => {
  const leaves = p.leaves.map((l, i) => {
    const v = replace(i);
    return v === null ? l : tensor(v, { shape: l.shape, dtype: l.dtype });
  });
  return f(tree.unflatten(p.def, leaves));
};

/**
 * `n` random cotangents for the output `out`: per output leaf, weights of magnitude in [0.5, 1]
 * (an empty array for an int32 leaf, which consumes no randomness).
 */
export const randomCotangents = (out: Tree, n: number, next: () => number): Float64Array[][] => {
  const leaves = tree.leaves(out);
  return Array.from({ length: n }, () =>
    leaves.map((l) => (l.dtype === "int32" ? new Float64Array(0) : signedWeights(next, l.size))),
  );
};

/** One cotangent's weights as a tree of tensors shaped like `out` (int32 leaves kept as they are). */
export const cotangentTensors = (out: Tree, c: readonly Float64Array[]): Tree => {
  const [ls, def] = tree.flatten(out);
  return tree.unflatten(
    def,
    ls.map((l, j) => (l.dtype === "int32" ? l : tensor(c[j]!, { shape: l.shape, dtype: l.dtype }))),
  );
};

/** ⟨c, y⟩ as a differentiable scalar tensor (float leaves only). */
export const contractTensor = (y: Tree, c: Tree, dtype: "float32" | "float64"): Tensor => {
  const ys = tree.leaves(y);
  const cs = tree.leaves(c);
  let s: Tensor = tensor(0, { dtype });
  ys.forEach((l, j) => {
    if (l.dtype !== "int32") s = add(s, cast(sum(mul(l, cs[j]!)), dtype));
  });
  return s;
};

/**
 * The analytic VJPs Jᵀc, one tree of float64 arrays per cotangent (null for int32 leaves): a
 * single `vjp` with several pullbacks when `f` returns one tensor, else the gradient of ⟨c, f⟩.
 */
export const analyticVjps = (
  f: (x: Tree) => Tree,
  p: Prepared,
  out: Tree,
  cots: Cotangents,
  problems: string[],
  paths: readonly string[],
): (Float64Array | null)[][] => {
  let results: Tree[];
  if (isTensor(out)) {
    const [, pullback] = vjp(f as (x: Tree) => Tensor, p.inputs);
    results = cots.map((c) =>
      out.dtype === "int32" ? tree.map(p.inputs, zerosLike) : pullback(cotangentTensors(out, c) as Tensor),
    );
  } else {
    results = cots.map((c) => {
      const ct = cotangentTensors(out, c);
      return grad((x: Tree) => contractTensor(f(x), ct, p.dtype))(p.inputs);
    });
  }
  return results.map((g, k) => {
    const gl = tree.leaves(g);
    return p.leaves.map((l, i) => {
      if (p.values[i] === null) return null;
      const gi = gl[i];
      const bad = (why: string): null => {
        if (k === 0) problems.push(`gradient of ${paths[i]} ${why}`);
        return null;
      };
      if (gi === undefined) return bad("is missing");
      if (gi.shape.length !== l.shape.length || gi.shape.some((d, a) => d !== l.shape[a])) {
        return bad(`has shape [${gi.shape.join(", ")}] but the input has shape [${l.shape.join(", ")}]`);
      }
      if (gi.dtype !== l.dtype) return bad(`has dtype ${gi.dtype} but the input has dtype ${l.dtype}`);
      return Float64Array.from(gi.dataSync());
    });
  });
};
