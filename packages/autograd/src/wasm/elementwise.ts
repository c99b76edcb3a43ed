import { inScratch } from "./module";

// Large float arrays go through WebAssembly SIMD: a plain JavaScript loop over typed arrays runs
// ~1.9 ns per element here, copying in and out of the module's memory ~0.1 ns. Below this size the
// copies and the call cost more than they save (measured, a float32 add: 256 elements 1.5 µs in JS
// against 1.8; 1,024: 3.8 against 2.6; 4,096: 12.4 against 3.8).
/** @internal */
export const WASM_ELEMENTWISE_MIN = 1024;

type F = Float32Array | Float64Array;

/** @internal Binary op codes of the kernel. */
export const ADD = 0;
/** @internal */
export const SUB = 1;
/** @internal */
export const MUL = 2;
/** @internal */
export const DIV = 3;

/**
 * @internal out = a op b in WebAssembly SIMD for `mode` 0 (same shapes), 1 (b a scalar) or 2 (a a
 * scalar), the modes of kernels.ts; false when it cannot run (the caller loops).
 */
export const binaryWasm = (op: number, mode: number, a: F, b: F, out: F): boolean =>
  inScratch([a, b], [[out, mode === 2 ? 1 : 0]], (ex, f32, [pa, pb]) =>
    (f32 ? ex.binary_f32 : ex.binary_f64)(op, mode, pa!, pb!, mode === 2 ? pb! : pa!, out.length),
  );

/** @internal leakyRelu forward (slope already rounded to the element type). */
export const leakyReluWasm = (x: F, out: F, slope: number): boolean =>
  inScratch([x], [[out, 0]], (ex, f32, [px]) =>
    (f32 ? ex.leakyRelu_f32 : ex.leakyRelu_f64)(px!, px!, x.length, slope),
  );

/** @internal leakyRelu's VJP (slope already rounded to the element type). */
export const leakyReluGradWasm = (x: F, g: F, out: F, slope: number): boolean =>
  inScratch([x, g], [[out, 1]], (ex, f32, [px, pg]) =>
    (f32 ? ex.leakyReluGrad_f32 : ex.leakyReluGrad_f64)(px!, pg!, pg!, x.length, slope),
  );

/**
 * @internal Sums a (outer × red × inner) over its middle axis into out (outer × inner), f64
 * running sums in the plain kernel's order, rounded at the end.
 */
export const sumMidWasm = (a: F, out: F, outer: number, red: number, inner: number): boolean =>
  inScratch(
    [a, out.length, a instanceof Float32Array ? 2 * out.length : out.length],
    [[out, 1]],
    (ex, f32, [pa, po, pacc]) => (f32 ? ex.sumMid_f32 : ex.sumMid_f64)(pa!, po!, pacc!, outer, red, inner),
  );

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
