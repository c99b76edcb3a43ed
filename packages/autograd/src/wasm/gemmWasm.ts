import type { TypedArray } from "../dtype";
import {
  BASE,
  cacheStart,
  ensure,
  instance,
  type KernelExports,
  layout,
  OutOfWasmMemory,
  reserveScratch,
} from "./module";

export { setWasmMemoryLimit, wasmAvailable } from "./module";

// Packed copies of B operands live above the scratch, cached by their (immutable) storage so a
// weight matrix used again — inference in a loop — is neither copied nor packed again. The cache
// is a bump region reset as a whole when full (`epoch` invalidates every entry), so it never
// grows past CACHE_BYTES; it also starts again when the scratch below it grows.
const CACHE_BYTES = 64 << 20;
const CACHE_MIN_ELEMENTS = 2048;
let cacheLayout = -1;
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

const resetCache = (): void => {
  epoch++;
  cacheTop = cacheStart();
  cacheLayout = layout();
  cache = new WeakMap();
};

/** The packed copy of op(B) in WebAssembly memory: cached when `cacheable`, else packed anew. */
const packedB = (
  ex: KernelExports,
  b: TypedArray,
  k: number,
  n: number,
  tb: boolean,
  f32: boolean,
  cacheable: boolean,
): number => {
  if (cacheLayout !== layout()) resetCache();
  if (cacheable) {
    const hit = cache.get(b)?.find((e) => e.epoch === epoch && e.k === k && e.n === n && e.tb === tb);
    if (hit !== undefined) return hit.ptr;
  }
  const bytes = f32 ? ex.packedBBytes_f32(k, n) : ex.packedBBytes_f64(k, n);
  const rawBytes = b.length * b.BYTES_PER_ELEMENT;
  if (cacheTop + bytes + rawBytes > cacheStart() + CACHE_BYTES) resetCache();
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
  // scratch: A, C, then the workspace of packed A panels (96 rows × 256) and an edge tile
  const ws = (96 * Math.min(k, 256) + 4 * 8) * bpe;
  const need = ((m * k + m * n) * bpe + ws + 64 + 15) & ~15;
  let pb: number;
  try {
    reserveScratch(ex, need);
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
