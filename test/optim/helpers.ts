import { type Tensor, type Tree, tensor, tree } from "@tapegrad/autograd";
import { applyUpdates, type GradientTransformation } from "@tapegrad/optim";
import { expect } from "vitest";

/** The fixed starting parameters of every trajectory test (a weight vector and a bias). */
export const THETA0: readonly number[] = [0.5, -1.2, 2.0, 0.0, -0.3];

/** The fixed gradient of element i at step t (t from 1): mixed signs, sizes, and an exact zero. */
export const gradAt = (t: number, i: number): number =>
  i === 3 && t % 4 === 0 ? 0 : Math.sin(1.3 * t + 0.7 * i) * (1 + 0.5 * i);

export const STEPS = 10;

/** Parameters as a float64 tree `{ w: [3], b: [2] }`; flatten order is b, w. */
export const toTree = (v: readonly number[]): Tree => ({
  w: tensor(v.slice(0, 3), { dtype: "float64" }),
  b: tensor(v.slice(3), { dtype: "float64" }),
});
/** Back to the vector, in THETA0's order. */
export const fromTree = (t: Tree): number[] => {
  const r = t as { readonly w: Tensor; readonly b: Tensor };
  return [...Array.from(r.w.dataSync()), ...Array.from(r.b.dataSync())];
};

/** Runs `opt` for STEPS updates on THETA0 with the fixed gradients; returns θ after each step. */
export const runLibrary = (opt: GradientTransformation<any>, steps = STEPS): number[][] => {
  let params = toTree(THETA0);
  let state = opt.init(params);
  const out: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    const grads = toTree(THETA0.map((_, i) => gradAt(t, i)));
    const r = opt.update(grads, state, params);
    params = applyUpdates(params, r.updates);
    state = r.state;
    out.push(fromTree(params));
  }
  return out;
};

/**
 * Runs a hand-written reference: `step(theta, g, t)` updates θ in place from the gradient at step
 * t (t from 1), as the formula says; returns θ after each step.
 */
export const runReference = (
  step: (theta: number[], g: readonly number[], t: number) => void,
  steps = STEPS,
): number[][] => {
  const theta = [...THETA0];
  const out: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    step(
      theta,
      theta.map((_, i) => gradAt(t, i)),
      t,
    );
    out.push([...theta]);
  }
  return out;
};

/** Elementwise comparison of two trajectories to `tol` (relative to max(1, |expected|)). */
export const expectTrajectory = (actual: number[][], expected: number[][], tol = 1e-10): void => {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let t = 0; t < expected.length; t++)
    for (let i = 0; i < expected[t]!.length; i++) {
      const e = expected[t]![i]!;
      const err = Math.abs(actual[t]![i]! - e) / Math.max(1, Math.abs(e));
      if (!(err <= tol)) throw new Error(`step ${t + 1}, element ${i}: got ${actual[t]![i]}, expected ${e}`);
      worst = Math.max(worst, err);
    }
  expect(worst).toBeLessThanOrEqual(tol);
  // the trajectory really moves: a test that cannot fail is no test
  expect(Math.abs(expected[expected.length - 1]![0]! - THETA0[0]!)).toBeGreaterThan(1e-6);
};

/** All leaves of a tree as plain arrays, for snapshots. */
export const snapshot = (t: Tree): number[][] => tree.leaves(t).map((l) => Array.from(l.dataSync()));
