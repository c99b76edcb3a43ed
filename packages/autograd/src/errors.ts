/**
 * The error every tensor operation throws on bad input: a shape or dtype mismatch, an axis
 * out of range, a ragged literal. The message names the op and the shapes involved.
 *
 * @example
 * try { add(zeros([2, 3]), zeros([4])) } catch (e) { if (e instanceof TensorError) console.log(e.op) }
 */
export class TensorError extends Error {
  /** The operation that rejected its input, e.g. `"add"` or `"matmul"`. */
  readonly op: string;
  constructor(op: string, message: string) {
    super(`${op}: ${message}`);
    this.name = "TensorError";
    this.op = op;
  }
}

/**
 * Formats a shape the way every tapegrad error message prints it.
 * @example fmtShape([2, 3]) // "[2, 3]"
 */
export const fmtShape = (shape: readonly number[]): string => `[${shape.join(", ")}]`;
