/**
 * The classic Keras example in tapegrad: predict a car's fuel economy (miles per gallon) and its
 * acceleration (seconds from 0 to 60 mph) from horsepower, weight and displacement, with a small
 * MLP (3 → 12 → 12 → 2, leaky ReLU 0.01), mean squared error and Adam, on the auto-mpg data.
 *
 *   pnpm demo                      # from the repository root
 *   pnpm --filter @tapegrad/examples run cars -- --epochs 100
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  adam,
  dense,
  type EpochLogs,
  earlyStopping,
  fit,
  type History,
  key,
  leakyRelu,
  mse,
  predict,
  serial,
  split,
  type Tensor,
  tensor,
} from "tapegrad";
import { columnStats, loadCars, shuffleSplit, standardize, unstandardize } from "./lib/data";
import { argValue, isMain } from "./lib/main";
import { lineChartSvg } from "./lib/svg";

/** Options of `runCars`. */
export interface CarsOptions {
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  readonly seed?: number;
  /** Print nothing (for tests). */
  readonly quiet?: boolean;
  /** Where to write `cars-loss.svg`; `null` writes nothing. Default `packages/examples/out`. */
  readonly outDir?: string | null;
}

/** Test-set errors of one output, in its real unit. */
export interface OutputErrors {
  readonly name: string;
  readonly unit: string;
  readonly mae: number;
  readonly rmse: number;
  readonly baselineMae: number;
  readonly baselineRmse: number;
}

/** What `runCars` returns. */
export interface CarsResult {
  readonly sizes: {
    readonly train: number;
    readonly validation: number;
    readonly test: number;
    readonly dropped: number;
  };
  readonly outputs: readonly OutputErrors[];
  readonly history: History;
  readonly seconds: number;
  readonly svgPath?: string;
}

const outputs = [
  { name: "miles per gallon", unit: "mpg" },
  { name: "acceleration", unit: "s" },
] as const;

// MAE and RMSE per column of [N, K] predictions against targets.
const columnErrors = (pred: Tensor, target: Tensor): { mae: number[]; rmse: number[] } => {
  const [n, k] = target.shape as [number, number];
  const p = pred.dataSync();
  const t = target.dataSync();
  const mae = new Array<number>(k).fill(0);
  const sq = new Array<number>(k).fill(0);
  for (let i = 0; i < n * k; i++) {
    mae[i % k]! += Math.abs(p[i]! - t[i]!) / n;
    sq[i % k]! += (p[i]! - t[i]!) ** 2 / n;
  }
  return { mae, rmse: sq.map(Math.sqrt) };
};

/**
 * Trains the Keras model on auto-mpg and reports the test error in real units next to a baseline
 * that always predicts the training mean. Splits: 20% test, 10% validation, 70% training, shuffled
 * with a key; inputs and outputs standardized with statistics of the training split only.
 */
export const runCars = (opts: CarsOptions = {}): CarsResult => {
  const { epochs = 200, batchSize = 16, learningRate = 1e-3, seed = 0, quiet = false } = opts;
  const log = quiet ? () => {} : (s: string) => console.log(s);
  const started = performance.now();
  const cars = loadCars();
  const n = cars.x.shape[0]!;
  const nTest = Math.round(n * 0.2);
  const nVal = Math.round(n * 0.1);
  const [dataKey, initKey, fitKey] = split(key(seed), 3);
  const [[xTrain, yTrain], [xVal, yVal], [xTest, yTest]] = shuffleSplit(dataKey!, cars.x, cars.y, [
    n - nTest - nVal,
    nVal,
    nTest,
  ]);
  const xStats = columnStats(xTrain!);
  const yStats = columnStats(yTrain!);
  const sizes = { train: n - nTest - nVal, validation: nVal, test: nTest, dropped: cars.dropped };
  log(`auto-mpg: ${n} complete cars of ${cars.total} (${cars.dropped} with missing values dropped)`);
  log(`split: ${sizes.train} training, ${sizes.validation} validation, ${sizes.test} test`);

  const model = serial(
    dense(12),
    leakyRelu({ slope: 0.01 }),
    dense(12),
    leakyRelu({ slope: 0.01 }),
    dense(2),
  );
  const { params } = model.init(initKey!, [3]);
  log(
    `model: 3 → dense 12 → leaky ReLU 0.01 → dense 12 → leaky ReLU 0.01 → dense 2; MSE; Adam(${learningRate})`,
  );
  const trained = fit(model, params, {
    loss: mse,
    optimizer: adam({ learningRate }),
    x: standardize(xTrain!, xStats),
    y: standardize(yTrain!, yStats),
    validationData: [standardize(xVal!, xStats), standardize(yVal!, yStats)],
    epochs,
    batchSize,
    key: fitKey!,
    progress: quiet ? false : undefined, // a progress bar on a terminal
    callbacks: [
      earlyStopping({ patience: 40, restoreBestParams: true }),
      // Off a terminal (no progress bar), a summary every 25 epochs.
      {
        onEpochEnd: (l: EpochLogs) =>
          void (!process.stderr.isTTY && l.epoch % 25 === 24 && log(summary(l, epochs))),
      },
    ],
  });

  if (trained.history.stopReason && !process.stderr.isTTY) log(trained.history.stopReason);
  const pred = unstandardize(predict(model, trained.params, standardize(xTest!, xStats)), yStats);
  const baseline = tensor(
    Array.from({ length: nTest }, () => yStats.mean),
    { shape: [nTest, 2] },
  );
  const m = columnErrors(pred, yTest!);
  const b = columnErrors(baseline, yTest!);
  const result: CarsResult = {
    sizes,
    outputs: outputs.map((o, j) => ({
      ...o,
      mae: m.mae[j]!,
      rmse: m.rmse[j]!,
      baselineMae: b.mae[j]!,
      baselineRmse: b.rmse[j]!,
    })),
    history: trained.history,
    seconds: (performance.now() - started) / 1000,
    ...writeChart(trained.history, opts.outDir),
  };
  log("");
  log(report(result));
  if (result.svgPath) log(`\nloss curves: ${result.svgPath}`);
  return result;
};

const summary = (l: EpochLogs, epochs: number): string =>
  `epoch ${String(l.epoch + 1).padStart(String(epochs).length)}/${epochs}  loss ${l.loss.toFixed(4)}  valLoss ${l.valLoss?.toFixed(4)}`;

/** The test-error table: model against the mean baseline, in real units. */
export const report = (r: CarsResult): string => {
  const rows = r.outputs.flatMap((o) => [
    [`${o.name} MAE (${o.unit})`, o.mae, o.baselineMae],
    [`${o.name} RMSE (${o.unit})`, o.rmse, o.baselineRmse],
  ]) as [string, number, number][];
  const w = Math.max(...rows.map(([l]) => l.length));
  const head = `${"test error".padEnd(w)}   model   mean baseline`;
  return [
    head,
    ...rows.map(([l, a, b]) => `${l.padEnd(w)}  ${a.toFixed(2).padStart(6)}  ${b.toFixed(2).padStart(13)}`),
  ].join("\n");
};

const writeChart = (history: History, outDir: string | null | undefined): { svgPath?: string } => {
  if (outDir === null) return {};
  const dir = outDir ?? fileURLToPath(new URL("../out/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  const svgPath = `${dir.replace(/\/$/, "")}/cars-loss.svg`;
  const svg = lineChartSvg(
    [
      { name: "training loss", values: history.loss, color: "#1f77b4" },
      { name: "validation loss", values: history.valLoss, color: "#d62728" },
    ],
    { title: "auto-mpg: MSE of standardized outputs per epoch", xLabel: "epoch", yLabel: "MSE" },
  );
  writeFileSync(svgPath, svg);
  return { svgPath };
};

if (isMain(import.meta.url)) {
  const epochs = argValue("epochs");
  runCars(epochs === undefined ? {} : { epochs: Number(epochs) });
}
