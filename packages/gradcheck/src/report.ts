import type { GradcheckMode, ResolvedGradcheckOptions } from "./options";

/** The verdict on one checked element (or one random direction). */
export type ElementStatus = "ok" | "fail" | "nondifferentiable";

/** Analytic versus numeric derivative of one input element (or along one random direction). */
export interface ElementCheck {
  /** Leaf path, e.g. `inputs[1]` or `inputs.w`; `direction k` in directions mode. */
  readonly path: string;
  /** Leaf index in `tree.flatten` order; -1 in directions mode. */
  readonly leaf: number;
  /** Row-major multi-index inside the leaf (`[]` for a scalar or a direction). */
  readonly index: readonly number[];
  /** Flat index inside the leaf (the direction number in directions mode). */
  readonly flatIndex: number;
  /** The input value (NaN in directions mode). */
  readonly value: number;
  /** The finite-difference step h. */
  readonly step: number;
  /** ⟨c, J·eᵢ⟩ from the VJP (⟨t, Jᵀc⟩ in directions mode). */
  readonly analytic: number;
  /** The central difference quotient of ⟨c, f⟩. */
  readonly numeric: number;
  /** One-sided quotients `[q₋, q₊]` (backward, forward). */
  readonly oneSided: readonly [number, number];
  /** |analytic − numeric|. */
  readonly absErr: number;
  /** absErr / |numeric| (0 when both are 0, Infinity when only numeric is 0). */
  readonly relErr: number;
  /** absErr / (atol + rtol·|numeric|): above 1 fails (Infinity for NaN). */
  readonly ratio: number;
  /** Which random cotangent gave this (the worst one per element). */
  readonly cotangent: number;
  readonly status: ElementStatus;
}

/** The checks of one input leaf. */
export interface LeafReport {
  readonly path: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  /** Per element, in flat order; empty for int32 leaves (constants) and in directions mode. */
  readonly elements: readonly ElementCheck[];
}

/** Counts of the element verdicts. */
export interface StatusCounts {
  readonly ok: number;
  readonly fail: number;
  readonly nondifferentiable: number;
  readonly total: number;
}

/** The result of `gradcheck`: never just a boolean. */
export interface GradcheckReport {
  /** True when no element failed and there are no structural problems. */
  readonly ok: boolean;
  /** The mode actually used. */
  readonly mode: Exclude<GradcheckMode, "auto">;
  /** Per input leaf (full mode). */
  readonly leaves: readonly LeafReport[];
  /** Every check: all leaves' elements (full mode) or one per direction. */
  readonly checks: readonly ElementCheck[];
  /** The check with the largest `ratio` among those not declared non-differentiable, or null. */
  readonly worst: ElementCheck | null;
  readonly counts: StatusCounts;
  /** Structural problems: a gradient of the wrong shape or dtype, a non-tensor output, … */
  readonly problems: readonly string[];
  readonly options: ResolvedGradcheckOptions;
}

const num = (v: number): string => {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? v.toPrecision(6) : v.toExponential(3);
};

const pad = (s: string, n: number): string => (s.length >= n ? s : s + " ".repeat(n - s.length));

/**
 * A readable table of the worst checks of a report (failures first, then by ratio).
 *
 * @example
 * console.log(formatReport(gradcheck(f, x), { rows: 5 }))
 */
export const formatReport = (report: GradcheckReport, { rows = 10 }: { rows?: number } = {}): string => {
  const { counts, options: o } = report;
  const head =
    `gradcheck ${report.ok ? "passed" : "failed"} (${report.mode} mode, atol ${o.atol}, rtol ${o.rtol}, ${o.dtype}): ` +
    `${counts.fail} failed, ${counts.nondifferentiable} non-differentiable, ${counts.ok} ok of ${counts.total}`;
  const lines = [head, ...report.problems.map((p) => `problem: ${p}`)];
  const rank = (c: ElementCheck): number => (c.status === "fail" ? 2 : c.status === "ok" ? 1 : 0);
  const sorted = [...report.checks]
    .sort((a, b) => rank(b) - rank(a) || (a.ratio === b.ratio ? 0 : b.ratio > a.ratio ? 1 : -1))
    .slice(0, rows);
  if (sorted.length === 0) return lines.join("\n");
  const header = ["leaf", "index", "value", "analytic", "numeric", "abs err", "rel err", "status"];
  const body = sorted.map((c) => [
    c.path,
    `[${c.index.join(", ")}]`,
    c.leaf < 0 ? "-" : num(c.value),
    num(c.analytic),
    num(c.numeric),
    num(c.absErr),
    num(c.relErr),
    c.status,
  ]);
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((r) => r[j]!.length)));
  const row = (r: string[]): string =>
    r
      .map((s, j) => pad(s, widths[j]!))
      .join("  ")
      .trimEnd();
  lines.push(row(header), ...body.map(row));
  if (report.worst) {
    const w = report.worst;
    const where = w.leaf < 0 ? w.path : `${w.path} at index [${w.index.join(", ")}] (flat ${w.flatIndex})`;
    lines.push(`worst: ${where}: analytic ${num(w.analytic)}, numeric ${num(w.numeric)}`);
  }
  return lines.join("\n");
};
