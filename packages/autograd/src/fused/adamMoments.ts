import { allocate } from "../dtype";
import { fmtShape, TensorError } from "../errors";
import { add } from "../ops/add";
import { div } from "../ops/div";
import { mul } from "../ops/mul";
import { sqrt } from "../ops/sqrt";
import { shapesEqual } from "../shape";
import { dataOf, fromData, type Tensor } from "../tensor";
import { adamWasm } from "../wasm/elementwise";

// Below this many elements the copies in and out of WebAssembly memory cost more than they save
// (measured, float32: 144 elements 3.5 µs in JS against 2.4; 256: 4.6 against 1.7; 2,048: 27.7
// against 6.7). Lower than WASM_ELEMENTWISE_MIN: three divisions and a square root per element.
const WASM_MIN_ELEMENTS = 256;
type F = Float32Array | Float64Array; // int32 never reaches the kernels

/** Hyper-parameters of one Adam moment step; `bc1`, `bc2` are 1 − β₁ᵗ and 1 − β₂ᵗ. */
export interface AdamMomentsOptions {
  readonly beta1: number;
  readonly beta2: number;
  readonly bc1: number;
  readonly bc2: number;
  readonly eps: number;
  /** A factor for the direction (a learning-rate step −γ folded in): u·scale. Default 1. */
  readonly scale?: number;
}

/**
 * The op-by-op definition: m = β₁m + (1−β₁)g, v = β₂v + (1−β₂)g², u = (m/bc1)/(√(v/bc2) + ε),
 * then u·scale when a scale is given.
 * The fused kernel must give exactly these values.
 */
export const adamMomentsComposite = (
  g: Tensor,
  m: Tensor,
  v: Tensor,
  o: AdamMomentsOptions,
): [Tensor, Tensor, Tensor] => {
  const m1 = add(mul(m, o.beta1), mul(g, 1 - o.beta1));
  const v1 = add(mul(v, o.beta2), mul(mul(g, g), 1 - o.beta2));
  const u = div(div(m1, o.bc1), add(sqrt(div(v1, o.bc2)), o.eps));
  return [m1, v1, o.scale === undefined || o.scale === 1 ? u : mul(u, o.scale)];
};

/**
 * Adam's moment update and direction in one pass over the elements, with the same values as
 * `adamMomentsComposite` bit for bit (float32 rounds after every operation, as the ops do).
 * Traced inputs (an optimizer being differentiated) take the composite path.
 * Used by `@tapegrad/optim`'s `scaleByAdam`; returns `[m, v, u]`.
 *
 * @example
 * const [m1, v1, u] = fusedAdamMoments(g, m, v, { beta1: 0.9, beta2: 0.999, bc1: 0.1, bc2: 0.001, eps: 1e-8 });
 */
export const fusedAdamMoments = (
  g: Tensor,
  m: Tensor,
  v: Tensor,
  o: AdamMomentsOptions,
): [Tensor, Tensor, Tensor] => {
  if (!shapesEqual(g.shape, m.shape) || !shapesEqual(g.shape, v.shape)) {
    throw new TensorError(
      "adamMoments",
      `shapes differ: ${fmtShape(g.shape)}, ${fmtShape(m.shape)}, ${fmtShape(v.shape)}`,
    );
  }
  if (
    g._tr !== null ||
    m._tr !== null ||
    v._tr !== null ||
    g.dtype !== m.dtype ||
    g.dtype !== v.dtype ||
    g.dtype === "int32"
  ) {
    return adamMomentsComposite(g, m, v, o);
  }
  const gd = dataOf(g);
  const md = dataOf(m);
  const vd = dataOf(v);
  const n = gd.length;
  const mo = allocate(g.dtype, n);
  const vo = allocate(g.dtype, n);
  const uo = allocate(g.dtype, n);
  if (g.dtype === "float32") {
    const R = Math.fround;
    // each scalar is rounded to float32 as the ops lift it
    const B1 = R(o.beta1);
    const C1 = R(1 - o.beta1);
    const B2 = R(o.beta2);
    const C2 = R(1 - o.beta2);
    const BC1 = R(o.bc1);
    const BC2 = R(o.bc2);
    const E = R(o.eps);
    const S = R(o.scale ?? 1);
    const s = { b1: B1, c1: C1, b2: B2, c2: C2, bc1: BC1, bc2: BC2, eps: E, scale: S };
    if (n < WASM_MIN_ELEMENTS || !adamWasm(gd as F, md as F, vd as F, mo as F, vo as F, uo as F, s)) {
      for (let i = 0; i < n; i++) {
        const gi = gd[i]!;
        const mi = R(R(md[i]! * B1) + R(gi * C1));
        const vi = R(R(vd[i]! * B2) + R(R(gi * gi) * C2));
        mo[i] = mi;
        vo[i] = vi;
        uo[i] = R(R(mi / BC1) / R(R(Math.sqrt(R(vi / BC2))) + E)) * S;
      }
    }
  } else {
    const { beta1: B1, beta2: B2, bc1: BC1, bc2: BC2, eps: E } = o;
    const C1 = 1 - B1;
    const C2 = 1 - B2;
    const S = o.scale ?? 1;
    const s = { b1: B1, c1: C1, b2: B2, c2: C2, bc1: BC1, bc2: BC2, eps: E, scale: S };
    if (n < WASM_MIN_ELEMENTS || !adamWasm(gd as F, md as F, vd as F, mo as F, vo as F, uo as F, s)) {
      for (let i = 0; i < n; i++) {
        const gi = gd[i]!;
        const mi = md[i]! * B1 + gi * C1;
        const vi = vd[i]! * B2 + gi * gi * C2;
        mo[i] = mi;
        vo[i] = vi;
        uo[i] = (mi / BC1 / (Math.sqrt(vi / BC2) + E)) * S;
      }
    }
  }
  return [fromData(mo, g.shape), fromData(vo, g.shape), fromData(uo, g.shape)];
};
