import { TensorError } from "@tapegrad/autograd";

/**
 * The error an optimizer, transformation or schedule throws on bad input: a `TensorError` whose
 * `op` names it (`adam`, `adam.update`, `cosineDecay`), so one `catch` handles every tapegrad error.
 */
export const optimError = (owner: string, message: string): TensorError => new TensorError(owner, message);

/** Formats a shape as the error messages print it: `[2, 3]`. */
export const fmtShape = (shape: readonly number[]): string => `[${shape.join(", ")}]`;

/** Formats any value for a message: numbers as JS prints them (`NaN`, `-1`), strings quoted. */
export const fmtValue = (v: unknown): string =>
  typeof v === "number" ? String(v) : typeof v === "string" ? JSON.stringify(v) : String(v);
