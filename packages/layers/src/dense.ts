import { type DType, linear, matmul, split, type Tensor } from "@tapegrad/autograd";
import {
  checkDType,
  checkFeatures,
  checkInputShape,
  field,
  fmtShape,
  layerError,
  notATensor,
} from "./errors";
import { glorotUniform, zerosInit } from "./initializers";
import type { Initializer, Layer } from "./types";

/** Options of `dense`. */
export interface DenseOptions {
  /** Applied to the output, e.g. `relu` or `leakyRelu({ slope: 0.01 })`; none (linear) by default. */
  readonly activation?: (x: Tensor) => Tensor;
  /** Whether to add a bias (default true). */
  readonly useBias?: boolean;
  /** Kernel initializer, default `glorotUniform` (Keras). */
  readonly kernelInit?: Initializer;
  /** Bias initializer, default `zerosInit`. */
  readonly biasInit?: Initializer;
  /** Parameter dtype, default float32. */
  readonly dtype?: DType;
}

/** The parameters of `dense`: a kernel in (in, out) layout and, unless `useBias: false`, a bias. */
export interface DenseParams {
  readonly [name: string]: Tensor;
  readonly kernel: Tensor;
}

/**
 * Fully connected layer on the last axis: `y = activation(x·kernel + bias)`, kernel of shape
 * (in, out) (Keras layout; PyTorch's `Linear.weight` is its transpose). Inputs may carry any
 * leading axes: `[..., in] → [..., units]`.
 * NOTE: defaults follow Keras (glorotUniform kernel, zero bias); PyTorch's `Linear` uses
 * kaiming-uniform with a = √5 and a uniform bias.
 *
 * @example
 * const layer = dense(12, { activation: relu });
 * const { params } = layer.init(key(0), [3]); // { kernel: [3, 12], bias: [12] }
 * layer.apply(params, zeros([8, 3]))          // shape [8, 12]
 */
export const dense = (units: number, opts: DenseOptions = {}): Layer<DenseParams> => {
  notATensor("dense", units);
  if (!Number.isInteger(units) || units < 1) {
    throw layerError("dense", `units must be a positive integer, got ${String(units)}`);
  }
  const { activation, useBias = true, kernelInit = glorotUniform, biasInit = zerosInit, dtype } = opts;
  if (activation !== undefined && typeof activation !== "function") {
    throw layerError("dense", `activation must be a function (x) => Tensor, got ${typeof activation}`);
  }
  return {
    init(key, inputShape) {
      checkInputShape("dense", inputShape, 1);
      const fanIn = inputShape[inputShape.length - 1]!;
      const [kk, kb] = split(key, 2);
      const kernel = kernelInit(kk!, [fanIn, units], dtype ?? "float32");
      if (kernel.shape.length !== 2 || kernel.shape[0] !== fanIn || kernel.shape[1] !== units) {
        throw layerError(
          "dense",
          `kernelInit returned shape ${fmtShape(kernel.shape)}, not [${fanIn}, ${units}]`,
        );
      }
      const params: DenseParams = useBias
        ? { kernel, bias: biasInit(kb!, [units], dtype ?? "float32") }
        : { kernel };
      return { params, outputShape: [...inputShape.slice(0, -1), units] };
    },
    apply(params, x) {
      const kernel = field("dense", params, "kernel");
      checkFeatures("dense", x, kernel.shape[0]!, "kernel", kernel);
      checkDType("dense", x, kernel);
      // one fused op: x·W + b
      const y = useBias ? linear(x, kernel, field("dense", params, "bias")) : matmul(x, kernel);
      return activation === undefined ? y : activation(y);
    },
  };
};
