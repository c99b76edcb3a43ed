/** What was wrong with a safetensors file, as a machine-readable code. */
export type SafetensorsReason =
  | "truncated"
  | "header-too-large"
  | "header-invalid"
  | "entry-invalid"
  | "dtype"
  | "shape-mismatch"
  | "offsets"
  | "metadata"
  | "tree"
  | "io";

/**
 * The error `fromSafetensors`, `load` and `save` throw (and the checked forms return as `Left`)
 * when bytes are not a valid safetensors file or a tree cannot be written as one. The message says
 * what is wrong and where (tensor name, offsets, sizes).
 *
 * @example
 * const r = fromSafetensorsE(bytes);
 * if (E.isLeft(r)) console.error(r.left.reason, r.left.message);
 */
export class SafetensorsError extends Error {
  /** The kind of problem, e.g. `"truncated"` or `"offsets"`. */
  readonly reason: SafetensorsReason;
  constructor(reason: SafetensorsReason, message: string) {
    super(`safetensors: ${message}`);
    this.name = "SafetensorsError";
    this.reason = reason;
  }
}
