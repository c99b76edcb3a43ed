import { fmtShape, TensorError } from "./errors";

/** Number of elements of a shape (1 for the scalar shape `[]`). */
export const sizeOf = (shape: readonly number[]): number => {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
};

/** Row-major strides of a shape. */
export const stridesOf = (shape: readonly number[]): number[] => {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
};

export const shapesEqual = (a: readonly number[], b: readonly number[]): boolean => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** NumPy broadcasting of two shapes; throws a TensorError naming `op` and both shapes. */
export const broadcastShapes = (op: string, a: readonly number[], b: readonly number[]): number[] => {
  if (shapesEqual(a, b)) return a.slice();
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else {
      throw new TensorError(op, `shapes ${fmtShape(a)} and ${fmtShape(b)} do not broadcast`);
    }
  }
  return out;
};

/** Normalizes one axis (negative counts from the end); throws when out of range. */
export const normAxis = (op: string, axis: number, rank: number, shape?: readonly number[]): number => {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    const of = shape === undefined ? `a tensor of rank ${rank}` : `shape ${fmtShape(shape)} (rank ${rank})`;
    throw new TensorError(op, `axis ${axis} is out of range for ${of}`);
  }
  return axis < 0 ? axis + rank : axis;
};

/** Normalizes an axis option (a number, an array, or absent for all axes) to sorted unique axes. */
export const normAxes = (
  op: string,
  axis: number | readonly number[] | undefined,
  rank: number,
  shape?: readonly number[],
): number[] => {
  if (axis === undefined) {
    const all = new Array<number>(rank);
    for (let i = 0; i < rank; i++) all[i] = i;
    return all;
  }
  if (typeof axis === "number") return [normAxis(op, axis, rank, shape)];
  const list = typeof axis === "number" ? [axis] : axis;
  const out = list.map((a) => normAxis(op, a, rank, shape));
  const sorted = [...new Set(out)].sort((x, y) => x - y);
  if (sorted.length !== out.length) throw new TensorError(op, `repeated axis in ${JSON.stringify(axis)}`);
  return sorted;
};

/** Validates a shape given by a caller: non-negative integers. */
export const checkShape = (op: string, shape: readonly number[]): void => {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new TensorError(op, `invalid shape ${fmtShape(shape)}`);
  }
};
