import { ones, zerosLike } from "./create";
import { fmtShape, TensorError } from "./errors";
import { add } from "./ops/add";
import { mul } from "./ops/mul";
import { sum } from "./ops/sum";
import type { Primitive } from "./primitive";
import { Tensor } from "./tensor";
import { apply, backward, closeTrace, openTrace, setAnomaly, strip, type Trace } from "./trace";
import { flatten, type Tree, unflatten } from "./tree";

/** Gradients have the structure of the differentiated argument. */
export type Grads<T extends Tree> = T;

const traceInputs = <T extends Tree>(trace: Trace, x: T): { xs: T; ids: number[] } => {
  const [leaves, def] = flatten(x);
  const traced = leaves.map((l) => trace.leaf(l));
  return { xs: unflatten<T>(def, traced), ids: traced.map((t) => t._id) };
};

// Peels tracers of closed traces other than `trace` (which is closed by the time we look).
const down = (trace: Trace, y: Tensor): Tensor => {
  while (y._tr !== null && y._tr !== trace && !y._tr.active) y = y._primal!;
  return y;
};

const outId = (trace: Trace, y: Tensor): number => {
  const s = down(trace, y);
  return s._tr === trace ? s._id : -1;
};

const primalOf = (trace: Trace, y: Tensor): Tensor => {
  const s = down(trace, y);
  return s._tr === trace ? s._primal! : strip(s);
};

const gradsFor = <T extends Tree>(trace: Trace, x: T, ids: number[], y: Tensor, seed: Tensor): T => {
  const [leaves, def] = flatten(x);
  const id = outId(trace, y);
  const cts = id < 0 ? [] : backward(trace, id, seed, ids);
  return unflatten<T>(
    def,
    leaves.map((l, i) => {
      const c = cts[i];
      if (c === undefined) return zerosLike(l);
      return c;
    }),
  );
};

/**
 * Returns `[f(x), pullback]`: the pullback maps a cotangent of the output (a tensor of its shape)
 * to the cotangent of `x` (a tree of its structure). It can be called many times.
 *
 * @example
 * const [y, pb] = vjp((x) => mul(x, x), tensor([1, 2]));
 * pb(ones([2])) // [2, 4]
 */
export const vjp = <T extends Tree>(f: (x: T) => Tensor, x: T): [Tensor, (ct: Tensor) => T] => {
  const trace = openTrace();
  let y: Tensor;
  let xs: T;
  let ids: number[];
  try {
    ({ xs, ids } = traceInputs(trace, x));
    y = f(xs);
    if (!(y instanceof Tensor)) throw new TensorError("vjp", "the function must return a tensor");
  } finally {
    closeTrace(trace);
  }
  const value = primalOf(trace, y);
  const pullback = (ct: Tensor): T => {
    if (ct.shape.length !== value.shape.length || ct.shape.some((d, i) => d !== value.shape[i])) {
      throw new TensorError(
        "vjp",
        `cotangent shape ${fmtShape(ct.shape)} differs from output shape ${fmtShape(value.shape)}`,
      );
    }
    return gradsFor(trace, x, ids, y, ct);
  };
  return [value, pullback];
};

/** Options of `valueAndGrad`. */
export interface ValueAndGradOptions {
  /** When true, `f` returns `[loss, aux]` and the result is `[[loss, aux], grads]` (as JAX). */
  readonly hasAux?: boolean;
}

type Fn<T extends Tree, R extends unknown[], O> = (x: T, ...rest: R) => O;

const checkScalar = (op: string, y: unknown): Tensor => {
  if (!(y instanceof Tensor)) throw new TensorError(op, "the function must return a scalar tensor");
  if (y.shape.length !== 0) {
    throw new TensorError(
      op,
      `gradient is only defined for scalar outputs; got shape ${fmtShape(y.shape)} (sum or mean it first)`,
    );
  }
  return y;
};

/**
 * `valueAndGrad(f)(x, ...rest)` returns `[f(x, ...rest), ∇ₓf]`, differentiating with respect to
 * the first argument (any tree); the other arguments pass through as constants. `f` must return
 * a scalar tensor. With `{ hasAux: true }`, `f` returns `[loss, aux]`.
 *
 * @example
 * const [loss, grads] = valueAndGrad((p, x, y) => mse(model.apply(p, x), y))(params, x, y);
 */
export function valueAndGrad<T extends Tree, R extends unknown[]>(
  f: Fn<T, R, Tensor>,
  opts?: { readonly hasAux?: false },
): (x: T, ...rest: R) => [Tensor, T];
export function valueAndGrad<T extends Tree, R extends unknown[], A>(
  f: Fn<T, R, readonly [Tensor, A]>,
  opts: { readonly hasAux: true },
): (x: T, ...rest: R) => [[Tensor, A], T];
export function valueAndGrad(f: Fn<Tree, unknown[], unknown>, opts?: ValueAndGradOptions) {
  return (x: Tree, ...rest: unknown[]) => {
    const trace = openTrace();
    let out: unknown;
    let xs: Tree;
    let ids: number[];
    try {
      ({ xs, ids } = traceInputs(trace, x));
      out = f(xs, ...rest);
    } finally {
      closeTrace(trace);
    }
    const [y, aux] = opts?.hasAux ? (out as [unknown, unknown]) : [out, undefined];
    const loss = checkScalar("valueAndGrad", y);
    const value = primalOf(trace, loss);
    const grads = gradsFor(trace, x, ids, loss, ones([], value.dtype));
    return opts?.hasAux ? [[value, aux], grads] : [value, grads];
  };
}

/**
 * `grad(f)(x, ...rest)` is the gradient of scalar-valued `f` with respect to its first argument
 * (any tree), with the structure of that argument. Composes: `grad(grad(f))` works.
 *
 * @example
 * grad((x) => sum(mul(x, x)))(tensor([1, 2])) // [2, 4]
 */
export const grad =
  <T extends Tree, R extends unknown[]>(f: (x: T, ...rest: R) => Tensor) =>
  (x: T, ...rest: R): T =>
    valueAndGrad(f)(x, ...rest)[1];

const vdot = (a: Tree, b: Tree): Tensor => {
  const [la] = flatten(a);
  const [lb] = flatten(b);
  let s: Tensor | null = null;
  la.forEach((l, i) => {
    const d = sum(mul(l, lb[i]!));
    s = s === null ? d : add(s, d);
  });
  return s ?? ones([]);
};

/**
 * Forward mode: `[f(x), J·v]`, the Jacobian-vector product along tangent `v` (a tree like `x`).
 * NOTE: computed as the transpose of the VJP (linear in the cotangent), so it costs about two
 * reverse passes; the results equal a true forward-mode JVP.
 *
 * @example
 * jvp((x) => mul(x, x), tensor([3]), tensor([1])) // [[9], [6]]
 */
export const jvp = <T extends Tree>(f: (x: T) => Tensor, x: T, v: T): [Tensor, Tensor] => {
  const [y, pullback] = vjp(f, x);
  // ⟨Jᵀu, v⟩ is linear in u, and its gradient with respect to u is J·v.
  const [s, transpose] = vjp((u: Tensor) => vdot(pullback(u), v), zerosLike(y));
  return [y, transpose(ones([], s.dtype))];
};

/**
 * Hessian-vector product H·v of scalar `f` at `x` (trees), as the gradient of ⟨∇f(x), v⟩.
 *
 * @example
 * hvp((x) => sum(mul(mul(x, x), x)), tensor([1, 2]), tensor([1, 0])) // [6, 0]
 */
export const hvp = <T extends Tree>(f: (x: T) => Tensor, x: T, v: T): T =>
  grad((y: T) => vdot(grad(f)(y), v))(x);

// d stopGradient(x) = 0
const stopGradientP: Primitive = {
  name: "stopGradient",
  forward: ([x]) => x!,
  vjp: () => [null],
};

/**
 * The same value, as a constant: no gradient flows through it (JAX `stop_gradient`).
 *
 * @example
 * sum(mul(x, stopGradient(x))) // gradient x, not 2x
 */
export const stopGradient = (x: Tensor): Tensor =>
  x._tr === null ? x : apply(stopGradientP, [x], undefined);

/**
 * Defines a function with a hand-written VJP (JAX `custom_vjp`). `fwd(...xs)` returns
 * `[output, residuals]`; `bwd(residuals, g)` returns one cotangent per input (null for none).
 * The result is differentiable to any order when `bwd` is written with tapegrad ops.
 *
 * @example
 * const safeLog = customVjp(
 *   (x) => [log(x), x],
 *   (x, g) => [div(g, maximum(x, 1e-12))],
 * );
 */
export const customVjp = <R>(
  fwd: (...xs: Tensor[]) => readonly [Tensor, R],
  bwd: (residuals: R, g: Tensor) => readonly (Tensor | null)[],
  name = "customVjp",
): ((...xs: Tensor[]) => Tensor) => {
  const cache = new WeakMap<Tensor, R>();
  const prim: Primitive = {
    name,
    forward: (xs) => {
      const [out, res] = fwd(...xs);
      cache.set(out, res);
      return out;
    },
    vjp: (g, xs, out) => {
      let res = cache.get(out);
      if (res === undefined || xs.some((x) => x._tr !== null)) res = fwd(...xs)[1];
      const cts = bwd(res, g);
      if (cts.length !== xs.length) {
        throw new TensorError(name, `bwd returned ${cts.length} cotangents for ${xs.length} inputs`);
      }
      cts.forEach((c, i) => {
        const x = xs[i]!;
        if (c !== null && c.dtype !== x.dtype) {
          throw new TensorError(
            name,
            `bwd returned a ${c.dtype} cotangent for input ${i} of dtype ${x.dtype}`,
          );
        }
        if (c !== null && (c.shape.length !== x.shape.length || c.shape.some((d, j) => d !== x.shape[j]))) {
          throw new TensorError(
            name,
            `bwd returned a cotangent of shape ${fmtShape(c.shape)} for input ${i} of shape ${fmtShape(x.shape)}`,
          );
        }
      });
      return cts;
    },
  };
  return (...xs: Tensor[]) => apply(prim, xs, undefined);
};

/**
 * Runs `thunk` with anomaly detection: the first op whose forward or backward pass produces NaN
 * or Infinity from finite inputs throws a TensorError naming it (PyTorch `detect_anomaly`).
 *
 * @example
 * detectAnomaly(() => grad(loss)(params))
 */
export const detectAnomaly = <A>(thunk: () => A): A => {
  setAnomaly(true);
  try {
    return thunk();
  } finally {
    setAnomaly(false);
  }
};

/**
 * Wraps `f` so that every call runs under `detectAnomaly`.
 *
 * @example
 * const checked = withNanCheck(trainStep);
 */
export const withNanCheck =
  <A extends unknown[], B>(f: (...args: A) => B) =>
  (...args: A): B =>
    detectAnomaly(() => f(...args));
