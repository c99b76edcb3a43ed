import { isTensor, scalar, type Tensor } from "@tapegrad/autograd";
import { fmtValue, optimError } from "./errors";

/** A step count in a state: an int32 scalar tensor, 0 before the first update. */
export type StepCount = Tensor;

/** @internal The count of a fresh state. */
export const zeroCount = (): StepCount => scalar(0, "int32");

/** @internal Reads a state's count as a number, with a clear error for a malformed state. */
export const readCount = (owner: string, c: unknown): number => {
  if (!isTensor(c) || c.dtype !== "int32" || c.shape.length !== 0) {
    throw optimError(
      owner,
      `state.count must be an int32 scalar tensor, got ${isTensor(c) ? c.toString() : fmtValue(c)}`,
    );
  }
  const n = c.item();
  if (n < 0) throw optimError(owner, `state.count must be ≥ 0, got ${n}`);
  return n;
};

/** @internal The count after one more update. */
export const nextCount = (n: number): StepCount => scalar(n + 1, "int32");
