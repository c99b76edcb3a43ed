import { sumTo } from "./composites/shapes";
import { allocate, isFloat, type TypedArray } from "./dtype";
import { fmtShape, TensorError } from "./errors";
import { add } from "./ops/add";
import { cast } from "./ops/cast";
import type { Cotangent, Primitive, SparseCotangent } from "./primitive";
import { shapesEqual } from "./shape";
import { dataOf, fromData, Tensor } from "./tensor";

interface Node {
  readonly prim: Primitive<any> | null; // null for a leaf
  readonly inputs: readonly Tensor[]; // primals one level down
  readonly ids: readonly number[]; // node ids of the inputs in this trace, -1 when constant here
  readonly out: Tensor; // primal output
  readonly params: unknown;
}

/**
 * One level of reverse-mode differentiation: a Wengert list (tape) of nodes in creation order,
 * walked backwards without recursion. Nested `grad` calls open nested traces; an op records on
 * the innermost live trace among its inputs and recurses one level down for its primal.
 */
export class Trace {
  readonly level: number;
  readonly nodes: Node[] = [];
  active = true;
  constructor(level: number) {
    this.level = level;
  }

  /** Wraps `primal` as a leaf tracer of this trace. */
  leaf(primal: Tensor): Tensor {
    const id = this.nodes.length;
    this.nodes.push({ prim: null, inputs: [], ids: [], out: primal, params: undefined });
    return new Tensor(dataOf(primal), primal.shape, this, primal, id);
  }

  record(prim: Primitive<any>, inputs: Tensor[], ids: number[], out: Tensor, params: unknown): Tensor {
    const id = this.nodes.length;
    this.nodes.push({ prim, inputs, ids, out, params });
    return new Tensor(dataOf(out), out.shape, this, out, id);
  }
}

let depth = 0;

/** @internal Opens a new trace one level above every live one. */
export const openTrace = (): Trace => new Trace(++depth);

/** @internal Closes a trace: its tracers become constants wherever they turn up later. */
export const closeTrace = (t: Trace): void => {
  t.active = false;
  depth = t.level - 1;
};

/** Peels tracers of closed traces down to the value they stand for. */
export const strip = (x: Tensor): Tensor => {
  while (x._tr !== null && !x._tr.active) x = x._primal!;
  return x;
};

/** The concrete value under any number of trace levels. */
export const concrete = (x: Tensor): Tensor => {
  while (x._tr !== null) x = x._primal!;
  return x;
};

// ---------------------------------------------------------------- anomaly detection

let anomaly = 0;
let backwardOf: string | null = null;

/** @internal */
export const setAnomaly = (on: boolean): void => {
  anomaly += on ? 1 : -1;
};

const hasNonFinite = (t: Tensor): boolean => {
  if (!isFloat(t.dtype)) return false;
  const d = dataOf(t);
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i]!)) return true;
  return false;
};

const checkForward = (prim: Primitive<any>, inputs: readonly Tensor[], out: Tensor): void => {
  if (!hasNonFinite(out)) return;
  for (const x of inputs) if (hasNonFinite(x)) return; // not the first op to produce it
  const shapes = inputs.map((x) => fmtShape(x.shape)).join(", ");
  const where = backwardOf === null ? "forward pass" : `backward pass of '${backwardOf}'`;
  throw new TensorError(
    "detectAnomaly",
    `op '${prim.name}' produced NaN or Infinity in the ${where} (input shapes ${shapes})`,
  );
};

// ---------------------------------------------------------------- dispatch

/**
 * Applies a primitive: on concrete inputs it runs the kernel; otherwise it records a node on the
 * innermost live trace among the inputs and recurses for the primal one level down.
 */
export const apply = <P>(prim: Primitive<P>, inputs: readonly Tensor[], params: P): Tensor => {
  let top: Trace | null = null;
  let clean = true;
  for (let i = 0; i < inputs.length; i++) {
    const t = inputs[i]!._tr;
    if (t !== null) {
      clean = false;
      if (t.active && (top === null || t.level > top.level)) top = t;
    }
  }
  if (top === null) {
    const xs = clean ? inputs : inputs.map(concrete);
    const out = prim.forward(xs, params);
    if (anomaly > 0) checkForward(prim, xs, out);
    return out;
  }
  const n = inputs.length;
  const primals = new Array<Tensor>(n);
  const ids = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const x = strip(inputs[i]!);
    if (x._tr === top) {
      primals[i] = x._primal!;
      ids[i] = x._id;
    } else {
      primals[i] = x;
      ids[i] = -1;
    }
  }
  const out = apply(prim, primals, params);
  return top.record(prim, primals, ids, out, params);
};

// ---------------------------------------------------------------- backward

// add, sumTo and cast come through an import cycle: harmless, as they are used only at call time.

/** A gradient being accumulated: a tensor, or a buffer the tape owns and adds into in place. */
type Acc = Tensor | { buf: TypedArray; shape: readonly number[] };

const isSparse = (c: Tensor | SparseCotangent): c is SparseCotangent => !(c instanceof Tensor);

const accumulate = (acc: Acc | undefined, c: Tensor | SparseCotangent, target: Tensor): Acc => {
  const shape = target.shape;
  if (isSparse(c)) {
    if (!c.traced && (acc === undefined || !(acc instanceof Tensor) || acc._tr === null)) {
      // First order: add straight into an owned buffer, no full-size tensor per read.
      const owned = toOwned(acc, target);
      c.addInto(owned.buf);
      return owned;
    }
    c = c.dense();
  }
  let t = c;
  if (t.dtype !== target.dtype && isFloat(target.dtype)) t = cast(t, target.dtype);
  if (!shapesEqual(t.shape, shape)) t = sumTo(t, shape);
  if (acc === undefined) return t;
  if (acc instanceof Tensor) {
    if (acc._tr === null && t._tr === null) {
      const owned = toOwned(acc, target);
      addInPlace(owned.buf, dataOf(t));
      return owned;
    }
    return add(acc, t);
  }
  if (t._tr === null) {
    addInPlace(acc.buf, dataOf(t));
    return acc;
  }
  return add(fromData(acc.buf, acc.shape), t);
};

const toOwned = (acc: Acc | undefined, target: Tensor): { buf: TypedArray; shape: readonly number[] } => {
  if (acc === undefined) return { buf: allocate(target.dtype, target.size), shape: target.shape };
  if (acc instanceof Tensor) return { buf: acc.dataSync(), shape: target.shape };
  return acc;
};

const addInPlace = (dst: TypedArray, src: TypedArray): void => {
  for (let i = 0; i < dst.length; i++) dst[i]! += src[i]!;
};

const finish = (acc: Acc): Tensor => (acc instanceof Tensor ? acc : fromData(acc.buf, acc.shape));

/**
 * @internal Runs the tape of `trace` backwards from node `outId` with cotangent `seed`, and
 * returns the cotangent of each requested leaf id (undefined where no path exists).
 */
export const backward = (
  trace: Trace,
  outId: number,
  seed: Tensor,
  leafIds: readonly number[],
): (Tensor | undefined)[] => {
  const nodes = trace.nodes;
  const cts: (Acc | undefined)[] = new Array(outId + 1);
  cts[outId] = seed;
  const wasActive = trace.active;
  trace.active = false;
  const savedBackward = backwardOf;
  try {
    for (let i = outId; i >= 0; i--) {
      const acc = cts[i];
      const node = nodes[i]!;
      if (acc === undefined || node.prim === null) continue;
      cts[i] = undefined;
      const g = finish(acc);
      backwardOf = node.prim.name;
      const needs = node.ids.map((id, j) => id >= 0 && isFloat(node.inputs[j]!.dtype));
      const outs: readonly Cotangent[] = node.prim.vjp(g, node.inputs, node.out, node.params, needs);
      for (let j = 0; j < node.ids.length; j++) {
        const id = node.ids[j]!;
        const c = outs[j];
        if (id < 0 || c === null || c === undefined) continue;
        const input = node.inputs[j]!;
        if (!isFloat(input.dtype)) continue;
        const next = accumulate(cts[id], c, input);
        if (anomaly > 0 && next instanceof Tensor && next._tr === null) {
          checkBackward(node.prim.name, g, next);
        }
        cts[id] = next;
      }
    }
  } finally {
    backwardOf = savedBackward;
    trace.active = wasActive;
  }
  return leafIds.map((id) => {
    const a = cts[id];
    return a === undefined ? undefined : finish(a);
  });
};

const checkBackward = (name: string, g: Tensor, ct: Tensor): void => {
  if (hasNonFinite(ct) && !(g._tr === null && hasNonFinite(g))) {
    throw new TensorError(
      "detectAnomaly",
      `the backward pass of '${name}' produced NaN or Infinity (cotangent shape ${fmtShape(ct.shape)})`,
    );
  }
};
