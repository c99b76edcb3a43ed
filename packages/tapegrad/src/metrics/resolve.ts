import { TensorError } from "@tapegrad/autograd";
import { type Metric, type MetricName, metrics } from "./metrics";

/** What `fit` and `evaluate` accept as `metrics`: names or functions, or a record name → metric. */
export type MetricsOption = readonly (MetricName | Metric)[] | Readonly<Record<string, MetricName | Metric>>;

const builtIn: Readonly<Record<MetricName, Metric>> = {
  accuracy: metrics.accuracy,
  mse: metrics.mse,
  mae: metrics.mae,
  r2: metrics.r2,
};

const lookup = (owner: string, m: MetricName | Metric, label: string): Metric => {
  if (typeof m === "function") return m;
  if (typeof m === "string" && Object.hasOwn(builtIn, m)) return builtIn[m];
  throw new TensorError(
    owner,
    `unknown metric ${JSON.stringify(m)} at ${label}; use "accuracy", "mse", "mae", "r2" or a function (pred, target) => Tensor`,
  );
};

/**
 * Resolves a metrics option to named metric functions. An unnamed function takes its own name
 * (`fn.name`), or `metric<i>`.
 */
export const resolveMetrics = (owner: string, opt: MetricsOption | undefined): [string, Metric][] => {
  if (opt === undefined) return [];
  const entries: [string, MetricName | Metric][] = Array.isArray(opt)
    ? (opt as readonly (MetricName | Metric)[]).map((m, i) => [
        typeof m === "string" ? m : m.name || `metric${i}`,
        m,
      ])
    : Object.entries(opt);
  const seen = new Set<string>();
  return entries.map(([name, m]) => {
    if (seen.has(name)) throw new TensorError(owner, `metric name "${name}" appears twice`);
    seen.add(name);
    return [name, lookup(owner, m, `"${name}"`)];
  });
};
