import { inScratch } from "./module";

/** Adam's scalars as the kernel takes them (already rounded to the element type for float32). */
export interface AdamScalars {
  readonly b1: number;
  readonly c1: number;
  readonly b2: number;
  readonly c2: number;
  readonly bc1: number;
  readonly bc2: number;
  readonly eps: number;
  readonly scale: number;
}

type F = Float32Array | Float64Array;

/**
 * Adam's moment update and direction in WebAssembly SIMD: reads g, m, v, writes m₁, v₁ and the
 * direction u into mo, vo, uo. False when unavailable or out of memory (the caller runs the
 * plain loop, which gives the same values bit for bit).
 */
export const adamWasm = (g: F, m: F, v: F, mo: F, vo: F, uo: F, s: AdamScalars): boolean =>
  inScratch(
    [g, m, v],
    [
      [mo, 1],
      [vo, 2],
      [uo, 0],
    ],
    (ex, f32, [pg, pm, pv]) =>
      (f32 ? ex.adam_f32 : ex.adam_f64)(
        pg!,
        pm!,
        pv!,
        g.length,
        s.b1,
        s.c1,
        s.b2,
        s.c2,
        s.bc1,
        s.bc2,
        s.eps,
        s.scale,
      ),
  );
