/**
 * A researcher's workflow: define an op with a hand-written gradient (`customVjp`), prove the
 * gradient with finite differences (`gradcheck`, `gradgradcheck`), see a wrong gradient caught,
 * then train with the op inside a model.
 *
 *   pnpm --filter @tapegrad/examples run custom-op
 */
import {
  adam,
  customVjp,
  dense,
  fit,
  formatReport,
  type GradcheckReport,
  gradcheck,
  gradgradcheck,
  key,
  linspace,
  mse,
  mul,
  normal,
  serial,
  sigmoid,
  sin,
  split,
  sub,
  type Tensor,
} from "tapegrad";
import { isMain } from "./lib/main";

/**
 * swish(x) = x·σ(x) (also called SiLU), with its derivative written by hand:
 * d/dx [x·σ(x)] = σ(x) + x·σ(x)(1 − σ(x)) = σ(x)·(1 + x·(1 − σ(x))).
 * The forward pass keeps σ(x) as the residual so the backward pass does not recompute it.
 * The backward pass is written with tapegrad ops, so the op is differentiable twice.
 */
export const swish = customVjp(
  (x: Tensor) => {
    const s = sigmoid(x);
    return [mul(x, s), { x, s }] as const;
  },
  ({ x, s }, g) => [mul(g, mul(s, sub(1, mul(x, sub(s, 1)))))],
  "swish",
);

/** The same op with a classic slip in its derivative: σ(x)·(1 + x·σ(x)). gradcheck must catch it. */
export const buggySwish = customVjp(
  (x: Tensor) => {
    const s = sigmoid(x);
    return [mul(x, s), { x, s }] as const;
  },
  ({ x, s }, g) => [mul(g, mul(s, sub(1, mul(x, mul(s, -1)))))],
  "buggySwish",
);

/** What `runCustomOp` returns: the three reports and the loss of a small model using the op. */
export interface CustomOpResult {
  readonly first: GradcheckReport;
  readonly second: GradcheckReport;
  readonly buggy: GradcheckReport;
  readonly lossBefore: number;
  readonly lossAfter: number;
}

/** Runs the workflow; prints the reports unless `quiet`. */
export const runCustomOp = ({ quiet = false } = {}): CustomOpResult => {
  const log = quiet ? () => {} : (s: string) => console.log(s);
  // Points across the interesting range, in float64 (gradcheck's precision).
  const x = linspace(-6, 6, 13, "float64");

  const first = gradcheck(swish, x);
  log("1. gradcheck of swish (first derivative), analytic VJP vs central differences:");
  log(formatReport(first, { rows: 4 }));

  const second = gradgradcheck(swish, x);
  log("\n2. gradgradcheck of swish (the VJP's own VJP):");
  log(formatReport(second, { rows: 4 }));

  const buggy = gradcheck(buggySwish, x);
  log("\n3. gradcheck of a swish whose derivative has a sign slip — caught:");
  log(formatReport(buggy, { rows: 5 }));

  // 4. The op in a model: fit y = sin(3x) with a swish MLP.
  const [kx, kInit, kFit] = split(key(0), 3);
  const xs = normal(kx!, [256, 1]);
  const ys = sin(mul(xs, 3));
  const model = serial(dense(32), swish, dense(32), swish, dense(1));
  const { params } = model.init(kInit!, [1]);
  const lossBefore = mse(model.apply(params, xs), ys).item();
  const trained = fit(model, params, {
    loss: mse,
    optimizer: adam({ learningRate: 1e-2 }),
    x: xs,
    y: ys,
    epochs: 60,
    batchSize: 32,
    key: kFit!,
    progress: false,
  });
  const lossAfter = trained.history.loss.at(-1)!;
  log(
    `\n4. a swish MLP fitting y = sin(3x): training loss ${lossBefore.toFixed(4)} → ${lossAfter.toFixed(4)} in 60 epochs`,
  );
  return { first, second, buggy, lossBefore, lossAfter };
};

if (isMain(import.meta.url)) runCustomOp();
