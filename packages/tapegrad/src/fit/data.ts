import {
  fmtShape,
  foldIn,
  isTensor,
  type Key,
  permutation,
  type Tensor,
  TensorError,
  take,
  tensor,
} from "@tapegrad/autograd";

/** Checks that `x` and `y` are tensors holding the same number (> 0) of examples along axis 0. */
export const checkExamples = (
  op: string,
  x: unknown,
  y: unknown,
  names: readonly [string, string] = ["x", "y"],
): number => {
  const [xn, yn] = names;
  if (!isTensor(x))
    throw new TensorError(op, `${xn} must be a tensor, got ${x === null ? "null" : typeof x}`);
  if (!isTensor(y))
    throw new TensorError(op, `${yn} must be a tensor, got ${y === null ? "null" : typeof y}`);
  if (x.rank === 0) throw new TensorError(op, `${xn} must have an examples axis, got a scalar`);
  if (y.rank === 0) throw new TensorError(op, `${yn} must have an examples axis, got a scalar`);
  const n = x.shape[0]!;
  const m = y.shape[0]!;
  if (n !== m) {
    throw new TensorError(
      op,
      `${xn} and ${yn} hold different numbers of examples: ${xn} has ${n} (shape ${fmtShape(x.shape)}), ${yn} has ${m} (shape ${fmtShape(y.shape)})`,
    );
  }
  if (n === 0) throw new TensorError(op, `the data set is empty (${xn} has shape ${fmtShape(x.shape)})`);
  return n;
};

/** Checks a count option: a positive integer (or a non-negative one when `allowZero`). */
export const checkCount = (op: string, name: string, v: number, allowZero = false): number => {
  if (typeof v !== "number" || !Number.isInteger(v) || v < (allowZero ? 0 : 1)) {
    throw new TensorError(
      op,
      `${name} must be a ${allowZero ? "non-negative" : "positive"} integer, got ${v}`,
    );
  }
  return v;
};

/** The examples at `indices` (int32 positions along axis 0). */
export const rows = (t: Tensor, indices: Int32Array): Tensor =>
  take(t, tensor(indices, { dtype: "int32", shape: [indices.length] }), { axis: 0 });

/** Splits the last `fraction` of the examples off for validation (as Keras: before shuffling). */
export const splitValidation = (
  x: Tensor,
  y: Tensor,
  fraction: number,
): { x: Tensor; y: Tensor; val?: readonly [Tensor, Tensor] } => {
  if (typeof fraction !== "number" || !(fraction >= 0 && fraction < 1)) {
    throw new TensorError("fit", `validationSplit must be in [0, 1), got ${fraction}`);
  }
  if (fraction === 0) return { x, y };
  const n = x.shape[0]!;
  const nVal = Math.floor(n * fraction);
  if (nVal === 0) {
    throw new TensorError(
      "fit",
      `validationSplit ${fraction} of ${n} examples holds out no example; use a larger split`,
    );
  }
  if (nVal === n)
    throw new TensorError("fit", `validationSplit ${fraction} of ${n} examples leaves none for training`);
  const range = (a: number, b: number) => Int32Array.from({ length: b - a }, (_, i) => a + i);
  const train = range(0, n - nVal);
  const val = range(n - nVal, n);
  return { x: rows(x, train), y: rows(y, train), val: [rows(x, val), rows(y, val)] };
};

/**
 * The order of the training examples in `epoch`: a permutation from `foldIn(key, epoch)` when
 * shuffling, else 0..n−1. The same key gives the same order on every platform.
 */
export const epochOrder = (n: number, shuffle: boolean, k: Key, epoch: number): Int32Array => {
  if (!shuffle) return Int32Array.from({ length: n }, (_, i) => i);
  return permutation(foldIn(k, epoch), n).dataSync() as Int32Array;
};
