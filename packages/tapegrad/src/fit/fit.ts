import {
  foldIn,
  stopGradient,
  type Tensor,
  TensorError,
  type Tree,
  tree,
  valueAndGrad,
} from "@tapegrad/autograd";
import { applyUpdates, type GradientTransformation } from "@tapegrad/optim";
import type { CallbackAction } from "../callbacks/callback";
import { epochOrder, rows } from "./data";
import { predict, scorePredictions } from "./evaluate";
import { trainingApply } from "./model";
import { createProgress } from "./progress";
import { checkLearningRate, setupFit } from "./setup";
import type { EpochLogs, FitOptions, FitResult, History, Model } from "./types";

const now = (): number => (globalThis.performance ? performance.now() : Date.now());

const detach = (t: Tree | undefined): Tree | undefined =>
  t === undefined ? undefined : tree.map(t, stopGradient);

/**
 * Trains a model with mini-batch gradient descent: each epoch shuffles the training examples with
 * a key (`foldIn(key, epoch)`), steps the optimizer once per batch, then reports the training
 * loss and metrics and, with validation data, the validation loss and metrics. Pure: returns new
 * parameters and optimizer state; nothing passed in is changed.
 * NOTE: `validationSplit` holds out the *last* examples before shuffling (as Keras); shuffle
 * first if the data is ordered. Each step gets its own dropout key `foldIn(dropoutKey, step)` and
 * `training: true`; validation runs with `training: false`. Bad options fail before any step.
 *
 * @example
 * const model = serial(dense(12), leakyRelu({ slope: 0.01 }), dense(2));
 * const { params } = model.init(key(0), [3]);
 * const { params: trained, history } = fit(model, params, {
 *   loss: mse, optimizer: adam({ learningRate: 1e-3 }), x, y, epochs: 100, batchSize: 32,
 *   validationSplit: 0.2, metrics: ["mae"], callbacks: [earlyStopping({ patience: 10 })],
 * });
 */
export const fit = <P extends Tree, S = Tree>(
  model: Model<P>,
  params: P,
  opts: FitOptions<S>,
): FitResult<P, S> => {
  const setup = setupFit(opts);
  const { x, y, val, epochs, batchSize, metrics, callbacks } = setup;
  const n = x.shape[0]!;
  const stepsPerEpoch = Math.ceil(n / batchSize);
  let lr = setup.learningRate;
  let opt: GradientTransformation<S> = setup.makeOptimizer(lr);
  let p = params;
  let optState = opts.optState ?? opt.init(p);
  let modelState = opts.modelState;
  let stopReason: string | undefined;
  const logs: EpochLogs[] = [];

  // biome-ignore lint/suspicious/noConfusingVoidType: what a hook returns (see Callback)
  const act = (a: CallbackAction | undefined | void, source: string): boolean => {
    if (!a) return false;
    if (a.learningRate !== undefined) {
      if (lr === undefined) {
        throw new TensorError(
          "fit",
          `${source} set a learning rate, which needs an optimizer factory: optimizer: (lr) => adam({ learningRate: lr })`,
        );
      }
      lr = checkLearningRate(a.learningRate, `the learning rate from ${source}`);
      opt = setup.makeOptimizer(lr);
    }
    if (a.params !== undefined) p = a.params as P;
    if (a.stop !== undefined && stopReason === undefined) stopReason = a.stop;
    return a.discardStep === true;
  };

  const lossAndAux = valueAndGrad(
    (q: P, xb: Tensor, yb: Tensor, st: Tree | undefined, ctx: { key: Tensor; training: boolean }) => {
      const r = trainingApply(model, q, st, xb, ctx);
      return [opts.loss(r.y, yb), { pred: r.y, state: r.state }] as const;
    },
    { hasAux: true },
  );

  for (const cb of callbacks) {
    cb.onTrainBegin?.({
      epochs,
      stepsPerEpoch,
      hasValidation: val !== undefined,
      metricNames: metrics.map(([name]) => name),
      controlsLearningRate: lr !== undefined,
    });
  }
  const progress = createProgress(opts.progress, epochs, stepsPerEpoch, opts.progressSink);
  let step = 0;
  try {
    for (let epoch = 0; epoch < epochs && stopReason === undefined; epoch++) {
      for (const cb of callbacks) act(cb.onEpochBegin?.(epoch, { learningRate: lr }), "onEpochBegin");
      if (stopReason !== undefined) break;
      const start = now();
      progress.epochBegin();
      const order = epochOrder(n, setup.shuffle, setup.shuffleKey, epoch);
      let lossSum = 0;
      let seen = 0;
      const metricSums = new Float64Array(metrics.length);
      for (let b = 0; b < stepsPerEpoch && stopReason === undefined; b++) {
        const idx = order.subarray(b * batchSize, Math.min(n, (b + 1) * batchSize));
        const xb = rows(x, idx);
        const yb = rows(y, idx);
        const ctx = { key: foldIn(setup.dropoutKey, step), training: true };
        const [[lossT, aux], grads] = lossAndAux(p, xb, yb, modelState, ctx);
        const loss = lossT.item();
        const pred = stopGradient(aux.pred);
        metrics.forEach(([, m], i) => {
          metricSums[i]! += m(pred, yb).item() * idx.length;
        });
        lossSum += loss * idx.length;
        seen += idx.length;
        const batchLogs = { epoch, batch: b, step, loss, batchSize: idx.length };
        progress.batch(epoch, b, loss);
        let discard = false;
        for (const cb of callbacks) discard = act(cb.onBatchEnd?.(batchLogs), "onBatchEnd") || discard;
        step++;
        if (discard) continue;
        const { updates, state } = opt.update(grads, optState, p);
        p = applyUpdates(p, updates);
        optState = state;
        modelState = detach(aux.state);
      }
      const trainMetrics: Record<string, number> = {};
      metrics.forEach(([name], i) => {
        trainMetrics[name] = metricSums[i]! / seen;
      });
      const trainSeconds = (now() - start) / 1000;
      let valLoss: number | undefined;
      let valMetrics: Record<string, number> = {};
      if (val !== undefined) {
        const predVal = predict(model, p, val[0], { batchSize: setup.validationBatchSize, modelState });
        const scored = scorePredictions(predVal, val[1], opts.loss, metrics);
        valLoss = scored.loss;
        valMetrics = { ...scored.metrics };
      }
      const epochLogs: EpochLogs = {
        epoch,
        loss: lossSum / seen,
        ...(valLoss === undefined ? {} : { valLoss }),
        metrics: trainMetrics,
        valMetrics,
        ...(lr === undefined ? {} : { learningRate: lr }),
        seconds: (now() - start) / 1000,
        stepsPerSecond: Math.ceil(seen / batchSize) / Math.max(trainSeconds, 1e-9),
      };
      logs.push(epochLogs);
      progress.epochEnd(epochLogs);
      for (const cb of callbacks) act(cb.onEpochEnd?.(epochLogs, { params: p, modelState }), "onEpochEnd");
    }
  } finally {
    progress.end(stopReason); // ends the bar's line even when a callback throws
  }
  const history: History = {
    epochs: logs,
    loss: logs.map((l) => l.loss),
    valLoss: logs.flatMap((l) => (l.valLoss === undefined ? [] : [l.valLoss])),
    ...(stopReason === undefined ? {} : { stopReason }),
  };
  for (const cb of callbacks) cb.onTrainEnd?.(history);
  return { params: p, optState, history, ...(modelState === undefined ? {} : { modelState }) };
};
