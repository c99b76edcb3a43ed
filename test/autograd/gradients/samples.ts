// Sample generators shared by the OpInfo table: shapes and tensors the gradient properties draw.
import { type Tensor, tensor } from "@tapegrad/autograd";
import {
  arbBroadcastableShapes,
  arbShape,
  arbTensor,
  type ShapeOptions,
  type TensorArbOptions,
} from "@tapegrad/gradcheck";
import fc from "fast-check";
import { refBroadcastShape, sizeOfShape } from "../helpers";

/** A float64 tensor from nested arrays. */
export const f64 = (v: number | number[] | number[][] | number[][][], shape?: number[]): Tensor =>
  tensor(v, { dtype: "float64", shape });

/** An int32 tensor from a flat array (of `shape`). */
export const i32 = (v: number[], shape?: number[]): Tensor => tensor(v, { dtype: "int32", shape });

/** An int32 tensor of `shape` (zeros): it carries a shape into an op as a constant input. */
export const shapeWitness = (shape: readonly number[]): Tensor =>
  tensor(new Int32Array(sizeOfShape(shape)), { shape, dtype: "int32" });

/** A float64 tensor over generated shapes. */
export const anyTensor = (o: TensorArbOptions & ShapeOptions = {}): fc.Arbitrary<Tensor> =>
  arbTensor({ shape: arbShape(o), ...o });

/** Two tensors whose shapes broadcast, each with its own value options. */
export const pairOf = (a: TensorArbOptions = {}, b: TensorArbOptions = a, s: ShapeOptions = {}) =>
  arbBroadcastableShapes(s).chain(([sa, sb]) =>
    fc.tuple(arbTensor({ ...a, shape: sa }), arbTensor({ ...b, shape: sb })),
  );

/** `n` tensors of one generated shape. */
export const sameShape = (n: number, s: ShapeOptions = {}, o: TensorArbOptions = {}) =>
  arbShape(s).chain((shape) => fc.tuple(...Array.from({ length: n }, () => arbTensor({ ...o, shape }))));

/** A tensor and a shape it broadcasts to (as a witness), for broadcastTo and sumTo. */
export const withBroadcastTarget = (s: ShapeOptions = {}) =>
  arbBroadcastableShapes(s).chain(([a, b]) =>
    fc.tuple(arbTensor({ shape: a }), fc.constant(shapeWitness(refBroadcastShape(a, b)))),
  );

/** A tensor of a broadcast shape and (as a witness) a shape that broadcasts to it, for sumTo. */
export const withSumToTarget = (s: ShapeOptions = {}) =>
  arbBroadcastableShapes(s).chain(([a, b]) =>
    fc.tuple(arbTensor({ shape: refBroadcastShape(a, b) }), fc.constant(shapeWitness(a))),
  );

/** Two tensors that agree on every axis but `axis` (rank ≥ 1), for concat. */
export const concatPair = (axis: number) =>
  arbShape({ minRank: 1 }).chain((shape) => {
    const ax = axis < 0 ? shape.length + axis : axis;
    const at = (d: number) => shape.map((e, i) => (i === ax ? d : e));
    return fc
      .tuple(fc.nat({ max: 3 }), fc.nat({ max: 3 }))
      .chain(([m, n]) => fc.tuple(arbTensor({ shape: at(m) }), arbTensor({ shape: at(n) })));
  });

/** x and int32 indices for takeAlongAxis on the last axis: indices of shape x.shape with last extent k. */
export const alongAxisSample = arbShape({ minRank: 1, allowZero: false }).chain((shape) => {
  const n = shape[shape.length - 1]!;
  return fc.tuple(
    arbTensor({ shape }),
    fc
      .integer({ min: 1, max: 4 })
      .chain((k) => arbTensor({ shape: [...shape.slice(0, -1), k], dtype: "int32", min: -n, max: n - 1 })),
  );
});

/** Operands of matmul: 1-D or 2-D+ with broadcast batch axes; inner extents may be zero. */
export const matmulPair = fc
  .tuple(
    fc.integer({ min: 0, max: 3 }),
    fc.integer({ min: 0, max: 3 }),
    fc.integer({ min: 0, max: 3 }),
    fc.boolean(),
    fc.boolean(),
    arbBroadcastableShapes({ maxRank: 2, maxDim: 3, allowZero: false }),
  )
  .chain(([m, k, n, vecA, vecB, [ba, bb]]) => {
    const sa = vecA ? [k] : [...ba, m, k];
    const sb = vecB ? [k] : [...bb, k, n];
    return fc.tuple(arbTensor({ shape: sa }), arbTensor({ shape: sb }));
  });

/** Inputs of `linear`: x [...batch, k], W [k, n], b [n] (batch rank 0–2, zero extents allowed). */
export const linearTriple = fc
  .tuple(
    fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }),
    fc.integer({ min: 0, max: 3 }),
    fc.integer({ min: 0, max: 3 }),
  )
  .chain(([batch, k, n]) =>
    fc.tuple(arbTensor({ shape: [...batch, k] }), arbTensor({ shape: [k, n] }), arbTensor({ shape: [n] })),
  );

/** The rotation perm [1, 2, …, r−1, 0]. */
export const rotatePerm = (rank: number): number[] => Array.from({ length: rank }, (_, i) => (i + 1) % rank);

/** The logistic function σ(x) = 1/(1 + e^−x). */
export const sigma = (x: number): number => 1 / (1 + Math.exp(-x));

/** The standard normal density φ(x) = e^(−x²/2)/√(2π). */
export const phi = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/** The standard normal CDF Φ(x) = ½(1 + erf(x/√2)), with an independent erf. */
export const Phi = (x: number): number => 0.5 * (1 + erfRef(x / Math.SQRT2));

// erf by its Maclaurin series (DLMF 7.6.1): accurate to ~1e-15 for |x| ≤ 5 in float64 (used for |x| ≤ 3).
export const erfRef = (x: number): number => {
  if (Math.abs(x) > 5) return Math.sign(x);
  let term = x;
  let s = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    const add = term / (2 * n + 1);
    s += add;
    if (Math.abs(add) < 1e-17 * Math.abs(s)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * s;
};
