import {
  addWeightDecay,
  chain,
  exponentialDecay,
  scaleByLearningRate,
  sgd,
  traceMomentum,
} from "@tapegrad/optim";
import { describe, it } from "vitest";
import { expectTrajectory, runLibrary, runReference } from "./helpers";

interface SgdRef {
  lr: number | ((step: number) => number);
  mu?: number;
  tau?: number;
  nesterov?: boolean;
  wd?: number;
}

// NUMERICS.md, SGD (PyTorch): g ← g + λθ; with momentum μ: b₁ = g₁, b_t = μ·b_{t−1} + (1−τ)·g_t;
// Nesterov: g ← g + μ·b_t, else g ← b_t; θ ← θ − γg. A schedule is read at step t − 1 (from 0).
const sgdReference = ({ lr, mu = 0, tau = 0, nesterov = false, wd = 0 }: SgdRef): number[][] => {
  const b: number[] = [];
  return runReference((theta, grad, t) => {
    const gamma = typeof lr === "number" ? lr : lr(t - 1);
    for (let i = 0; i < theta.length; i++) {
      let g = grad[i]! + wd * theta[i]!;
      if (mu !== 0) {
        b[i] = t === 1 ? g : mu * b[i]! + (1 - tau) * g;
        g = nesterov ? g + mu * b[i]! : b[i]!;
      }
      theta[i] = theta[i]! - gamma * g;
    }
  });
};

describe("sgd: 10-step trajectories against the formula", () => {
  it("plain", () => {
    expectTrajectory(runLibrary(sgd({ learningRate: 0.1 })), sgdReference({ lr: 0.1 }));
  });
  it("momentum", () => {
    expectTrajectory(
      runLibrary(sgd({ learningRate: 0.05, momentum: 0.9 })),
      sgdReference({ lr: 0.05, mu: 0.9 }),
    );
  });
  it("momentum with dampening and weight decay (first step undamped)", () => {
    const opt = sgd({ learningRate: 0.05, momentum: 0.8, dampening: 0.3, weightDecay: 0.1 });
    expectTrajectory(runLibrary(opt), sgdReference({ lr: 0.05, mu: 0.8, tau: 0.3, wd: 0.1 }));
  });
  it("nesterov with weight decay", () => {
    const opt = sgd({ learningRate: 0.03, momentum: 0.9, nesterov: true, weightDecay: 0.05 });
    expectTrajectory(runLibrary(opt), sgdReference({ lr: 0.03, mu: 0.9, nesterov: true, wd: 0.05 }));
  });
  it("a learning-rate schedule (exponential decay, step counted from 0)", () => {
    const opt = sgd({ learningRate: exponentialDecay({ initValue: 0.1, decayRate: 0.7 }), momentum: 0.5 });
    // γ(s) = 0.1·0.7^s
    expectTrajectory(runLibrary(opt), sgdReference({ lr: (s) => 0.1 * 0.7 ** s, mu: 0.5 }));
  });
  it("equals its chain of transformations", () => {
    const byHand = chain(
      addWeightDecay(0.1),
      traceMomentum({ decay: 0.9, nesterov: true }),
      scaleByLearningRate(0.05),
    );
    const named = sgd({ learningRate: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.1 });
    expectTrajectory(runLibrary(byHand), runLibrary(named), 0);
  });
});
