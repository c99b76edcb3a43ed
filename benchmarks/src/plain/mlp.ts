/**
 * The hand-written baseline for workloads B, C and D: a dense MLP with forward, backward and Adam
 * written as plain loops over preallocated Float32Arrays — what a careful programmer writes for
 * one fixed model, without any library.
 */
import type { AdamSpec, MlpSpec, TrainSpec } from "../config";
import type { DenseWeights } from "../data";

interface Layer {
  readonly fanIn: number;
  readonly fanOut: number;
  readonly w: Float32Array;
  readonly b: Float32Array;
  readonly gw: Float32Array;
  readonly gb: Float32Array;
  readonly mw: Float32Array;
  readonly vw: Float32Array;
  readonly mb: Float32Array;
  readonly vb: Float32Array;
  /** Pre-activations (batch, fanOut), then overwritten in place by their gradient. */
  readonly z: Float32Array;
  /** Activations (batch, fanOut): act(z), or z for the last layer. */
  readonly a: Float32Array;
}

/** z = x·W + b for x (batch, fanIn), W (fanIn, fanOut); i-k-j order. */
const denseForward = (x: Float32Array, l: Layer, batch: number): void => {
  const { w, b, z, fanIn, fanOut } = l;
  for (let i = 0; i < batch; i++) {
    const zi = i * fanOut;
    for (let j = 0; j < fanOut; j++) z[zi + j] = b[j];
    const xi = i * fanIn;
    for (let k = 0; k < fanIn; k++) {
      const xik = x[xi + k];
      if (xik === 0) continue;
      const wk = k * fanOut;
      for (let j = 0; j < fanOut; j++) z[zi + j] += xik * w[wk + j];
    }
  }
};

/** gW = xᵀ·dz, gb = Σ_i dz; and dx = dz·Wᵀ when `dx` is given. */
const denseBackward = (x: Float32Array, l: Layer, batch: number, dx: Float32Array | undefined): void => {
  const { w, gw, gb, z: dz, fanIn, fanOut } = l;
  gw.fill(0);
  gb.fill(0);
  for (let i = 0; i < batch; i++) {
    const zi = i * fanOut;
    for (let j = 0; j < fanOut; j++) gb[j] += dz[zi + j];
    const xi = i * fanIn;
    for (let k = 0; k < fanIn; k++) {
      const xik = x[xi + k];
      const wk = k * fanOut;
      if (xik !== 0) for (let j = 0; j < fanOut; j++) gw[wk + j] += xik * dz[zi + j];
      if (dx !== undefined) {
        let s = 0;
        for (let j = 0; j < fanOut; j++) s += dz[zi + j] * w[wk + j];
        dx[xi + k] = s;
      }
    }
  }
};

/** θ ← θ − γ·m̂/(√v̂ + ε), m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ). */
const adamUpdate = (
  p: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  o: AdamSpec,
  t: number,
): void => {
  const c1 = 1 / (1 - o.beta1 ** t);
  const c2 = 1 / (1 - o.beta2 ** t);
  const { beta1, beta2, eps, learningRate } = o;
  for (let i = 0; i < p.length; i++) {
    const gi = g[i];
    const mi = beta1 * m[i] + (1 - beta1) * gi;
    const vi = beta2 * v[i] + (1 - beta2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    p[i] -= (learningRate * (mi * c1)) / (Math.sqrt(vi * c2) + eps);
  }
};

/** A hand-written MLP (hidden activation relu or leaky ReLU), trained in place. */
export class PlainMlp {
  private readonly layers: Layer[];
  private t = 0;
  constructor(
    private readonly spec: MlpSpec,
    weights: readonly DenseWeights[],
  ) {
    const n = spec.batch;
    this.layers = weights.map((wt) => ({
      fanIn: wt.fanIn,
      fanOut: wt.fanOut,
      w: Float32Array.from(wt.kernel),
      b: Float32Array.from(wt.bias),
      gw: new Float32Array(wt.kernel.length),
      gb: new Float32Array(wt.bias.length),
      mw: new Float32Array(wt.kernel.length),
      vw: new Float32Array(wt.kernel.length),
      mb: new Float32Array(wt.bias.length),
      vb: new Float32Array(wt.bias.length),
      z: new Float32Array(n * wt.fanOut),
      a: new Float32Array(n * wt.fanOut),
    }));
  }

  /** The logits (batch, out) for x (batch, in); a view into an internal buffer. */
  forward(x: Float32Array): Float32Array {
    const n = this.spec.batch;
    const slope = this.spec.activation === "relu" ? 0 : this.spec.slope;
    const last = this.layers.length - 1;
    let input = x;
    for (let l = 0; l <= last; l++) {
      const layer = this.layers[l];
      denseForward(input, layer, n);
      const { z, a } = layer;
      if (l === last) a.set(z);
      else for (let i = 0; i < z.length; i++) a[i] = z[i] > 0 ? z[i] : slope * z[i];
      input = a;
    }
    return this.layers[last].a;
  }

  /** One step of Adam on the loss of (x, y); returns the loss before the update. */
  trainStep(x: Float32Array, y: Float32Array, loss: TrainSpec["loss"], adam: AdamSpec): number {
    const n = this.spec.batch;
    const slope = this.spec.activation === "relu" ? 0 : this.spec.slope;
    const out = this.forward(x);
    const lastLayer = this.layers[this.layers.length - 1];
    const value = loss === "mse" ? mseGrad(out, y, lastLayer.z) : softmaxCeGrad(out, y, lastLayer.z, n);
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const layer = this.layers[l];
      const prev = l > 0 ? this.layers[l - 1] : undefined;
      // dx overwrites prev.a in place (safe: row i of x is read before its own entries are
      // written, and no other row reads it); then dz = dx·act′(z) goes into prev.z.
      // NOTE: act′(0) = slope (relu′(0) = 0), as tapegrad's convention.
      denseBackward(prev ? prev.a : x, layer, n, prev ? prev.a : undefined);
      if (prev) {
        const { z, a } = prev;
        for (let i = 0; i < z.length; i++) z[i] = z[i] > 0 ? a[i] : slope * a[i];
      }
    }
    this.t += 1;
    for (const layer of this.layers) {
      adamUpdate(layer.w, layer.gw, layer.mw, layer.vw, adam, this.t);
      adamUpdate(layer.b, layer.gb, layer.mb, layer.vb, adam, this.t);
    }
    return value;
  }
}

/** mean((out − y)²) over all elements; writes d/dout = 2(out − y)/count into `dz`. */
const mseGrad = (out: Float32Array, y: Float32Array, dz: Float32Array): number => {
  let s = 0;
  const scale = 2 / out.length;
  for (let i = 0; i < out.length; i++) {
    const e = out[i] - y[i];
    s += e * e;
    dz[i] = scale * e;
  }
  return s / out.length;
};

/** mean over rows of −Σ y·logSoftmax(z); writes (softmax(z) − y)/batch into `dz`. */
const softmaxCeGrad = (z: Float32Array, y: Float32Array, dz: Float32Array, batch: number): number => {
  const k = z.length / batch;
  let total = 0;
  for (let i = 0; i < batch; i++) {
    const o = i * k;
    let m = -Infinity;
    for (let j = 0; j < k; j++) if (z[o + j] > m) m = z[o + j];
    let s = 0;
    for (let j = 0; j < k; j++) s += Math.exp(z[o + j] - m);
    const lse = m + Math.log(s);
    for (let j = 0; j < k; j++) {
      const logp = z[o + j] - lse;
      total -= y[o + j] * logp;
      dz[o + j] = (Math.exp(logp) - y[o + j]) / batch;
    }
  }
  return total / batch;
};
