/** Summary statistics of timed samples. */

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

/** Median (mean of the two middle values for an even count), min and max. */
export const summarize = (values: readonly number[]): Summary => {
  if (values.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]!, n: s.length };
};

/** Largest relative difference between two equal-length vectors, scaled by max(1e-6, |ref|∞). */
export const maxRelDiff = (a: readonly number[], ref: readonly number[]): number => {
  if (a.length !== ref.length) return Number.POSITIVE_INFINITY;
  let scale = 1e-6;
  for (const r of ref) scale = Math.max(scale, Math.abs(r));
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - ref[i]!) / scale);
  return Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
};
