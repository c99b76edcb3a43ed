/**
 * @packageDocumentation
 * `@tapegrad/autograd`: immutable tensors, primitives with their VJPs, a reverse-mode tape
 * (`grad`, `valueAndGrad`, `vjp`, `jvp`, `hvp`), trees of parameters and a splittable PRNG.
 */

export {
  type Activation,
  clip,
  type EluOptions,
  elu,
  type GeluOptions,
  gelu,
  type LeakyReluOptions,
  leakyRelu,
  logSoftmax,
  reciprocal,
  relu,
  type SoftmaxOptions,
  selu,
  silu,
  softmax,
  square,
} from "./composites/activations";
export { argmax, argmin, oneHot } from "./composites/indices";
// composites
export { logSumExp, mean, type VarianceOptions, variance } from "./composites/reductions";
export { expandDims, squeeze, stack, sumTo } from "./composites/shapes";
export {
  arange,
  eye,
  full,
  linspace,
  ones,
  onesLike,
  scalar,
  type TensorInput,
  type TensorOptions,
  tensor,
  tensorE,
  zeros,
  zerosLike,
} from "./create";
export type { DType, TypedArray } from "./dtype";
export { fmtShape, TensorError } from "./errors";
// fused kernels (exactly equal to their op-by-op definitions)
export { type AdamMomentsOptions, adamMomentsComposite, fusedAdamMoments } from "./fused/adamMoments";
// differentiation
export {
  customVjp,
  detectAnomaly,
  grad,
  hvp,
  jvp,
  stopGradient,
  type ValueAndGradOptions,
  valueAndGrad,
  vjp,
  withNanCheck,
} from "./grad";
export { abs } from "./ops/abs";
// primitives
export { add } from "./ops/add";
export { broadcastTo } from "./ops/broadcastTo";
export { cast } from "./ops/cast";
export { concat } from "./ops/concat";
export { cos } from "./ops/cos";
export { div } from "./ops/div";
export { equal } from "./ops/equal";
export { erf } from "./ops/erf";
export { exp } from "./ops/exp";
export { expm1 } from "./ops/expm1";
export { greater } from "./ops/greater";
export { greaterEqual } from "./ops/greaterEqual";
export { less } from "./ops/less";
export { lessEqual } from "./ops/lessEqual";
export { linear } from "./ops/linear";
export { log } from "./ops/log";
export { log1p } from "./ops/log1p";
export { matmul } from "./ops/matmul";
export { max } from "./ops/max";
export { maximum } from "./ops/maximum";
export { min } from "./ops/min";
export { minimum } from "./ops/minimum";
export { mul } from "./ops/mul";
export { neg } from "./ops/neg";
export { notEqual } from "./ops/notEqual";
export { pad } from "./ops/pad";
export { pow } from "./ops/pow";
export type { ReduceOptions } from "./ops/reduce";
export { reshape } from "./ops/reshape";
export { sigmoid } from "./ops/sigmoid";
export { sign } from "./ops/sign";
export { sin } from "./ops/sin";
export { slice } from "./ops/slice";
export { softplus } from "./ops/softplus";
export { sqrt } from "./ops/sqrt";
export { sub } from "./ops/sub";
export { sum } from "./ops/sum";
export { type Indices, take, takeAlongAxis } from "./ops/take";
export { tanh } from "./ops/tanh";
export { transpose } from "./ops/transpose";
export { where } from "./ops/where";
export type { Cotangent, Primitive, SparseCotangent } from "./primitive";
// PRNG
export {
  bernoulli,
  foldIn,
  type Key,
  key,
  normal,
  permutation,
  type SampleOptions,
  split,
  threefry2x32,
  truncatedNormal,
  uniform,
} from "./prng";
export type { TensorLike } from "./scalar";
export { isTensor, type NestedArray, Tensor } from "./tensor";
// trees
export { type Tree, type TreeDef, tree } from "./tree";
// threads of the WebAssembly matrix product (Node worker threads; one thread in browsers)
export { getNumThreads, setNumThreads } from "./wasm/module";
