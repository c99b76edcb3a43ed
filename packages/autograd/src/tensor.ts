import { type DType, dtypeOfArray, type TypedArray } from "./dtype";
import { fmtShape, TensorError } from "./errors";
import { sizeOf, stridesOf } from "./shape";
import type { Trace } from "./trace";

/** Nested arrays of numbers, as `toArray()` returns them. */
export type NestedArray = number | NestedArray[];

let readData: (t: Tensor) => TypedArray;

/**
 * An immutable n-dimensional array: contiguous row-major storage in a typed array that nothing
 * in the public API can write. Values inside `grad` are tensors too (traced), so functions
 * written for tensors are differentiable as they stand.
 *
 * @example
 * const x = tensor([[1, 2], [3, 4]]);
 * x.shape;      // [2, 2]
 * x.toArray();  // [[1, 2], [3, 4]]
 */
export class Tensor {
  /** The extent of each axis; `[]` for a scalar. */
  readonly shape: readonly number[];
  /** The element type. */
  readonly dtype: DType;
  /** The number of elements (the product of the shape). */
  readonly size: number;
  readonly #data: TypedArray;
  /** @internal The trace this tensor is a tracer of, or null for a concrete tensor. */
  readonly _tr: Trace | null;
  /** @internal For a tracer, the value one trace level down. */
  readonly _primal: Tensor | null;
  /** @internal For a tracer, its node index in the trace. */
  readonly _id: number;

  static {
    readData = (t) => t.#data;
  }

  /** @internal Use `tensor(...)` and the other constructors. */
  constructor(
    data: TypedArray,
    shape: readonly number[],
    tr: Trace | null = null,
    primal: Tensor | null = null,
    id = -1,
  ) {
    this.#data = data;
    // Internal callers hand over shapes they no longer touch; frozen ones are shared as they are.
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze(shape.slice());
    this.dtype = dtypeOfArray(data)!;
    this.size = data.length;
    this._tr = tr;
    this._primal = primal;
    this._id = id;
  }

  /** The rank (number of axes). */
  get rank(): number {
    return this.shape.length;
  }

  /** A copy of the elements, row-major, in a fresh typed array of the tensor's dtype. */
  dataSync(): TypedArray {
    return this.#data.slice();
  }

  /** The elements as nested arrays (a plain number for a scalar). */
  toArray(): NestedArray {
    const d = this.#data;
    const shape = this.shape;
    if (shape.length === 0) return d[0]!;
    const strides = stridesOf(shape);
    const build = (axis: number, offset: number): NestedArray[] => {
      const n = shape[axis]!;
      const out = new Array<NestedArray>(n);
      for (let i = 0; i < n; i++) {
        const o = offset + i * strides[axis]!;
        out[i] = axis === shape.length - 1 ? d[o]! : build(axis + 1, o);
      }
      return out;
    };
    return build(0, 0);
  }

  /** The single element of a size-1 tensor, as a number. */
  item(): number {
    if (this.size !== 1) {
      throw new TensorError("item", `needs a tensor of size 1, got shape ${fmtShape(this.shape)}`);
    }
    return this.#data[0]!;
  }

  /** A short human-readable form, e.g. `Tensor(float32, [2, 2]) [[1, 2], [3, 4]]`. */
  toString(): string {
    const body = this.size <= 64 ? JSON.stringify(this.toArray()) : "…";
    return `Tensor(${this.dtype}, ${fmtShape(this.shape)}) ${body}`;
  }
}

/** @internal Read access to a tensor's storage for kernels. Kernels never write to it. */
export const dataOf = (t: Tensor): TypedArray => readData(t);

/** @internal Wraps a freshly written typed array (owned by no one else) as a concrete tensor. */
export const fromData = (data: TypedArray, shape: readonly number[]): Tensor => {
  if (data.length !== sizeOf(shape)) {
    throw new TensorError("tensor", `${data.length} values do not fill shape ${fmtShape(shape)}`);
  }
  return new Tensor(data, shape);
};

/** True when `x` is a tensor. */
export const isTensor = (x: unknown): x is Tensor => x instanceof Tensor;
