import type { TypedArray } from "../dtype";
import { GEMM_WASM_BASE64 } from "./gemm.generated";

interface GemmExports {
  readonly memory: WebAssembly.Memory;
  gemm_f32(
    a: number,
    b: number,
    c: number,
    w: number,
    m: number,
    k: number,
    n: number,
    ta: number,
    tb: number,
  ): void;
  gemm_f64(
    a: number,
    b: number,
    c: number,
    w: number,
    m: number,
    k: number,
    n: number,
    ta: number,
    tb: number,
  ): void;
  workspace_f32(m: number, k: number, n: number): number;
  workspace_f64(m: number, k: number, n: number): number;
}

let exports_: GemmExports | null | undefined;

const decode = (b64: string): Uint8Array => {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
};

/** The instantiated kernel, or null where WebAssembly SIMD is unavailable (then JS runs). */
const instance = (): GemmExports | null => {
  if (exports_ !== undefined) return exports_;
  try {
    const g = globalThis as {
      WebAssembly?: typeof WebAssembly;
      process?: { env?: Record<string, string | undefined> };
    };
    if (g.WebAssembly === undefined || g.process?.env?.TAPEGRAD_NO_WASM === "1") {
      exports_ = null;
    } else {
      // Synchronous compile: the module is ~3 KB, under the browsers' 4 KB main-thread limit.
      const mod = new WebAssembly.Module(decode(GEMM_WASM_BASE64) as BufferSource);
      const inst = new WebAssembly.Instance(mod, { env: { abort: () => {} } });
      exports_ = inst.exports as unknown as GemmExports;
    }
  } catch {
    exports_ = null;
  }
  return exports_;
};

const BASE = 1024;

/**
 * Runs C = op(A)·op(B) in WebAssembly SIMD; false when unavailable or for int32 (the caller
 * falls back to the plain kernel).
 */
export const gemmWasm = (
  a: TypedArray,
  b: TypedArray,
  c: TypedArray,
  m: number,
  k: number,
  n: number,
  ta: boolean,
  tb: boolean,
): boolean => {
  if (c instanceof Int32Array) return false;
  const ex = instance();
  if (ex === null) return false;
  const f32 = c instanceof Float32Array;
  const bpe = f32 ? 4 : 8;
  const ws = f32 ? ex.workspace_f32(m, k, n) : ex.workspace_f64(m, k, n);
  const aP = BASE;
  const bP = aP + m * k * bpe;
  const cP = bP + k * n * bpe;
  const wP = cP + m * n * bpe;
  const need = wP + ws;
  const have = ex.memory.buffer.byteLength;
  if (need > have) ex.memory.grow(Math.ceil((need - have) / 65536));
  const buf = ex.memory.buffer;
  if (f32) {
    new Float32Array(buf, aP, m * k).set(a);
    new Float32Array(buf, bP, k * n).set(b);
    ex.gemm_f32(aP, bP, cP, wP, m, k, n, ta ? 1 : 0, tb ? 1 : 0);
    c.set(new Float32Array(buf, cP, m * n));
  } else {
    new Float64Array(buf, aP, m * k).set(a);
    new Float64Array(buf, bP, k * n).set(b);
    ex.gemm_f64(aP, bP, cP, wP, m, k, n, ta ? 1 : 0, tb ? 1 : 0);
    c.set(new Float64Array(buf, cP, m * n));
  }
  return true;
};

/** @internal True when the WebAssembly kernel is in use here (for tests and benchmarks). */
export const wasmAvailable = (): boolean => instance() !== null;
