import { fmtShape, isTensor, type Tensor, TensorError, type Tree, tree } from "@tapegrad/autograd";

/** Formats a shape as every tapegrad error message prints it (autograd's). */
export { fmtShape };

/** The error a layer throws on bad input: a TensorError whose `op` is the layer's name. */
export const layerError = (layer: string, message: string): TensorError => new TensorError(layer, message);

/** A short description of a params tree for messages, e.g. `{bias, kernel}`. */
export const describeTree = (t: unknown): string => {
  try {
    return tree.describe(tree.flatten(t as Tree)[1]);
  } catch {
    return t === null ? "null" : typeof t;
  }
};

/** Throws when a layer factory is handed a tensor (e.g. `serial(dense)` instead of `serial(dense(4))`). */
export const notATensor = (layer: string, arg: unknown): void => {
  if (isTensor(arg)) {
    throw layerError(
      layer,
      `is a layer factory: call ${layer}(...) to make the layer, then put that in serial`,
    );
  }
};

/** Checks an `inputShape` given to `init`: non-negative integers, at least `minRank` of them. */
export const checkInputShape = (layer: string, shape: readonly number[], minRank: number): void => {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw layerError(layer, `inputShape must be an array of non-negative integers, got ${String(shape)}`);
  }
  if (shape.length < minRank) {
    throw layerError(
      layer,
      `needs an input shape of rank ≥ ${minRank} (one example, no batch axis), got ${fmtShape(shape)}`,
    );
  }
};

/**
 * Checks that the last axis of `x` has the `expected` size the layer was initialized for.
 * `name` and `param` say which parameter fixed it, e.g. `kernel [3, 12]` (formatted only for the
 * error: this runs on every call).
 */
export const checkFeatures = (
  layer: string,
  x: Tensor,
  expected: number,
  name: string,
  param: Tensor,
): void => {
  if (!isTensor(x)) throw layerError(layer, `expects a tensor input, got ${typeof x}`);
  const f = x.rank === 0 ? undefined : x.shape[x.rank - 1];
  if (f !== expected) {
    throw layerError(
      layer,
      `input of shape ${fmtShape(x.shape)} has ${f === undefined ? "no" : f} features on its last axis, ` +
        `but the layer was initialized for ${expected} (${name} ${fmtShape(param.shape)})`,
    );
  }
};

/** Checks that `x` has the dtype of the layer's parameters. */
export const checkDType = (layer: string, x: Tensor, p: Tensor): void => {
  if (x.dtype !== p.dtype) {
    throw layerError(
      layer,
      `input dtype ${x.dtype} ${fmtShape(x.shape)} differs from the parameters' ${p.dtype}; cast one of them`,
    );
  }
};

/** Reads a tensor field of a params/state record, with a clear error when it is missing. */
export const field = (layer: string, rec: unknown, name: string, what = "params"): Tensor => {
  const v = typeof rec === "object" && rec !== null ? (rec as Record<string, unknown>)[name] : undefined;
  if (!isTensor(v)) {
    throw layerError(layer, `${what} must have a tensor '${name}', got ${describeTree(rec)}`);
  }
  return v;
};
