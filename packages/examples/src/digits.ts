/**
 * Handwritten digits (8×8 pixels, 10 classes) with a softmax MLP: 64 → 128 ReLU → 10 logits,
 * softmax cross-entropy, Adam. Reports accuracy on a held-out test split.
 *
 *   pnpm --filter @tapegrad/examples run digits
 */
import {
  adam,
  argmax,
  dense,
  earlyStopping,
  evaluate,
  fit,
  key,
  predict,
  relu,
  serial,
  softmaxCrossEntropy,
  split,
} from "tapegrad";
import { loadDigits, shuffleSplit } from "./lib/data";
import { argValue, isMain } from "./lib/main";

/** Options of `runDigits`. */
export interface DigitsOptions {
  readonly epochs?: number;
  readonly seed?: number;
  readonly quiet?: boolean;
}

/** What `runDigits` returns. */
export interface DigitsResult {
  readonly testAccuracy: number;
  readonly testLoss: number;
  /** confusion[true][predicted] counts on the test split. */
  readonly confusion: number[][];
  readonly epochsRun: number;
  readonly seconds: number;
}

/**
 * Trains the digits classifier: 20% of the 1797 images held out for the test, 10% of the rest for
 * validation (early stopping on the validation loss), the remainder for training.
 */
export const runDigits = (opts: DigitsOptions = {}): DigitsResult => {
  const { epochs = 60, seed = 0, quiet = false } = opts;
  const log = quiet ? () => {} : (s: string) => console.log(s);
  const started = performance.now();
  const { x, y } = loadDigits();
  const n = x.shape[0]!;
  const nTest = Math.round(n * 0.2);
  const nVal = Math.round((n - nTest) * 0.1);
  const [dataKey, initKey, fitKey] = split(key(seed), 3);
  const [[xTrain, yTrain], [xVal, yVal], [xTest, yTest]] = shuffleSplit(dataKey!, x, y, [
    n - nTest - nVal,
    nVal,
    nTest,
  ]);
  log(`digits: ${n} images of 8×8 pixels; ${n - nTest - nVal} training, ${nVal} validation, ${nTest} test`);

  const model = serial(dense(128), relu, dense(10));
  const { params } = model.init(initKey!, [64]);
  log("model: 64 → dense 128 → ReLU → dense 10 (logits); softmax cross-entropy; Adam(1e-3)");
  const trained = fit(model, params, {
    loss: softmaxCrossEntropy,
    optimizer: adam({ learningRate: 1e-3 }),
    x: xTrain!,
    y: yTrain!,
    validationData: [xVal!, yVal!],
    metrics: ["accuracy"],
    epochs,
    batchSize: 32,
    key: fitKey!,
    progress: quiet ? false : "log",
    callbacks: [earlyStopping({ monitor: "valLoss", patience: 8, restoreBestParams: true })],
  });
  // (progress "log" has printed each epoch and the stop reason.)

  const test = evaluate(model, trained.params, {
    x: xTest!,
    y: yTest!,
    loss: softmaxCrossEntropy,
    metrics: ["accuracy"],
  });
  const predicted = argmax(predict(model, trained.params, xTest!), { axis: 1 }).dataSync();
  const truth = yTest!.dataSync();
  const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  for (let i = 0; i < nTest; i++) confusion[truth[i]!]![predicted[i]!]!++;
  const result: DigitsResult = {
    testAccuracy: test.metrics.accuracy!,
    testLoss: test.loss!,
    confusion,
    epochsRun: trained.history.loss.length,
    seconds: (performance.now() - started) / 1000,
  };
  log(
    `\ntest accuracy ${(100 * result.testAccuracy).toFixed(1)}% (${Math.round(result.testAccuracy * nTest)} of ${nTest}), test loss ${result.testLoss.toFixed(4)}`,
  );
  log(`\nconfusion matrix (rows: true digit, columns: predicted)\n${formatConfusion(confusion)}`);
  log(`\n${result.seconds.toFixed(1)} s`);
  return result;
};

const formatConfusion = (c: number[][]): string =>
  [
    `    ${c.map((_, j) => String(j).padStart(4)).join("")}`,
    ...c.map((row, i) => `${String(i).padStart(4)}${row.map((v) => String(v).padStart(4)).join("")}`),
  ].join("\n");

if (isMain(import.meta.url)) {
  const epochs = argValue("epochs");
  runDigits(epochs === undefined ? {} : { epochs: Number(epochs) });
}
