import type { Tree } from "@tapegrad/autograd";
import {
  analyticVjps,
  type Cotangents,
  contractValues,
  evalWith,
  type Outputs,
  oneSidedSpread,
  outputsOf,
  type Prepared,
  randomCotangents,
  startCheck,
} from "./evaluate";
import type { GradcheckOptions, ResolvedGradcheckOptions } from "./options";
import { leafPaths, unravel } from "./paths";
import type { ElementCheck, ElementStatus, GradcheckReport, LeafReport } from "./report";
import { seededUniform, signedWeights } from "./rng";

interface Quotients {
  readonly analytic: number;
  readonly plus: number;
  readonly minus: number;
  readonly base: number;
  readonly stepPlus: number;
  readonly stepMinus: number;
}

type Verdict = Pick<
  ElementCheck,
  "analytic" | "numeric" | "oneSided" | "absErr" | "relErr" | "ratio" | "status" | "cotangent"
>;

const PRIORITY: Record<ElementStatus, number> = { fail: 2, nondifferentiable: 1, ok: 0 };

// Judges one (analytic, quotients) pair; `spread` feeds the automatic kink rule
// (see GradcheckOptions.autoKinks), `declared` is the user's declaration.
const judge = (
  q: Quotients,
  declared: boolean,
  spread: number,
  o: ResolvedGradcheckOptions,
  k: number,
): Verdict => {
  const numeric = (q.plus - q.minus) / (q.stepPlus + q.stepMinus);
  const qPlus = (q.plus - q.base) / q.stepPlus;
  const qMinus = (q.base - q.minus) / q.stepMinus;
  const absErr = Math.abs(q.analytic - numeric);
  const relErr = numeric === 0 ? (absErr === 0 ? 0 : Number.POSITIVE_INFINITY) : absErr / Math.abs(numeric);
  const tol = o.atol + o.rtol * Math.abs(numeric);
  const ratio = Number.isNaN(absErr) ? Number.POSITIVE_INFINITY : absErr / tol;
  const kink = o.autoKinks && spread >= o.kinkThreshold * absErr;
  const status: ElementStatus = declared
    ? "nondifferentiable"
    : ratio <= 1
      ? "ok"
      : kink
        ? "nondifferentiable"
        : "fail";
  return {
    analytic: q.analytic,
    numeric,
    oneSided: [qMinus, qPlus],
    absErr,
    relErr,
    ratio,
    status,
    cotangent: k,
  };
};

// The verdict over all cotangents: the most severe status, then the largest ratio.
const worstOf = (vs: readonly Verdict[]): Verdict =>
  vs.reduce((w, v) =>
    PRIORITY[v.status] > PRIORITY[w.status] || (v.status === w.status && v.ratio > w.ratio) ? v : w,
  );

const round = (dtype: string, v: number): number => (dtype === "float32" ? Math.fround(v) : v);

const isDeclared = (
  o: GradcheckOptions,
  p: Prepared,
  x: number,
  leaf: number,
  i: number,
  lo: number,
  hi: number,
  h: number,
): boolean => {
  const nd = o.nonDifferentiable;
  if (nd === undefined) return false;
  if (nd.at?.some((a) => lo <= a && a <= hi)) return true;
  return nd.where?.(x, leaf, i, p.inputs, h) ?? false;
};

/** What both modes compare against: the function, its inputs, cotangents, VJPs and base values. */
interface CheckContext {
  readonly f: (x: Tree) => Tree;
  readonly p: Prepared;
  readonly cots: Cotangents;
  /** Jᵀc per cotangent, per input leaf (null for int32 leaves). */
  readonly analytic: (Float64Array | null)[][];
  /** The outputs at the inputs, and ⟨c, y⟩ per cotangent. */
  readonly y0: Outputs;
  readonly base: readonly number[];
  readonly opts: GradcheckOptions;
  readonly o: ResolvedGradcheckOptions;
}

const fullMode = (
  { f, p, cots, analytic, y0, base, opts, o }: CheckContext,
  paths: readonly string[],
): LeafReport[] =>
  p.leaves.map((leaf, li) => {
    const vals = p.values[li];
    const elements: ElementCheck[] = [];
    if (vals !== null) {
      for (let e = 0; e < vals.length; e++) {
        const x = vals[e]!;
        const h = o.eps * Math.max(1, Math.abs(x));
        const xp = round(p.dtype, x + h);
        const xm = round(p.dtype, x - h);
        const at = (v: number): Outputs => {
          const copy = vals.slice();
          copy[e] = v;
          return outputsOf(evalWith(f, p, (j) => (j === li ? copy : null)));
        };
        const yPlus = at(xp);
        const yMinus = at(xm);
        const plus = contractValues(yPlus, cots);
        const minus = contractValues(yMinus, cots);
        const declared = isDeclared(opts, p, x, li, e, xm, xp, h);
        const spread = oneSidedSpread(yPlus, y0, yMinus, xp - x, x - xm, cots);
        const verdicts = cots.map((_, k) =>
          judge(
            {
              analytic: analytic[k]![li]?.[e] ?? Number.NaN,
              plus: plus[k]!,
              minus: minus[k]!,
              base: base[k]!,
              stepPlus: xp - x,
              stepMinus: x - xm,
            },
            declared,
            spread[k]!,
            o,
            k,
          ),
        );
        elements.push({
          path: paths[li]!,
          leaf: li,
          index: unravel(e, leaf.shape),
          flatIndex: e,
          value: x,
          step: h,
          ...worstOf(verdicts),
        });
      }
    }
    return { path: paths[li]!, shape: leaf.shape, dtype: leaf.dtype, elements };
  });

const directionsMode = (
  { f, p, cots, analytic, y0, base, opts, o }: CheckContext,
  next: () => number,
): ElementCheck[] => {
  let xmax = 0;
  for (const v of p.values)
    if (v !== null) for (let i = 0; i < v.length; i++) xmax = Math.max(xmax, Math.abs(v[i]!));
  const h = o.eps * Math.max(1, xmax);
  return cots.map((cot, d) => {
    const tangents = p.values.map((v) => (v === null ? null : signedWeights(next, v.length)));
    let dot = 0;
    let declared = false;
    p.values.forEach((v, li) => {
      const t = tangents[li]!;
      const g = analytic[d]![li];
      if (v === null) return;
      for (let i = 0; i < v.length; i++) {
        dot += t[i]! * (g?.[i] ?? Number.NaN);
        const r = h * Math.abs(t[i]!);
        if (!declared && isDeclared(opts, p, v[i]!, li, i, v[i]! - r, v[i]! + r, r)) declared = true;
      }
    });
    const shifted = (sign: number) => (li: number) => {
      const v = p.values[li];
      const t = tangents[li];
      if (v === null || v === undefined || t === null || t === undefined) return null;
      const out = new Float64Array(v.length);
      for (let i = 0; i < v.length; i++) out[i] = round(p.dtype, v[i]! + sign * h * t[i]!);
      return out;
    };
    const yPlus = outputsOf(evalWith(f, p, shifted(1)));
    const yMinus = outputsOf(evalWith(f, p, shifted(-1)));
    const [plus] = contractValues(yPlus, [cot]);
    const [minus] = contractValues(yMinus, [cot]);
    const [spread] = oneSidedSpread(yPlus, y0, yMinus, h, h, [cot]);
    const q = { analytic: dot, plus: plus!, minus: minus!, base: base[d]!, stepPlus: h, stepMinus: h };
    return {
      path: `direction ${d}`,
      leaf: -1,
      index: [],
      flatIndex: d,
      value: Number.NaN,
      step: h,
      ...judge(q, declared, spread!, o, d),
    };
  });
};

/**
 * Compares every analytic partial derivative of `f` (from VJPs with random cotangents c) with
 * central differences `(⟨c, f(x+h)⟩ − ⟨c, f(x−h)⟩) / 2h`, `h = ∛ε_mach · max(1, |x|)`, in float64.
 * An element passes when `|analytic − numeric| ≤ atol + rtol·|numeric|`. Inputs with more than
 * `maxElements` float elements are checked along random directions instead:
 * ⟨t, Jᵀc⟩ against `(⟨c, f(x+ht)⟩ − ⟨c, f(x−ht)⟩) / 2h` (JAX `check_grads`).
 *
 * `f` takes the whole input tree as its one argument and returns a tensor or any tree of
 * tensors; float inputs are cast to `dtype` (float64) first, int32 inputs are constants.
 * NOTE: to check `g(a, b)`, pass `([a, b]) => g(a, b)` and `[a, b]`.
 *
 * @example
 * const report = gradcheck(([a, b]) => mul(a, b), [tensor([1, 2]), tensor([3, 4])]);
 * report.ok;     // true
 * report.worst;  // { path: "inputs[1]", index: [0], analytic: …, numeric: …, … }
 */
export const gradcheck = <T extends Tree>(
  f: (x: T) => Tree,
  inputs: T,
  opts: GradcheckOptions = {},
): GradcheckReport => {
  const fn = f as (x: Tree) => Tree;
  const { o, p, out } = startCheck(fn, inputs, opts);
  const paths = leafPaths(inputs);
  const problems: string[] = [];
  const floatCount = p.values.reduce((n, v) => n + (v?.length ?? 0), 0);
  const mode = o.mode === "auto" ? (floatCount > o.maxElements ? "directions" : "full") : o.mode;
  const next = seededUniform(o.seed);
  const cots = randomCotangents(out, mode === "full" ? o.cotangents : o.directions, next);
  const y0 = outputsOf(out);
  const ctx: CheckContext = {
    f: fn,
    p,
    cots,
    analytic: analyticVjps(fn, p, out, cots, problems, paths),
    y0,
    base: contractValues(y0, cots),
    opts,
    o,
  };
  const leaves =
    mode === "full"
      ? fullMode(ctx, paths)
      : p.leaves.map((l, i) => ({ path: paths[i]!, shape: l.shape, dtype: l.dtype, elements: [] }));
  const checks = mode === "full" ? leaves.flatMap((l) => l.elements) : directionsMode(ctx, next);
  let worst: ElementCheck | null = null;
  const counts = { ok: 0, fail: 0, nondifferentiable: 0, total: checks.length };
  for (const c of checks) {
    counts[c.status]++;
    if (c.status !== "nondifferentiable" && (worst === null || c.ratio > worst.ratio)) worst = c;
  }
  return {
    ok: counts.fail === 0 && problems.length === 0,
    mode,
    leaves,
    checks,
    worst,
    counts,
    problems,
    options: o,
  };
};
