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
  threadCount,
} from "./module";
import { joinHelpers, postJob } from "./threads";

export { getNumThreads, setNumThreads, setWasmMemoryLimit, wasmAvailable } from "./module";

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

/** The cached packed copy of op(B), or -1. */
const lookup = (b: TypedArray, k: number, n: number, tb: boolean): number => {
  if (cacheLayout !== layout()) resetCache();
  const hit = cache.get(b)?.find((e) => e.epoch === epoch && e.k === k && e.n === n && e.tb === tb);
  return hit === undefined ? -1 : hit.ptr;
};

/**
 * Room for a packed op(B) in the cache region, with B copied in just above it (only needed while
 * packing): [ptr, raw]. Kept for the next call by `remember`.
 */
const place = (ex: KernelExports, b: TypedArray, k: number, n: number, f32: boolean): [number, number] => {
  if (cacheLayout !== layout()) resetCache();
  const bytes = f32 ? ex.packedBBytes_f32(k, n) : ex.packedBBytes_f64(k, n);
  const rawBytes = b.length * b.BYTES_PER_ELEMENT;
  if (cacheTop + bytes + rawBytes > cacheStart() + CACHE_BYTES) resetCache();
  const ptr = cacheTop;
  const raw = ptr + bytes;
  ensure(ex, raw + rawBytes);
  new (f32 ? Float32Array : Float64Array)(ex.memory.buffer, raw, b.length).set(b);
  return [ptr, raw];
};

const remember = (
  ex: KernelExports,
  b: TypedArray,
  ptr: number,
  k: number,
  n: number,
  tb: boolean,
  f32: boolean,
) => {
  cacheTop = (ptr + (f32 ? ex.packedBBytes_f32(k, n) : ex.packedBBytes_f64(k, n)) + 15) & ~15;
  const entries = (cache.get(b) ?? []).filter((e) => e.epoch === epoch);
  entries.push({ ptr, epoch, k, n, tb });
  cache.set(b, entries);
};

// Products of at least this many multiply-adds are shared among the threads (when there are
// several): below it, handing over costs more than it saves.
const PARALLEL_MIN_MACS = 1 << 15;

/**
 * Runs C = op(A)·op(B) in WebAssembly SIMD; false when unavailable or for int32 (the caller
 * falls back to the plain kernel). `cacheB` says B is a whole tensor's storage (not a view), so
 * its packed copy may be kept for the next call. `bias`: n values added to every row of C
 * after the product (see gemm).
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
  bias?: TypedArray,
): boolean => {
  if (c instanceof Int32Array) return false;
  const ex = instance();
  if (ex === null) return false;
  const f32 = c instanceof Float32Array;
  const bpe = f32 ? 4 : 8;
  const nr = f32 ? 8 : 4;
  const panels = Math.ceil(n / nr);
  const threads = m * k * n >= PARALLEL_MIN_MACS ? Math.min(threadCount(), panels) : 1;
  // scratch: A, C, then per thread a workspace of packed A panels (96 rows × 256) and an edge tile
  const ws = ((96 * Math.min(k, 256) + 4 * 8) * bpe + 15) & ~15;
  const aP = BASE;
  const cP = aP + ((m * k * bpe + 15) & ~15);
  const biasP = (cP + m * n * bpe + 15) & ~15;
  const wP = bias === undefined ? biasP : (biasP + n * bpe + 15) & ~15;
  const cacheable = cacheB && k * n >= CACHE_MIN_ELEMENTS;
  let pb: number;
  let raw = -1; // ≥ 0: B still to pack, from there
  try {
    reserveScratch(ex, wP + threads * ws - BASE);
    pb = cacheable ? lookup(b, k, n, tb) : -1;
    if (pb < 0) [pb, raw] = place(ex, b, k, n, f32);
  } catch (e) {
    if (e instanceof OutOfWasmMemory) return false; // the plain kernel takes it
    throw e;
  }
  const buf = ex.memory.buffer;
  const View = f32 ? Float32Array : Float64Array;
  new View(buf, aP, m * k).set(a);
  // thread t computes (and, if needed, packs) the panels [t·panels/threads, (t+1)·panels/threads);
  // this thread takes the first share (all of it with one thread)
  ex.zero(cP, m * n * bpe);
  const col = (t: number) => Math.min(n, Math.floor((t * panels) / threads) * nr);
  for (let t = 1; t < threads; t++) {
    postJob(t - 1, [
      f32 ? 1 : 0,
      aP,
      raw,
      pb,
      cP,
      wP + t * ws,
      m,
      k,
      n,
      ta ? 1 : 0,
      tb ? 1 : 0,
      col(t),
      col(t + 1),
      raw >= 0 ? 1 : 0,
    ]);
  }
  if (raw >= 0) (f32 ? ex.packB_cols_f32 : ex.packB_cols_f64)(raw, pb, k, n, tb ? 1 : 0, 0, col(1));
  (f32 ? ex.gemm_cols_f32 : ex.gemm_cols_f64)(aP, pb, cP, wP, m, k, n, ta ? 1 : 0, 0, col(1));
  if (threads > 1) joinHelpers(threads - 1);
  if (cacheable && raw >= 0) remember(ex, b, pb, k, n, tb, f32);
  if (bias !== undefined) {
    new View(buf, biasP, n).set(bias);
    (f32 ? ex.addRows_f32 : ex.addRows_f64)(cP, biasP, m, n);
  }
  c.set(new View(buf, cP, m * n));
  return true;
};
