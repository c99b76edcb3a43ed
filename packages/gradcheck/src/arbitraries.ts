import { type DType, type Tensor, tensor } from "@tapegrad/autograd";
import fc from "fast-check";

/** Options of `arbShape`. */
export interface ShapeOptions {
  /** Smallest rank. Default 0 (scalars included). */
  readonly minRank?: number;
  /** Largest rank. Default 3. */
  readonly maxRank?: number;
  /** Largest extent of an axis. Default 4. */
  readonly maxDim?: number;
  /** Also generate zero-size shapes (one axis of extent 0), about one case in eight. Default true. */
  readonly allowZero?: boolean;
}

/**
 * Shapes: rank in [minRank, maxRank], extents in [1, maxDim], with scalars `[]` and (when
 * `allowZero`) zero-size shapes such as `[3, 0]` among them.
 *
 * @example
 * fc.sample(arbShape({ maxRank: 2 }), 3) // e.g. [[], [2, 3], [0, 1]]
 */
export const arbShape = ({
  minRank = 0,
  maxRank = 3,
  maxDim = 4,
  allowZero = true,
}: ShapeOptions = {}): fc.Arbitrary<number[]> => {
  const nonzero = fc.array(fc.integer({ min: 1, max: Math.max(1, maxDim) }), {
    minLength: minRank,
    maxLength: maxRank,
  });
  if (!allowZero || maxRank < 1) return nonzero;
  const zero = fc
    .array(fc.integer({ min: 1, max: Math.max(1, maxDim) }), {
      minLength: Math.max(1, minRank),
      maxLength: maxRank,
    })
    .chain((s) => fc.nat({ max: s.length - 1 }).map((a) => s.map((d, i) => (i === a ? 0 : d))));
  return fc.oneof({ arbitrary: nonzero, weight: 7 }, { arbitrary: zero, weight: 1 });
};

/** Keeps generated values at least `margin` away from each point of `at` (e.g. a kink or a pole). */
export interface Avoid {
  readonly at: readonly number[];
  readonly margin: number;
}

/** Options of `arbTensor`. */
export interface TensorArbOptions {
  /** A fixed shape or an arbitrary of shapes. Default `arbShape()`. */
  readonly shape?: readonly number[] | fc.Arbitrary<readonly number[]>;
  /** Default `'float64'`. int32 tensors hold integers in [min, max]. */
  readonly dtype?: DType;
  /** Smallest value. Default -3. */
  readonly min?: number;
  /** Largest value. Default 3. */
  readonly max?: number;
  /** Values closer than `margin` to a point of `at` are pushed out to distance `margin`. */
  readonly avoid?: Avoid;
}

const pushAway = (v: number, avoid: Avoid | undefined): number => {
  if (avoid === undefined) return v;
  for (const a of avoid.at) {
    if (Math.abs(v - a) < avoid.margin) v = v >= a ? a + avoid.margin : a - avoid.margin;
  }
  return v;
};

const valuesFor = (n: number, o: TensorArbOptions): fc.Arbitrary<number[]> => {
  const min = o.min ?? -3;
  const max = o.max ?? 3;
  const one =
    o.dtype === "int32"
      ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
      : fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((v) => pushAway(v, o.avoid));
  return fc.array(one, { minLength: n, maxLength: n });
};

/**
 * Tensors with values in [min, max] (float64 by default) of a fixed or generated shape.
 *
 * @example
 * fc.assert(fc.property(arbTensor({ shape: [2, 3], min: 0.1 }), (x) => x.size === 6))
 */
export const arbTensor = (o: TensorArbOptions = {}): fc.Arbitrary<Tensor> => {
  const dtype = o.dtype ?? "float64";
  const shapes: fc.Arbitrary<readonly number[]> =
    o.shape === undefined
      ? arbShape()
      : Array.isArray(o.shape)
        ? fc.constant(o.shape)
        : (o.shape as fc.Arbitrary<readonly number[]>);
  return shapes.chain((shape) => {
    const n = shape.reduce((a, d) => a * d, 1);
    return valuesFor(n, o).map((vs) =>
      tensor(dtype === "int32" ? Int32Array.from(vs) : Float64Array.from(vs), { shape, dtype }),
    );
  });
};

/**
 * Two shapes that broadcast against each other (NumPy rules): each is a suffix of a common
 * shape with some axes replaced by 1, so rank differences, size-1 axes, scalars and zero-size
 * axes all occur.
 *
 * @example
 * fc.sample(arbBroadcastableShapes(), 2) // e.g. [[[3, 1], [2, 1, 4]], [[], [0]]]
 */
export const arbBroadcastableShapes = (o: ShapeOptions = {}): fc.Arbitrary<[number[], number[]]> =>
  arbShape(o).chain((out) => {
    const operand = fc
      .tuple(
        fc.nat({ max: out.length }),
        fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
      )
      .map(([rank, ones]) => out.map((d, i) => (ones[i] ? 1 : d)).slice(out.length - rank));
    return fc.tuple(operand, operand);
  });

/** Options of `arbBroadcastablePair`: the shape options plus the value options of `arbTensor`. */
export type BroadcastablePairOptions = ShapeOptions & Omit<TensorArbOptions, "shape">;

/**
 * Two tensors whose shapes broadcast against each other (see `arbBroadcastableShapes`).
 *
 * @example
 * fc.assert(gradientProperty(([a, b]) => add(a, b), [arbBroadcastablePair()]))
 */
export const arbBroadcastablePair = (o: BroadcastablePairOptions = {}): fc.Arbitrary<[Tensor, Tensor]> =>
  arbBroadcastableShapes(o).chain(([a, b]) =>
    fc.tuple(arbTensor({ ...o, shape: a }), arbTensor({ ...o, shape: b })),
  );
