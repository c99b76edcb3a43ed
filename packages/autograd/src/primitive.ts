import type { TypedArray } from "./dtype";
import type { Tensor } from "./tensor";

/**
 * A cotangent that is cheaper to add into an accumulator than to build densely: the transpose
 * of `slice` or `take` touches only the elements it read. The tape adds it straight into the
 * gradient buffer of its input when the pass is first order, and calls `dense()` (built from
 * differentiable ops) when the pass is itself being differentiated.
 */
export interface SparseCotangent {
  readonly sparse: true;
  readonly shape: readonly number[];
  /** True when the values it carries are traced (the backward pass is being differentiated). */
  readonly traced: boolean;
  /** Adds this cotangent into `acc`, a row-major buffer of `shape` owned by the tape. */
  addInto(acc: TypedArray): void;
  /** The same cotangent as a tensor, built from differentiable primitives. */
  dense(): Tensor;
}

/** What a VJP rule returns for one input: a tensor, a sparse cotangent, or null for zero. */
export type Cotangent = Tensor | SparseCotangent | null;

/**
 * A primitive: a forward kernel on concrete tensors and a vector-Jacobian product rule. The VJP
 * is a pure function of (cotangent, inputs, output, params) built from differentiable ops, so
 * higher-order derivatives come for free; it may return cotangents in the broadcast output shape
 * (the tape sums them back to each input's shape).
 */
export interface Primitive<P = void> {
  readonly name: string;
  forward(inputs: readonly Tensor[], params: P): Tensor;
  /**
   * `needs[i]` is false when input i needs no cotangent (a constant, or int32): a rule may
   * return null there and skip the work (matmul skips a whole product).
   */
  vjp(
    g: Tensor,
    inputs: readonly Tensor[],
    out: Tensor,
    params: P,
    needs: readonly boolean[],
  ): readonly Cotangent[];
}
