import { TensorError } from "@tapegrad/autograd";

/**
 * The error an optimizer, transformation or schedule throws on bad input: a `TensorError` whose
 * `op` names it (`adam`, `adam.update`, `cosineDecay`), so one `catch` handles every tapegrad error.
 */
export const optimError = (owner: string, message: string): TensorError => new TensorError(owner, message);

import { fmtShape } from "@tapegrad/autograd";

/** Formats a shape as every tapegrad error message prints it (autograd's). */
export { fmtShape };

/** Formats any value for a message: numbers as JS prints them (`NaN`, `-1`), strings quoted. */
export const fmtValue = (v: unknown): string =>
  typeof v === "number" ? String(v) : typeof v === "string" ? JSON.stringify(v) : String(v);
