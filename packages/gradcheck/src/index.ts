/**
 * @packageDocumentation
 * `@tapegrad/gradcheck`: proves gradients. `gradcheck` compares every analytic derivative of a
 * function (VJPs with random cotangents) with float64 central differences and returns a report;
 * `gradgradcheck` does the same for second order; `assertGradientsMatch` throws a readable table
 * inside a test; fast-check arbitraries (`arbShape`, `arbTensor`, `arbBroadcastablePair`) and
 * `gradientProperty` check a custom op over generated shapes and values in three lines.
 *
 * @example
 * import fc from "fast-check";
 * import { mul } from "@tapegrad/autograd";
 * import { arbTensor, gradientProperty } from "@tapegrad/gradcheck";
 * fc.assert(gradientProperty((x, y) => mul(x, y), [arbTensor({ shape: [3] }), arbTensor({ shape: [3] })]));
 */

export {
  type Avoid,
  arbBroadcastablePair,
  arbBroadcastableShapes,
  arbShape,
  arbTensor,
  type BroadcastablePairOptions,
  type ShapeOptions,
  type TensorArbOptions,
} from "./arbitraries";
export { type AssertGradientsOptions, assertGradientsMatch } from "./assert";
export { gradcheck } from "./gradcheck";
export { gradgradcheck } from "./gradgradcheck";
export type {
  GradcheckMode,
  GradcheckOptions,
  NonDifferentiable,
  NonDifferentiablePredicate,
  ResolvedGradcheckOptions,
} from "./options";
export { leafPaths } from "./paths";
export { type GradientPropertyOptions, gradientProperty } from "./property";
export {
  type ElementCheck,
  type ElementStatus,
  formatReport,
  type GradcheckReport,
  type LeafReport,
  type StatusCounts,
} from "./report";
