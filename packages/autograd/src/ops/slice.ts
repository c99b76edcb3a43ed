import { allocate, type TypedArray } from "../dtype";
import { fmtShape, TensorError } from "../errors";
import type { Primitive, SparseCotangent } from "../primitive";
import { stridesOf } from "../shape";
import { dataOf, fromData, type Tensor } from "../tensor";
import { apply } from "../trace";

/** @internal A normalized strided box: per axis a start, a positive step and a count. */
export interface SliceParams {
  readonly start: readonly number[];
  readonly step: readonly number[];
  readonly shape: readonly number[]; // counts per axis = output shape
  readonly full: readonly number[]; // shape of the sliced tensor
}

/**
 * @internal The flat index in the full tensor of each element of the box, in row-major box
 * order: kernels then copy with a plain loop.
 */
export const boxIndex = (p: SliceParams): Int32Array => {
  const rank = p.shape.length;
  let n = 1;
  for (const d of p.shape) n *= d;
  const map = new Int32Array(n);
  if (n === 0) return map;
  const fs = stridesOf(p.full);
  const st = p.step.map((s, i) => s * fs[i]!);
  let j = 0;
  for (let i = 0; i < rank; i++) j += p.start[i]! * fs[i]!;
  const idx = new Array<number>(rank).fill(0);
  for (let k = 0; k < n; k++) {
    map[k] = j;
    for (let ax = rank - 1; ax >= 0; ax--) {
      idx[ax]!++;
      j += st[ax]!;
      if (idx[ax]! < p.shape[ax]!) break;
      j -= st[ax]! * idx[ax]!;
      idx[ax] = 0;
    }
  }
  return map;
};

/** @internal Scatters `values` (the box's elements) into zeros of the full shape: slice's transpose. */
export const unsliceP: Primitive<SliceParams> = {
  name: "unslice",
  forward: ([v], p) => {
    const src = dataOf(v!);
    const out = allocate(
      v!.dtype,
      p.full.reduce((s, d) => s * d, 1),
    );
    const map = boxIndex(p);
    for (let k = 0; k < map.length; k++) out[map[k]!] = src[k]!;
    return fromData(out, p.full);
  },
  vjp: (g, _v, _out, p) => [apply(sliceP, [g], p)],
};

const sparseUnslice = (g: Tensor, p: SliceParams): SparseCotangent => ({
  sparse: true,
  shape: p.full,
  traced: g._tr !== null,
  addInto: (acc: TypedArray) => {
    const src = dataOf(g);
    const map = boxIndex(p);
    for (let k = 0; k < map.length; k++) acc[map[k]!]! += src[k]!;
  },
  dense: () => apply(unsliceP, [g], p),
});

// d slice(x) = dy scattered back into the box it was read from (sparse: no full-size zeros per read)
export const sliceP: Primitive<SliceParams> = {
  name: "slice",
  forward: ([x], p) => {
    const a = dataOf(x!);
    const out = allocate(
      x!.dtype,
      p.shape.reduce((s, d) => s * d, 1),
    );
    const map = boxIndex(p);
    for (let k = 0; k < map.length; k++) out[k] = a[map[k]!]!;
    return fromData(out, p.shape);
  },
  vjp: (g, _x, _out, p) => [sparseUnslice(g, p)],
};

/**
 * NumPy slicing `x[begin:end:step]` per axis; `end` is exclusive. The arrays may be shorter than
 * the rank (the remaining axes are taken whole); negative indices count from the end and are
 * clamped as NumPy does. Steps must be positive.
 *
 * @example
 * slice(arange(10), [2], [8], [3]) // [2, 5]
 */
export const slice = (
  x: Tensor,
  begin: readonly number[],
  end?: readonly (number | undefined)[],
  step?: readonly number[],
): Tensor => {
  const rank = x.rank;
  if (begin.length > rank || (end?.length ?? 0) > rank || (step?.length ?? 0) > rank) {
    throw new TensorError("slice", `more indices than axes for shape ${fmtShape(x.shape)}`);
  }
  const start: number[] = [];
  const stepOut: number[] = [];
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) {
    const n = x.shape[i]!;
    const s = step?.[i] ?? 1;
    if (!Number.isInteger(s) || s <= 0)
      throw new TensorError("slice", `step must be a positive integer, got ${s}`);
    const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
    const b = clamp(begin[i] ?? 0);
    const e = clamp(end?.[i] ?? n);
    if (!Number.isInteger(b) || !Number.isInteger(e))
      throw new TensorError("slice", "indices must be integers");
    start.push(b);
    stepOut.push(s);
    shape.push(e > b ? Math.ceil((e - b) / s) : 0);
  }
  if (shape.every((d, i) => d === x.shape[i]) && stepOut.every((s) => s === 1)) return x;
  return apply(sliceP, [x], { start, step: stepOut, shape, full: x.shape.slice() });
};
