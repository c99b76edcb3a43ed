// The OpInfo table (PyTorch's idea): one entry per op and variant, with the samples its gradient
// property draws, its kinks and, for elementwise ops, its derivative formula. Adding an entry
// adds its tests: the group test files iterate over this table.
import type { Tree } from "@tapegrad/autograd";
import type { GradientPropertyOptions } from "@tapegrad/gradcheck";
import type fc from "fast-check";
import { activationOps } from "./opinfo-activations";
import { elementwiseOps } from "./opinfo-elementwise";
import { structuralOps } from "./opinfo-structural";

/** Which test file checks an entry. */
export type OpGroup = "unary" | "binary" | "reduction" | "shape" | "matmul" | "composite";

export interface OpInfo {
  /** The op and its variant, e.g. `sum {axis: -1, keepdims}`. */
  readonly name: string;
  readonly group: OpGroup;
  /** The op on its positional arguments (tensors; int32 tensors are constants). */
  readonly fn: (...xs: any[]) => Tree;
  /** One arbitrary per argument. */
  readonly arbs: readonly fc.Arbitrary<any>[];
  /** Kinks in input space (reported as non-differentiable, not failed). */
  readonly kinks?: readonly number[];
  /**
   * Smooth enough for a second-order check (gradgradcheck); `'piecewise'`: smooth between the
   * kinks, checked to second order with the kinks reported as non-differentiable.
   */
  readonly smooth?: boolean | "piecewise";
  /** Extra gradcheck/property options (precondition, dtype, tolerances). */
  readonly options?: GradientPropertyOptions<any[]>;
  /** Runs of the first-order property; default 25. */
  readonly numRuns?: number;
  /**
   * Fixed samples (one value per arbitrary) the property checks before the generated ones:
   * scalar and size-zero shapes, kinks, size-zero parts, which the generators reach only by chance.
   */
  readonly examples?: readonly (readonly any[])[];
  /** Elementwise ops: the op on positional tensors (default `fn`), used at the fixed points. */
  readonly elementwise?: (...xs: any[]) => Tree;
  /**
   * Elementwise ops: the partial derivatives at scalar arguments, from the textbook formula
   * (cited where written), and the points to check them at (kinks included).
   */
  readonly partials?: (...xs: number[]) => readonly number[];
  readonly points?: readonly (readonly number[])[];
}

/** Every op with a gradient, in one table. */
export const opInfos: readonly OpInfo[] = [...elementwiseOps, ...activationOps, ...structuralOps];

/** The entries of one group. */
export const opsOf = (group: OpGroup): readonly OpInfo[] => opInfos.filter((o) => o.group === group);
