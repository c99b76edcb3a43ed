import type { TypedArray } from "../dtype";
import { GEMM_WASM_BASE64 } from "./gemm.generated";

// The kernel's exports per element type (the module holds an f32 and an f64 copy).
type GemmPacked = (
  a: number,
  pb: number,
  c: number,
  w: number,
  m: number,
  k: number,
  n: number,
  ta: number,
) => void;
type PackB = (b: number, pb: number, k: number, n: number, tb: number) => void;
type PackedBBytes = (k: number, n: number) => number;

interface GemmExports {
  readonly memory: WebAssembly.Memory;
  gemm_packed_f32: GemmPacked;
  gemm_packed_f64: GemmPacked;
  packB_full_f32: PackB;
  packB_full_f64: PackB;
  packedBBytes_f32: PackedBBytes;
  packedBBytes_f64: PackedBBytes;
}

let exports_: GemmExports | null | undefined;
let pending = false;

const decode = (b64: string): Uint8Array => {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
};

const imports = { env: { abort: () => {} } };

/** The instantiated kernel, or null where WebAssembly SIMD is unavailable (then JS runs). */
const instance = (): GemmExports | null => {
  if (exports_ !== undefined) return exports_;
  if (pending) return null;
  const g = globalThis as {
    WebAssembly?: typeof WebAssembly;
    process?: { env?: Record<string, string | undefined> };
  };
  if (g.WebAssembly === undefined || g.process?.env?.TAPEGRAD_NO_WASM === "1") {
    exports_ = null;
    return null;
  }
  const bytes = decode(GEMM_WASM_BASE64) as BufferSource;
  try {
    exports_ = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports)
      .exports as unknown as GemmExports;
  } catch {
    // A browser's main thread refuses synchronous compiles over 4 KB: compile in the
    // background and use the plain kernel until it is ready. No SIMD at all: stay on JS.
    pending = true;
    WebAssembly.instantiate(bytes, imports).then(
      (r) => {
        exports_ = r.instance.exports as unknown as GemmExports;
        pending = false;
      },
      () => {
        exports_ = null;
        pending = false;
      },
    );
    return null;
  }
  return exports_;
};

// Memory: [BASE, cacheStart) is scratch for A, C and the workspace; above it, packed copies of
// B operands, cached by their (immutable) storage so a weight matrix used again — inference in
// a loop — is neither copied nor packed again. The cache is a bump region reset as a whole when
// full (`epoch` invalidates every entry), so it never grows past CACHE_BYTES.
const BASE = 1024;
const CACHE_BYTES = 64 << 20;
const CACHE_MIN_ELEMENTS = 16384;
let scratchBytes = 0;
let cacheStart = BASE;
let cacheTop = BASE;
let epoch = 0;
interface Packed {
  readonly ptr: number;
  readonly epoch: number;
  // the same storage may come back reshaped or transposed: the layout is part of the key
  readonly k: number;
  readonly n: number;
  readonly tb: boolean;
}
let cache = new WeakMap<TypedArray, readonly Packed[]>();

// Above this much WebAssembly memory (or when growing fails), products run in the plain kernel.
let memoryLimit = 1 << 30;

/** @internal For tests: lower the WebAssembly memory budget (bytes); returns the previous one. */
export const setWasmMemoryLimit = (bytes: number): number => {
  const old = memoryLimit;
  memoryLimit = bytes;
  return old;
};

class OutOfWasmMemory extends Error {}

const ensure = (ex: GemmExports, bytes: number): void => {
  if (bytes > memoryLimit) throw new OutOfWasmMemory();
  const have = ex.memory.buffer.byteLength;
  if (bytes > have) {
    try {
      ex.memory.grow(Math.ceil((bytes - have) / 65536));
    } catch {
      throw new OutOfWasmMemory();
    }
  }
};

const resetCache = (): void => {
  epoch++;
  cacheTop = cacheStart;
  cache = new WeakMap();
};

/** The packed copy of op(B) in WebAssembly memory: cached when `cacheable`, else packed anew. */
const packedB = (
  ex: GemmExports,
  b: TypedArray,
  k: number,
  n: number,
  tb: boolean,
  f32: boolean,
  cacheable: boolean,
): number => {
  if (cacheable) {
    const hit = cache.get(b)?.find((e) => e.epoch === epoch && e.k === k && e.n === n && e.tb === tb);
    if (hit !== undefined) return hit.ptr;
  }
  const bytes = f32 ? ex.packedBBytes_f32(k, n) : ex.packedBBytes_f64(k, n);
  const rawBytes = b.length * b.BYTES_PER_ELEMENT;
  if (cacheTop + bytes + rawBytes > cacheStart + CACHE_BYTES) resetCache();
  const ptr = cacheTop;
  const raw = ptr + bytes; // the unpacked copy sits just above, only while packing
  ensure(ex, raw + rawBytes);
  const buf = ex.memory.buffer;
  new (f32 ? Float32Array : Float64Array)(buf, raw, b.length).set(b);
  (f32 ? ex.packB_full_f32 : ex.packB_full_f64)(raw, ptr, k, n, tb ? 1 : 0);
  if (cacheable) {
    cacheTop = (ptr + bytes + 15) & ~15;
    const entries = (cache.get(b) ?? []).filter((e) => e.epoch === epoch);
    entries.push({ ptr, epoch, k, n, tb });
    cache.set(b, entries);
  }
  return ptr;
};

/**
 * Runs C = op(A)·op(B) in WebAssembly SIMD; false when unavailable or for int32 (the caller
 * falls back to the plain kernel). `cacheB` says B is a whole tensor's storage (not a view), so
 * its packed copy may be kept for the next call.
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
  cacheB = false,
): boolean => {
  if (c instanceof Int32Array) return false;
  const ex = instance();
  if (ex === null) return false;
  const f32 = c instanceof Float32Array;
  const bpe = f32 ? 4 : 8;
  // scratch: A, C, then the workspace of packed A panels and an edge tile
  const ws = (96 * Math.min(k, 256) + 4 * 8) * bpe;
  const need = ((m * k + m * n) * bpe + ws + 64 + 15) & ~15;
  let pb: number;
  try {
    if (need > scratchBytes) {
      ensure(ex, BASE + need);
      scratchBytes = Math.max(need, Math.min(scratchBytes * 2, memoryLimit - BASE));
      cacheStart = BASE + scratchBytes;
      resetCache();
    }
    // small operands are cheaper to pack again than to track (WeakMap entries cost the GC)
    pb = packedB(ex, b, k, n, tb, f32, cacheB && k * n >= CACHE_MIN_ELEMENTS);
  } catch (e) {
    if (e instanceof OutOfWasmMemory) return false; // the plain kernel takes it
    throw e;
  }
  const aP = BASE;
  const cP = aP + ((m * k * bpe + 15) & ~15);
  const wP = (cP + m * n * bpe + 15) & ~15;
  const buf = ex.memory.buffer;
  const View = f32 ? Float32Array : Float64Array;
  new View(buf, aP, m * k).set(a);
  (f32 ? ex.gemm_packed_f32 : ex.gemm_packed_f64)(aP, pb, cP, wP, m, k, n, ta ? 1 : 0);
  c.set(new View(buf, cP, m * n));
  return true;
};

/** @internal True when the WebAssembly kernel is in use here (for tests and benchmarks). */
export const wasmAvailable = (): boolean => instance() !== null;
