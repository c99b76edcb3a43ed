import { either as E } from "fp-ts";
import { allocate, type DType, dtypeOfArray, isDType, type TypedArray } from "./dtype";
import { fmtShape, TensorError } from "./errors";
import { checkShape, sizeOf } from "./shape";
import { fromData, type NestedArray, type Tensor } from "./tensor";

/** What `tensor` accepts: a number, nested arrays of numbers, or a flat typed or plain array with a shape. */
export type TensorInput = number | NestedArray | readonly NestedArray[] | TypedArray | readonly number[];

/** Options of the constructors. */
export interface TensorOptions {
  /** Element type; default float32 (int32 typed arrays default to int32, Float64Array to float64). */
  readonly dtype?: DType;
  /** Shape for flat input; nested arrays carry their own shape (and must agree with this one). */
  readonly shape?: readonly number[];
}

const inferShape = (v: unknown, path: number[], out: number[], depth: number): void => {
  if (Array.isArray(v)) {
    if (depth === out.length) out.push(v.length);
    else if (out[depth] !== v.length) {
      throw new TensorError(
        "tensor",
        `ragged nested array at ${path.length ? `[${path.join("][")}]` : "the top level"}: expected length ${out[depth]}, got ${v.length}`,
      );
    }
    if (v.length > 0) inferShape(v[0], [...path, 0], out, depth + 1);
  } else if (depth < out.length) {
    throw new TensorError(
      "tensor",
      `ragged nested array at [${path.join("][")}]: expected an array, got a number`,
    );
  }
};

const fill = (v: unknown, shape: readonly number[], data: TypedArray): void => {
  // Iterative walk with an explicit stack: deep literals never recurse.
  let k = 0;
  const stack: { arr: readonly unknown[]; i: number; path: number[] }[] = [];
  if (!Array.isArray(v)) {
    data[0] = checkNumber(v, []);
    return;
  }
  stack.push({ arr: v, i: 0, path: [] });
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const depth = stack.length - 1;
    if (top.i >= top.arr.length) {
      stack.pop();
      continue;
    }
    const child = top.arr[top.i];
    const path = [...top.path, top.i];
    top.i++;
    if (depth === shape.length - 1) {
      if (Array.isArray(child))
        throw new TensorError(
          "tensor",
          `ragged nested array at [${path.join("][")}]: expected a number, got an array`,
        );
      data[k++] = checkNumber(child, path);
    } else {
      if (!Array.isArray(child) || child.length !== shape[depth + 1]) {
        const got = Array.isArray(child) ? `length ${child.length}` : "a number";
        throw new TensorError(
          "tensor",
          `ragged nested array at [${path.join("][")}]: expected length ${shape[depth + 1]}, got ${got}`,
        );
      }
      stack.push({ arr: child, i: 0, path });
    }
  }
};

const checkNumber = (v: unknown, path: number[]): number => {
  if (typeof v !== "number") {
    throw new TensorError("tensor", `expected a number at [${path.join("][")}], got ${typeof v}`);
  }
  return v;
};

const checkDType = (dtype: DType, data: ArrayLike<number>): void => {
  if (dtype !== "int32") return;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
      throw new TensorError("tensor", `value ${v} at flat index ${i} is not an int32`);
    }
  }
};

/**
 * Creates a tensor from a number, nested arrays, or a flat array plus `shape`. Throws a
 * `TensorError` on ragged or non-numeric input; `tensorE` is the checked form for untrusted data.
 *
 * @example
 * tensor([[1, 2], [3, 4]])
 * tensor(new Float64Array([1, 2, 3, 4]), { shape: [2, 2] })
 * tensor([0, 2, 1], { dtype: "int32" })
 */
export const tensor = (values: TensorInput, opts: TensorOptions = {}): Tensor => {
  if (opts.dtype !== undefined && !isDType(opts.dtype))
    throw new TensorError("tensor", `unknown dtype ${String(opts.dtype)}`);
  const typed = dtypeOfArray(values);
  if (typed !== undefined) {
    const src = values as TypedArray;
    const dtype = opts.dtype ?? typed;
    const shape = opts.shape ?? [src.length];
    checkShape("tensor", shape);
    if (sizeOf(shape) !== src.length) {
      throw new TensorError("tensor", `${src.length} values do not fill shape ${fmtShape(shape)}`);
    }
    const data = allocate(dtype, src.length);
    if (dtype === "int32" && typed !== "int32") checkDType("int32", src);
    data.set(src);
    return fromData(data, shape);
  }
  const dtype = opts.dtype ?? "float32";
  const shape: number[] = [];
  if (typeof values !== "number") {
    if (!Array.isArray(values))
      throw new TensorError("tensor", `expected a number or an array, got ${typeof values}`);
    inferShape(values, [], shape, 0);
  }
  const data = allocate(dtype, sizeOf(shape));
  const check = new Float64Array(data.length);
  fill(values, shape, check);
  checkDType(dtype, check);
  data.set(check);
  if (opts.shape !== undefined) {
    checkShape("tensor", opts.shape);
    if (sizeOf(opts.shape) !== data.length) {
      throw new TensorError("tensor", `${data.length} values do not fill shape ${fmtShape(opts.shape)}`);
    }
    return fromData(data, shape.length <= 1 ? opts.shape : mustEqual(shape, opts.shape));
  }
  return fromData(data, shape);
};

const mustEqual = (a: readonly number[], b: readonly number[]): readonly number[] => {
  if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
    throw new TensorError(
      "tensor",
      `nested array of shape ${fmtShape(a)} does not match the shape option ${fmtShape(b)}`,
    );
  }
  return b;
};

/**
 * The checked form of `tensor` for untrusted input (JSON, files): `Left(TensorError)` instead of
 * throwing.
 *
 * @example
 * tensorE(JSON.parse(text)) // Either<TensorError, Tensor>
 */
export const tensorE = (values: unknown, opts: TensorOptions = {}): E.Either<TensorError, Tensor> =>
  E.tryCatch(
    () => tensor(values as TensorInput, opts),
    (e) => (e instanceof TensorError ? e : new TensorError("tensor", String(e))),
  );

/** A scalar (shape `[]`) tensor. @example scalar(3.5) */
export const scalar = (value: number, dtype: DType = "float32"): Tensor => tensor(value, { dtype });

/** A tensor of `shape` filled with `value`. @example full([2, 2], 7) */
export const full = (shape: readonly number[], value: number, dtype: DType = "float32"): Tensor => {
  checkShape("full", shape);
  const d = allocate(dtype, sizeOf(shape));
  d.fill(value);
  return fromData(d, shape);
};

/** A tensor of zeros. @example zeros([2, 3]) */
export const zeros = (shape: readonly number[], dtype: DType = "float32"): Tensor => full(shape, 0, dtype);

/** A tensor of ones. @example ones([3]) */
export const ones = (shape: readonly number[], dtype: DType = "float32"): Tensor => full(shape, 1, dtype);

/** Zeros with the shape and dtype of `x`. @example zerosLike(x) */
export const zerosLike = (x: Tensor): Tensor => zeros(x.shape, x.dtype);

/** Ones with the shape and dtype of `x`. @example onesLike(x) */
export const onesLike = (x: Tensor): Tensor => ones(x.shape, x.dtype);

/**
 * Evenly spaced values in [start, stop) with `step`, as `numpy.arange`; `arange(n)` is 0..n−1.
 *
 * @example
 * arange(5) // [0, 1, 2, 3, 4]
 * arange(1, 2, 0.25, "float64")
 */
export const arange = (start: number, stop?: number, step = 1, dtype: DType = "float32"): Tensor => {
  const [a, b] = stop === undefined ? [0, start] : [start, stop];
  if (step === 0 || !Number.isFinite(step))
    throw new TensorError("arange", `step must be finite and non-zero, got ${step}`);
  const n = Math.max(0, Math.ceil((b - a) / step));
  const d = allocate(dtype, n);
  for (let i = 0; i < n; i++) d[i] = a + i * step;
  return fromData(d, [n]);
};

/**
 * `num` evenly spaced values from `start` to `stop` inclusive, as `numpy.linspace`.
 *
 * @example
 * linspace(0, 1, 5) // [0, 0.25, 0.5, 0.75, 1]
 */
export const linspace = (start: number, stop: number, num: number, dtype: DType = "float32"): Tensor => {
  if (!Number.isInteger(num) || num < 0)
    throw new TensorError("linspace", `num must be a non-negative integer, got ${num}`);
  const d = allocate(dtype, num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) d[i] = i === num - 1 && num > 1 ? stop : start + i * step;
  return fromData(d, [num]);
};

/**
 * The n×m identity matrix (m defaults to n).
 *
 * @example
 * eye(3)
 */
export const eye = (n: number, m: number = n, dtype: DType = "float32"): Tensor => {
  checkShape("eye", [n, m]);
  const d = allocate(dtype, n * m);
  for (let i = 0; i < Math.min(n, m); i++) d[i * m + i] = 1;
  return fromData(d, [n, m]);
};
