import { fmtValue, optimError } from "./errors";

/** The interval a hyper-parameter must lie in; open ends are excluded. */
export interface Interval {
  readonly min?: number;
  readonly max?: number;
  readonly minOpen?: boolean;
  readonly maxOpen?: boolean;
}

const describeInterval = ({ min, max, minOpen, maxOpen }: Interval): string => {
  if (min !== undefined && max !== undefined)
    return `in ${minOpen ? "(" : "["}${min}, ${max}${maxOpen ? ")" : "]"}`;
  if (min !== undefined) return `${minOpen ? ">" : "≥"} ${min}`;
  if (max !== undefined) return `${maxOpen ? "<" : "≤"} ${max}`;
  return "";
};

const inside = (v: number, { min, max, minOpen, maxOpen }: Interval): boolean =>
  (min === undefined || (minOpen ? v > min : v >= min)) &&
  (max === undefined || (maxOpen ? v < max : v <= max));

/** `[0, ∞)`: the range of learning rates, ε, weight decay, momentum. */
export const NON_NEGATIVE: Interval = { min: 0 };
/** `[0, 1)`: the range of Adam's β. */
export const UNIT_OPEN: Interval = { min: 0, max: 1, maxOpen: true };
/** `[0, 1]`: the range of decay factors such as RMSprop's α or Adadelta's ρ. */
export const UNIT: Interval = { min: 0, max: 1 };

/**
 * Checks a numeric hyper-parameter and returns it; throws naming the owner, e.g.
 * `adam: beta1 must be a finite number in [0, 1), got 1`.
 */
export const checkNumber = (owner: string, name: string, value: unknown, range: Interval = {}): number => {
  if (typeof value !== "number" || !Number.isFinite(value) || !inside(value, range)) {
    const where = describeInterval(range);
    throw optimError(
      owner,
      `${name} must be a finite number${where ? ` ${where}` : ""}, got ${fmtValue(value)}`,
    );
  }
  return value;
};

/** Checks a positive integer hyper-parameter (a number of steps). */
export const checkSteps = (owner: string, name: string, value: unknown, min = 1): number => {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw optimError(owner, `${name} must be an integer ≥ ${min}, got ${fmtValue(value)}`);
  }
  return value;
};

/** Checks a boolean option. */
export const checkBoolean = (owner: string, name: string, value: unknown): boolean => {
  if (typeof value !== "boolean")
    throw optimError(owner, `${name} must be true or false, got ${fmtValue(value)}`);
  return value;
};

/** Checks an option drawn from a fixed set of strings. */
export const checkChoice = <C extends string>(
  owner: string,
  name: string,
  value: unknown,
  choices: readonly C[],
): C => {
  if (!choices.includes(value as C)) {
    const list = choices.map((c) => `'${c}'`).join(" or ");
    throw optimError(owner, `${name} must be ${list}, got ${fmtValue(value)}`);
  }
  return value as C;
};

/** Checks that an options argument is a plain object (or absent). */
export const checkOptions = <O extends object>(owner: string, opts: O | undefined): O => {
  if (opts === undefined) return {} as O;
  if (typeof opts !== "object" || opts === null || Array.isArray(opts)) {
    throw optimError(owner, `expects an options object, got ${fmtValue(opts)}`);
  }
  return opts;
};
