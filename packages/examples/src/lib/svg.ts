/** One line of a chart. */
export interface Series {
  readonly name: string;
  readonly values: readonly number[];
  readonly color: string;
}

/** Options of `lineChartSvg`. */
export interface ChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** Plot the y axis on a log scale (default true: loss curves span decades). */
  readonly logY?: boolean;
  readonly width?: number;
  readonly height?: number;
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

// Round values 1, 2 or 5 × 10^k spaced about (hi − lo)/count apart, within [lo, hi].
const niceTicks = (lo: number, hi: number, count: number): number[] => {
  const step0 = (hi - lo || 1) / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? 10 * mag;
  const out: number[] = [];
  for (let i = Math.ceil(lo / step - 1e-9); i * step <= hi + 1e-9 * step; i++)
    out.push(Number((i * step).toPrecision(12)));
  return out;
};

// Ticks for a log axis spanning 10^lo .. 10^hi: powers of ten, else 1-2-5, else every digit.
const logTicks = (lo: number, hi: number): number[] => {
  let out: number[] = [];
  for (const mults of [[1], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]) {
    out = [];
    for (let k = Math.floor(lo); k <= Math.ceil(hi); k++) {
      for (const m of mults) {
        const v = Number((m * 10 ** k).toPrecision(12));
        if (Math.log10(v) >= lo - 1e-9 && Math.log10(v) <= hi + 1e-9) out.push(v);
      }
    }
    if (out.length >= 3) break;
  }
  return out;
};

const fmtTick = (v: number): string =>
  Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-2) ? v.toExponential(0) : String(v);

/**
 * A standalone SVG line chart (no scripts, no external resources) that any browser opens: axes
 * with ticks, one polyline per series, a legend. Non-finite values are skipped.
 */
export const lineChartSvg = (series: readonly Series[], opts: ChartOptions): string => {
  const { width = 720, height = 420, logY = true } = opts;
  const m = { left: 70, right: 20, top: 40, bottom: 50 };
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const ty = (v: number) => (logY ? Math.log10(v) : v);
  const finite = series.flatMap((s) => s.values.filter((v) => Number.isFinite(v) && (!logY || v > 0)));
  const n = Math.max(1, ...series.map((s) => s.values.length));
  let lo = finite.length ? Math.min(...finite.map(ty)) : 0;
  let hi = finite.length ? Math.max(...finite.map(ty)) : 1;
  if (hi - lo < 1e-9) [lo, hi] = [lo - 0.5, hi + 0.5];
  if (logY) [lo, hi] = [Math.floor(lo * 4) / 4, Math.ceil(hi * 4) / 4];
  const px = (i: number) => m.left + (n === 1 ? pw / 2 : (i / (n - 1)) * pw);
  const py = (v: number) => m.top + ph - ((ty(v) - lo) / (hi - lo)) * ph;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${esc(opts.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15">${esc(opts.title)}</text>`,
  ];
  const yTicks = logY ? logTicks(lo, hi) : niceTicks(lo, hi, 6);
  for (const t of yTicks) {
    const y = py(t).toFixed(1);
    parts.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`);
    parts.push(
      `<text x="${m.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${fmtTick(t)}</text>`,
    );
  }
  for (const t of niceTicks(1, n, 8).filter(Number.isInteger)) {
    const x = px(t - 1).toFixed(1);
    parts.push(`<line x1="${x}" x2="${x}" y1="${m.top + ph}" y2="${m.top + ph + 5}" stroke="black"/>`);
    parts.push(`<text x="${x}" y="${m.top + ph + 18}" text-anchor="middle">${t}</text>`);
  }
  parts.push(
    `<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="black"/>`,
    `<text x="${m.left + pw / 2}" y="${height - 10}" text-anchor="middle">${esc(opts.xLabel)}</text>`,
    `<text transform="translate(16 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(opts.yLabel)}${logY ? " (log scale)" : ""}</text>`,
  );
  series.forEach((s, k) => {
    const pts = s.values
      .map((v, i) =>
        Number.isFinite(v) && (!logY || v > 0) ? `${px(i).toFixed(1)},${py(v).toFixed(1)}` : "",
      )
      .filter((p) => p !== "");
    parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${pts.join(" ")}"/>`);
    const ly = m.top + 14 + 18 * k;
    parts.push(
      `<line x1="${m.left + pw - 150}" x2="${m.left + pw - 126}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"/>`,
    );
    parts.push(`<text x="${m.left + pw - 120}" y="${ly}" dominant-baseline="middle">${esc(s.name)}</text>`);
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
};
