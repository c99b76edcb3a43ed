import type { Tree } from "@tapegrad/autograd";

/**
 * A predicate that declares an input element non-differentiable at its current value, e.g. a
 * tie in `max` or `maximum`. `h` is the finite-difference step about to be used for it.
 *
 * @example
 * // maximum(a, b) is not differentiable where a and b are equal (within the step)
 * const [a, b] = [tensor([1, 2], { dtype: "float64" }), tensor([1, 3], { dtype: "float64" })];
 * const tie: NonDifferentiablePredicate = (_x, _leaf, i, _inputs, h) =>
 *   Math.abs(a.dataSync()[i] - b.dataSync()[i]) <= 2 * h;
 */
export type NonDifferentiablePredicate = (
  x: number,
  leafIndex: number,
  flatIndex: number,
  inputs: Tree,
  h: number,
) => boolean;

/**
 * Where the function under test is not differentiable. An element whose central-difference
 * interval `[x − h, x + h]` contains a point of `at` (kinks in input space: `0` for relu and abs),
 * or for which `where` returns true, is reported as `'nondifferentiable'` instead of failing.
 *
 * @example
 * gradcheck(relu, x, { nonDifferentiable: { at: [0] } })
 */
export interface NonDifferentiable {
  /** Kink locations in input space; applies to every float input element. */
  readonly at?: readonly number[];
  /** A custom rule (ties, kinks that depend on several inputs). */
  readonly where?: NonDifferentiablePredicate;
}

/** How `gradcheck` probes the Jacobian. */
export type GradcheckMode = "auto" | "full" | "directions";

/** Options of `gradcheck`, `gradgradcheck` and `assertGradientsMatch`. */
export interface GradcheckOptions {
  /**
   * Relative step base: `h = eps · max(1, |x|)`. Default `∛ε_mach` of `dtype` (≈ 6.1e-6 in
   * float64), the step that balances truncation and rounding error of central differences.
   */
  readonly eps?: number;
  /** Absolute tolerance; an element passes when `|analytic − numeric| ≤ atol + rtol·|numeric|`. Default 1e-5. */
  readonly atol?: number;
  /** Relative tolerance. Default 1e-3 (PyTorch's gradcheck). */
  readonly rtol?: number;
  /** The float dtype every float input is cast to before checking. Default `'float64'`. */
  readonly dtype?: "float32" | "float64";
  /** Declared non-differentiable points; see `NonDifferentiable`. */
  readonly nonDifferentiable?: NonDifferentiable;
  /**
   * Flag kinks automatically (default true). An element that fails the central check is reported
   * as `'nondifferentiable'` when the one-sided quotients `q₊ = (y(x+h) − y(x))/h` and
   * `q₋ = (y(x) − y(x−h))/h` of the outputs y spread at least as far as the error being reported:
   * `Σⱼ |cⱼ|·|q₊ⱼ − q₋ⱼ| ≥ kinkThreshold · |analytic − numeric|` (c the cotangent). A kink inside
   * `[x − h, x + h]` makes the spread about twice the central quotient's error; a smooth function
   * has a spread of about |y''|·h, so a wrong derivative at a smooth point still fails. The sum
   * runs over output elements, so kinks of two outputs never cancel in the contraction.
   */
  readonly autoKinks?: boolean;
  /** Factor of the automatic kink rule. Default 1. */
  readonly kinkThreshold?: number;
  /**
   * `'full'` checks every input element; `'directions'` checks `⟨t, Jᵀc⟩` against the directional
   * difference quotient along random tangents `t` (JAX `check_grads`); `'auto'` (default) picks
   * `'directions'` when the inputs hold more than `maxElements` float elements.
   */
  readonly mode?: GradcheckMode;
  /** Threshold of `mode: 'auto'`. Default 256. */
  readonly maxElements?: number;
  /** Random cotangents per check in full mode. Default 2. */
  readonly cotangents?: number;
  /** Random directions (each with its own cotangent) in directions mode. Default 4. */
  readonly directions?: number;
  /** Seed of the cotangents and directions. Default 0. */
  readonly seed?: number;
}

/** The options with their defaults filled in, as a report records them. */
export interface ResolvedGradcheckOptions {
  readonly eps: number;
  readonly atol: number;
  readonly rtol: number;
  readonly dtype: "float32" | "float64";
  readonly autoKinks: boolean;
  readonly kinkThreshold: number;
  readonly mode: GradcheckMode;
  readonly maxElements: number;
  readonly cotangents: number;
  readonly directions: number;
  readonly seed: number;
}

const FLOAT32_EPS = 2 ** -23;
const FLOAT64_EPS = 2 ** -52;

/** Fills in the defaults. */
export const resolveOptions = (o: GradcheckOptions = {}): ResolvedGradcheckOptions => {
  const dtype = o.dtype ?? "float64";
  return {
    eps: o.eps ?? Math.cbrt(dtype === "float64" ? FLOAT64_EPS : FLOAT32_EPS),
    atol: o.atol ?? 1e-5,
    rtol: o.rtol ?? 1e-3,
    dtype,
    autoKinks: o.autoKinks ?? true,
    kinkThreshold: o.kinkThreshold ?? 1,
    mode: o.mode ?? "auto",
    maxElements: o.maxElements ?? 256,
    cotangents: Math.max(1, o.cotangents ?? 2),
    directions: Math.max(1, o.directions ?? 4),
    seed: o.seed ?? 0,
  };
};
