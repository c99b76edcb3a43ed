import { adadelta, adagrad, kerasRmsprop, linearSchedule, rmsprop } from "@tapegrad/optim";
import { describe, expect, it } from "vitest";
import { expectTrajectory, runLibrary, runReference } from "./helpers";

interface RmsRef {
  lr: number;
  alpha?: number;
  eps?: number;
  mu?: number;
  centered?: boolean;
  wd?: number;
  inside?: boolean;
}

// NUMERICS.md, RMSprop (PyTorch): v = αv + (1−α)g²; centered: ḡ = αḡ + (1−α)g, ṽ = v − ḡ²;
// θ −= γ·g/(√ṽ + ε) (ε outside the root; Keras/Optax: g/√(ṽ + ε)); momentum μ: b = μb + g/(√ṽ+ε),
// θ −= γb. Weight decay: g ← g + λθ first.
const rmspropReference = ({
  lr,
  alpha = 0.99,
  eps = 1e-8,
  mu = 0,
  centered = false,
  wd = 0,
  inside = false,
}: RmsRef) => {
  const v = [0, 0, 0, 0, 0];
  const gbar = [0, 0, 0, 0, 0];
  const b = [0, 0, 0, 0, 0];
  return runReference((theta, grad) => {
    for (let i = 0; i < theta.length; i++) {
      const g = grad[i]! + wd * theta[i]!;
      v[i] = alpha * v[i]! + (1 - alpha) * g * g;
      let vt = v[i]!;
      if (centered) {
        gbar[i] = alpha * gbar[i]! + (1 - alpha) * g;
        vt = v[i]! - gbar[i]! ** 2;
      }
      const d = g / (inside ? Math.sqrt(vt + eps) : Math.sqrt(vt) + eps);
      if (mu > 0) {
        b[i] = mu * b[i]! + d;
        theta[i] = theta[i]! - lr * b[i]!;
      } else theta[i] = theta[i]! - lr * d;
    }
  });
};

describe("rmsprop, adagrad, adadelta: 10-step trajectories against the formula", () => {
  it("rmsprop with defaults", () => {
    expectTrajectory(runLibrary(rmsprop()), rmspropReference({ lr: 1e-2 }));
  });
  it("rmsprop, momentum and weight decay, ε outside the root", () => {
    const opt = rmsprop({ learningRate: 0.01, alpha: 0.8, eps: 0.1, momentum: 0.9, weightDecay: 0.1 });
    expectTrajectory(runLibrary(opt), rmspropReference({ lr: 0.01, alpha: 0.8, eps: 0.1, mu: 0.9, wd: 0.1 }));
  });
  it("rmsprop centered, with momentum", () => {
    const opt = rmsprop({ learningRate: 0.01, alpha: 0.9, eps: 0.05, centered: true, momentum: 0.5 });
    expectTrajectory(
      runLibrary(opt),
      rmspropReference({ lr: 0.01, alpha: 0.9, eps: 0.05, centered: true, mu: 0.5 }),
    );
  });
  it("epsInsideSqrt (Keras, Optax) really differs", () => {
    const opt = rmsprop({ learningRate: 0.01, eps: 0.1, epsInsideSqrt: true, centered: true });
    const inside = rmspropReference({ lr: 0.01, eps: 0.1, inside: true, centered: true });
    expectTrajectory(runLibrary(opt), inside);
    expect(
      Math.abs(inside[9]![0]! - rmspropReference({ lr: 0.01, eps: 0.1, centered: true })[9]![0]!),
    ).toBeGreaterThan(1e-6);
  });
  it("kerasRmsprop: Keras's own form of the update (γ inside the velocity)", () => {
    // keras.optimizers.RMSprop: v = ρv + (1−ρ)g²; inc = γ·g/√(v + ε); m = μm + inc; θ −= m
    const reference = (lr: number, rho: number, eps: number, mu: number) => {
      const v = [0, 0, 0, 0, 0];
      const m = [0, 0, 0, 0, 0];
      return runReference((theta, grad) => {
        for (let i = 0; i < theta.length; i++) {
          const g = grad[i]!;
          v[i] = rho * v[i]! + (1 - rho) * g * g;
          const inc = (lr * g) / Math.sqrt(v[i]! + eps);
          m[i] = mu > 0 ? mu * m[i]! + inc : inc;
          theta[i] = theta[i]! - m[i]!;
        }
      });
    };
    expectTrajectory(runLibrary(kerasRmsprop()), reference(1e-3, 0.9, 1e-7, 0));
    expectTrajectory(
      runLibrary(kerasRmsprop({ learningRate: 0.01, momentum: 0.7, eps: 0.1 })),
      reference(0.01, 0.9, 0.1, 0.7),
    );
  });

  it("adagrad: lr decay, initial accumulator, weight decay", () => {
    // NUMERICS.md, Adagrad (PyTorch): s += g², θ −= γ_t·g/(√s + ε), γ_t = γ/(1 + (t−1)·δ)
    const reference = (lr: (t: number) => number, delta: number, eps: number, s0: number, wd: number) => {
      const s = [s0, s0, s0, s0, s0];
      return runReference((theta, grad, t) => {
        const clr = lr(t - 1) / (1 + (t - 1) * delta);
        for (let i = 0; i < theta.length; i++) {
          const g = grad[i]! + wd * theta[i]!;
          s[i] = s[i]! + g * g;
          theta[i] = theta[i]! - (clr * g) / (Math.sqrt(s[i]!) + eps);
        }
      });
    };
    expectTrajectory(
      runLibrary(adagrad()),
      reference(() => 1e-2, 0, 1e-10, 0, 0),
    );
    const opt = adagrad({
      learningRate: 0.5,
      lrDecay: 0.3,
      eps: 0.1,
      initialAccumulatorValue: 0.2,
      weightDecay: 0.1,
    });
    expectTrajectory(
      runLibrary(opt),
      reference(() => 0.5, 0.3, 0.1, 0.2, 0.1),
    );
    // with a schedule too: γ(s) = 0.5 − 0.04·min(s, 10)
    const sched = adagrad({
      learningRate: linearSchedule({ initValue: 0.5, endValue: 0.1, transitionSteps: 10 }),
      lrDecay: 0.3,
    });
    expectTrajectory(
      runLibrary(sched),
      reference((s) => 0.5 - 0.04 * Math.min(s, 10), 0.3, 1e-10, 0, 0),
    );
  });

  it("adadelta", () => {
    // torch.optim.Adadelta: v = ρv + (1−ρ)g², δ = √(u + ε)/√(v + ε)·g, u = ρu + (1−ρ)δ², θ −= γδ
    const reference = (lr: number, rho: number, eps: number, wd: number) => {
      const v = [0, 0, 0, 0, 0];
      const u = [0, 0, 0, 0, 0];
      return runReference((theta, grad) => {
        for (let i = 0; i < theta.length; i++) {
          const g = grad[i]! + wd * theta[i]!;
          v[i] = rho * v[i]! + (1 - rho) * g * g;
          const delta = (Math.sqrt(u[i]! + eps) / Math.sqrt(v[i]! + eps)) * g;
          u[i] = rho * u[i]! + (1 - rho) * delta * delta;
          theta[i] = theta[i]! - lr * delta;
        }
      });
    };
    expectTrajectory(runLibrary(adadelta()), reference(1, 0.9, 1e-6, 0));
    const opt = adadelta({ learningRate: 0.5, rho: 0.6, eps: 0.01, weightDecay: 0.2 });
    expectTrajectory(runLibrary(opt), reference(0.5, 0.6, 0.01, 0.2));
  });
});
