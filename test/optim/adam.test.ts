import { adam, adamax, adamw, amsgrad, kerasAdam, nadam, radam, warmupCosineDecay } from "@tapegrad/optim";
import { describe, expect, it } from "vitest";
import { expectTrajectory, runLibrary, runReference } from "./helpers";

interface AdamRef {
  lr: number | ((step: number) => number);
  b1?: number;
  b2?: number;
  eps?: number;
  wd?: number; // L2: g ← g + λθ
  decoupled?: number; // AdamW: θ ← θ − γλθ
  amsgrad?: "raw" | "corrected";
  keras?: boolean;
}

// NUMERICS.md, Adam (PyTorch/Optax): m = β₁m + (1−β₁)g, v = β₂v + (1−β₂)g², m̂ = m/(1−β₁ᵗ),
// v̂ = v/(1−β₂ᵗ), θ ← θ − γ·m̂/(√v̂ + ε). AMSGrad: the running max, of raw v then corrected
// (PyTorch, Keras) or of v̂ (NUMERICS.md's "v̂max = max(v̂max, v̂)", Optax). Keras: ε_eff = ε/√(1−β₂ᵗ).
// Weight decay: L2 adds λθ to g; AdamW first does θ ← θ − γλθ.
const adamReference = (o: AdamRef): number[][] => {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0, decoupled = 0 } = o;
  const m = [0, 0, 0, 0, 0];
  const v = [0, 0, 0, 0, 0];
  const vmax = [0, 0, 0, 0, 0];
  return runReference((theta, grad, t) => {
    const gamma = typeof o.lr === "number" ? o.lr : o.lr(t - 1);
    for (let i = 0; i < theta.length; i++) {
      const g = grad[i]! + wd * theta[i]!;
      m[i] = b1 * m[i]! + (1 - b1) * g;
      v[i] = b2 * v[i]! + (1 - b2) * g * g;
      const mHat = m[i]! / (1 - b1 ** t);
      let vHat = v[i]! / (1 - b2 ** t);
      if (o.amsgrad === "raw") {
        vmax[i] = Math.max(vmax[i]!, v[i]!);
        vHat = vmax[i]! / (1 - b2 ** t);
      } else if (o.amsgrad === "corrected") {
        vmax[i] = Math.max(vmax[i]!, vHat);
        vHat = vmax[i]!;
      }
      const epsEff = o.keras ? eps / Math.sqrt(1 - b2 ** t) : eps;
      theta[i] = theta[i]! - gamma * decoupled * theta[i]!;
      theta[i] = theta[i]! - (gamma * mHat) / (Math.sqrt(vHat) + epsEff);
    }
  });
};

describe("adam family: 10-step trajectories against the formula", () => {
  it("adam with defaults", () => {
    expectTrajectory(runLibrary(adam()), adamReference({ lr: 1e-3 }));
  });
  it("adam with a large ε, low β₂ and L2 weight decay", () => {
    const opt = adam({ learningRate: 0.1, beta1: 0.8, beta2: 0.6, eps: 0.1, weightDecay: 0.2 });
    expectTrajectory(runLibrary(opt), adamReference({ lr: 0.1, b1: 0.8, b2: 0.6, eps: 0.1, wd: 0.2 }));
  });
  it("adam with a warm-up cosine schedule", () => {
    const lr = warmupCosineDecay({
      initValue: 0.01,
      peakValue: 0.2,
      warmupSteps: 3,
      decaySteps: 8,
      endValue: 0.02,
    });
    // γ(s) = 0.01 + 0.19·s/3 for s < 3, then 0.02 + 0.18·½(1 + cos(π·min(s − 3, 5)/5))
    const ref = (s: number) =>
      s < 3 ? 0.01 + (0.19 * s) / 3 : 0.02 + 0.18 * 0.5 * (1 + Math.cos((Math.PI * Math.min(s - 3, 5)) / 5));
    expectTrajectory(runLibrary(adam({ learningRate: lr, beta2: 0.9 })), adamReference({ lr: ref, b2: 0.9 }));
  });
  it("amsgrad: the maximum of the raw v by default (PyTorch), of v̂ with amsgradConvention 'optax'", () => {
    const o = { learningRate: 0.1, beta2: 0.6, eps: 1e-3 };
    const raw = adamReference({ lr: 0.1, b2: 0.6, eps: 1e-3, amsgrad: "raw" });
    const corrected = adamReference({ lr: 0.1, b2: 0.6, eps: 1e-3, amsgrad: "corrected" });
    expectTrajectory(runLibrary(amsgrad(o)), raw);
    expectTrajectory(runLibrary(adam({ ...o, amsgrad: true })), raw);
    expectTrajectory(runLibrary(amsgrad({ ...o, amsgradConvention: "optax" })), corrected);
    // the fixed gradients make the two conventions (and plain Adam) really differ
    expect(Math.abs(raw[9]![1]! - corrected[9]![1]!)).toBeGreaterThan(1e-6);
    expect(Math.abs(raw[9]![1]! - adamReference({ lr: 0.1, b2: 0.6, eps: 1e-3 })[9]![1]!)).toBeGreaterThan(
      1e-6,
    );
  });
  it("adamw: decoupled decay, default λ = 1e-2", () => {
    expectTrajectory(runLibrary(adamw({ learningRate: 0.1 })), adamReference({ lr: 0.1, decoupled: 1e-2 }));
    const opt = adamw({ learningRate: 0.05, weightDecay: 0.3, beta2: 0.9 });
    expectTrajectory(runLibrary(opt), adamReference({ lr: 0.05, decoupled: 0.3, b2: 0.9 }));
  });
  it("adam's decoupledWeightDecay is adamw", () => {
    const opt = adam({ learningRate: 0.05, weightDecay: 0.3, decoupledWeightDecay: true });
    expectTrajectory(runLibrary(opt), runLibrary(adamw({ learningRate: 0.05, weightDecay: 0.3 })), 0);
  });
  it("keras convention: ε on the uncorrected √v", () => {
    const opt = adam({ learningRate: 0.1, eps: 0.05, epsConvention: "keras" });
    const ref = adamReference({ lr: 0.1, eps: 0.05, keras: true });
    expectTrajectory(runLibrary(opt), ref);
    expect(Math.abs(ref[9]![0]! - adamReference({ lr: 0.1, eps: 0.05 })[9]![0]!)).toBeGreaterThan(1e-6);
    // kerasAdam: ε = 1e-7 by default, decoupled weight decay
    expectTrajectory(runLibrary(kerasAdam()), adamReference({ lr: 1e-3, eps: 1e-7, keras: true }));
    const kw = kerasAdam({ learningRate: 0.1, eps: 0.05, weightDecay: 0.1, amsgrad: true, beta2: 0.6 });
    const kwRef = adamReference({ lr: 0.1, eps: 0.05, decoupled: 0.1, amsgrad: "raw", b2: 0.6, keras: true });
    expectTrajectory(runLibrary(kw), kwRef);
  });

  it("adamax", () => {
    // torch.optim.Adamax: g ← g + λθ, m = β₁m + (1−β₁)g, u = max(β₂u, |g| + ε), θ ← θ − γ/(1−β₁ᵗ)·m/u
    const reference = (lr: number, b1: number, b2: number, eps: number, wd: number) => {
      const m = [0, 0, 0, 0, 0];
      const u = [0, 0, 0, 0, 0];
      return runReference((theta, grad, t) => {
        for (let i = 0; i < theta.length; i++) {
          const g = grad[i]! + wd * theta[i]!;
          m[i] = b1 * m[i]! + (1 - b1) * g;
          u[i] = Math.max(b2 * u[i]!, Math.abs(g) + eps);
          theta[i] = theta[i]! - ((lr / (1 - b1 ** t)) * m[i]!) / u[i]!;
        }
      });
    };
    expectTrajectory(runLibrary(adamax()), reference(2e-3, 0.9, 0.999, 1e-8, 0));
    const opt = adamax({ learningRate: 0.1, beta1: 0.7, beta2: 0.5, eps: 0.2, weightDecay: 0.1 });
    expectTrajectory(runLibrary(opt), reference(0.1, 0.7, 0.5, 0.2, 0.1));
  });

  it("nadam (PyTorch ≥ 2.0, momentum decay)", () => {
    // torch.optim.NAdam: μ_t = β₁(1 − ½·0.96^(tψ)), Π_t = Π μ_i, m = β₁m + (1−β₁)g,
    // v = β₂v + (1−β₂)g², d = √(v/(1−β₂ᵗ)) + ε,
    // θ ← θ − γ(1−μ_t)/(1−Π_t)·g/d − γμ_{t+1}/(1−Π_t·μ_{t+1})·m/d; NAdamW: θ ← θ(1 − γλ) first
    const reference = (
      lr: number,
      b1: number,
      b2: number,
      eps: number,
      psi: number,
      wd: number,
      dec: boolean,
    ) => {
      const m = [0, 0, 0, 0, 0];
      const v = [0, 0, 0, 0, 0];
      let prod = 1;
      return runReference((theta, grad, t) => {
        const mu = b1 * (1 - 0.5 * 0.96 ** (t * psi));
        const muNext = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi));
        prod *= mu;
        for (let i = 0; i < theta.length; i++) {
          if (dec) theta[i] = theta[i]! * (1 - lr * wd);
          const g = grad[i]! + (dec ? 0 : wd * theta[i]!);
          m[i] = b1 * m[i]! + (1 - b1) * g;
          v[i] = b2 * v[i]! + (1 - b2) * g * g;
          const d = Math.sqrt(v[i]! / (1 - b2 ** t)) + eps;
          theta[i] = theta[i]! - ((lr * (1 - mu)) / (1 - prod)) * (g / d);
          theta[i] = theta[i]! - ((lr * muNext) / (1 - prod * muNext)) * (m[i]! / d);
        }
      });
    };
    expectTrajectory(runLibrary(nadam()), reference(2e-3, 0.9, 0.999, 1e-8, 4e-3, 0, false));
    const o = { learningRate: 0.05, beta1: 0.8, beta2: 0.7, eps: 0.01, momentumDecay: 0.5, weightDecay: 0.1 };
    expectTrajectory(runLibrary(nadam(o)), reference(0.05, 0.8, 0.7, 0.01, 0.5, 0.1, false));
    const dec = nadam({ ...o, decoupledWeightDecay: true });
    expectTrajectory(runLibrary(dec), reference(0.05, 0.8, 0.7, 0.01, 0.5, 0.1, true));
  });

  it("radam: plain momentum while ρ_t ≤ 5, rectified after", () => {
    // torch.optim.RAdam: ρ_∞ = 2/(1−β₂) − 1, ρ_t = ρ_∞ − 2tβ₂ᵗ/(1−β₂ᵗ); if ρ_t > 5:
    // r = √((ρ_t−4)(ρ_t−2)ρ_∞/((ρ_∞−4)(ρ_∞−2)ρ_t)), θ ← θ − γ·m̂·r·√(1−β₂ᵗ)/(√v + ε); else θ ← θ − γm̂
    const branches: boolean[] = [];
    const reference = (lr: number, b1: number, b2: number, eps: number, wd: number) => {
      const m = [0, 0, 0, 0, 0];
      const v = [0, 0, 0, 0, 0];
      const rhoInf = 2 / (1 - b2) - 1;
      return runReference((theta, grad, t) => {
        const rho = rhoInf - (2 * t * b2 ** t) / (1 - b2 ** t);
        branches.push(rho > 5);
        for (let i = 0; i < theta.length; i++) {
          const g = grad[i]! + wd * theta[i]!;
          m[i] = b1 * m[i]! + (1 - b1) * g;
          v[i] = b2 * v[i]! + (1 - b2) * g * g;
          const mHat = m[i]! / (1 - b1 ** t);
          if (rho > 5) {
            const r = Math.sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho));
            theta[i] = theta[i]! - (lr * mHat * r * Math.sqrt(1 - b2 ** t)) / (Math.sqrt(v[i]!) + eps);
          } else theta[i] = theta[i]! - lr * mHat;
        }
      });
    };
    expectTrajectory(runLibrary(radam()), reference(1e-3, 0.9, 0.999, 1e-8, 0));
    expect(branches.includes(true) && branches.includes(false)).toBe(true);
    const opt = radam({ learningRate: 0.05, beta1: 0.8, beta2: 0.99, eps: 0.01, weightDecay: 0.1 });
    expectTrajectory(runLibrary(opt), reference(0.05, 0.8, 0.99, 0.01, 0.1));
  });
});
