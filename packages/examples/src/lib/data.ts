import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { add, div, type Key, mul, permutation, sub, type Tensor, take, tensor } from "tapegrad";

const dataFile = (name: string): URL => new URL(`../../data/${name}`, import.meta.url);

/** One car of the auto-mpg data, as `cars.json` holds it (fields may be null). */
interface CarRow {
  readonly Horsepower: number | null;
  readonly Weight_in_lbs: number | null;
  readonly Displacement: number | null;
  readonly Miles_per_Gallon: number | null;
  readonly Acceleration: number | null;
}

/** The input and output columns of the cars example. */
export const carInputs = ["Horsepower", "Weight_in_lbs", "Displacement"] as const;
export const carOutputs = ["Miles_per_Gallon", "Acceleration"] as const;

/**
 * The auto-mpg cars with every used field present: inputs [N, 3] (horsepower, weight,
 * displacement) and outputs [N, 2] (miles per gallon, acceleration in seconds 0–60 mph), float32.
 */
export const loadCars = (): { x: Tensor; y: Tensor; dropped: number; total: number } => {
  const rows = JSON.parse(readFileSync(dataFile("cars.json"), "utf8")) as CarRow[];
  const complete = rows.filter((r) => [...carInputs, ...carOutputs].every((k) => typeof r[k] === "number"));
  const x = tensor(complete.map((r) => carInputs.map((k) => r[k]!)));
  const y = tensor(complete.map((r) => carOutputs.map((k) => r[k]!)));
  return { x, y, dropped: rows.length - complete.length, total: rows.length };
};

/** The digits: pixels [1797, 64] scaled to [0, 1] (float32) and int32 labels [1797]. */
export const loadDigits = (): { x: Tensor; y: Tensor } => {
  const text = gunzipSync(readFileSync(dataFile("digits.csv.gz"))).toString("utf8");
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const pixels = new Float32Array(lines.length * 64);
  const labels = new Int32Array(lines.length);
  lines.forEach((line, i) => {
    const v = line.split(",").map(Number);
    if (v.length !== 65 || v.some((n) => !Number.isFinite(n)))
      throw new Error(`digits.csv: bad line ${i + 1}`);
    for (let j = 0; j < 64; j++) pixels[i * 64 + j] = v[j]! / 16;
    labels[i] = v[64]!;
  });
  return { x: tensor(pixels, { shape: [lines.length, 64] }), y: tensor(labels, { dtype: "int32" }) };
};

/** Shuffles the rows of `x` and `y` with a key and cuts them into consecutive parts of the given sizes. */
export const shuffleSplit = (k: Key, x: Tensor, y: Tensor, sizes: readonly number[]): [Tensor, Tensor][] => {
  const order = permutation(k, x.shape[0]!).dataSync();
  let start = 0;
  return sizes.map((n) => {
    const idx = tensor(order.subarray(start, start + n), { dtype: "int32", shape: [n] });
    start += n;
    return [take(x, idx), take(y, idx)];
  });
};

/** Per-column mean and standard deviation of a [N, K] tensor (population std, as scikit-learn's StandardScaler). */
export const columnStats = (t: Tensor): { mean: number[]; std: number[] } => {
  const [n, k] = t.shape as [number, number];
  const d = t.dataSync();
  const mean = Array.from({ length: k }, (_, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += d[i * k + j]!;
    return s / n;
  });
  const std = mean.map((m, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += (d[i * k + j]! - m) ** 2;
    return Math.sqrt(s / n) || 1;
  });
  return { mean, std };
};

/** (t − mean) / std per column. */
export const standardize = (t: Tensor, s: { mean: number[]; std: number[] }): Tensor =>
  div(sub(t, tensor(s.mean)), tensor(s.std));

/** t · std + mean per column: back to real units. */
export const unstandardize = (t: Tensor, s: { mean: number[]; std: number[] }): Tensor =>
  add(mul(t, tensor(s.std)), tensor(s.mean));
