import { GEMM_WASM_BASE64, GEMM_WASM_SHARED_BASE64 } from "./gemm.generated";
import {
  helperCount,
  MAX_THREADS,
  nodeProcess,
  startHelpers,
  stopHelpers,
  type WorkerThreads,
  workerThreads,
} from "./threads";

// The kernels' exports per element type (the module holds an f32 and an f64 copy of each).
type GemmCols = (
  a: number,
  pb: number,
  c: number,
  w: number,
  m: number,
  k: number,
  n: number,
  ta: number,
  j0: number,
  j1: number,
) => void;
type PackBCols = (b: number, pb: number, k: number, n: number, tb: number, j0: number, j1: number) => void;
type PackedBBytes = (k: number, n: number) => number;
type AdamMoments = (
  g: number,
  m: number,
  v: number,
  n: number,
  b1: number,
  c1: number,
  b2: number,
  c2: number,
  bc1: number,
  bc2: number,
  eps: number,
  scale: number,
) => void;

type AddRows = (c: number, bias: number, m: number, n: number) => void;
type SumMid = (a: number, out: number, acc: number, outer: number, red: number, inner: number) => void;
type Binary = (op: number, mode: number, a: number, b: number, out: number, n: number) => void;
type LeakyRelu = (x: number, out: number, n: number, slope: number) => void;
type LeakyReluGrad = (x: number, g: number, out: number, n: number, slope: number) => void;

/** @internal */
export interface KernelExports {
  readonly memory: WebAssembly.Memory;
  gemm_cols_f32: GemmCols;
  gemm_cols_f64: GemmCols;
  packB_cols_f32: PackBCols;
  packB_cols_f64: PackBCols;
  packedBBytes_f32: PackedBBytes;
  packedBBytes_f64: PackedBBytes;
  zero: (p: number, bytes: number) => void;
  addRows_f32: AddRows;
  addRows_f64: AddRows;
  sumMid_f32: SumMid;
  sumMid_f64: SumMid;
  adam_f32: AdamMoments;
  adam_f64: AdamMoments;
  binary_f32: Binary;
  binary_f64: Binary;
  leakyRelu_f32: LeakyRelu;
  leakyRelu_f64: LeakyRelu;
  leakyReluGrad_f32: LeakyReluGrad;
  leakyReluGrad_f64: LeakyReluGrad;
}

let exports_: KernelExports | null | undefined;
let pending = false;

const decode = (b64: string): Uint8Array => {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
};

const abort = () => {};
const imports = { env: { abort } };

let requested: number | undefined;

/** Threads wanted: setNumThreads, else TAPEGRAD_THREADS, else the machine's cores (at most 8). */
const wantedThreads = (): number => {
  if (requested !== undefined) return requested;
  const env = nodeProcess()?.env?.TAPEGRAD_THREADS;
  if (env !== undefined && /^[1-9][0-9]*$/.test(env)) return Math.min(Number(env), MAX_THREADS);
  const os = nodeProcess()?.getBuiltinModule?.("node:os") as
    | { availableParallelism?: () => number }
    | undefined;
  return Math.max(1, Math.min(os?.availableParallelism?.() ?? 1, MAX_THREADS));
};

const startShared = (wt: WorkerThreads, threads: number): KernelExports => {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 16384, shared: true });
  const module = new WebAssembly.Module(decode(GEMM_WASM_SHARED_BASE64) as BufferSource);
  const ex = new WebAssembly.Instance(module, { env: { memory, abort } }).exports;
  startHelpers(wt, module, memory, threads - 1);
  return { ...(ex as unknown as KernelExports), memory };
};

/** @internal The instantiated kernels, or null where WebAssembly SIMD is unavailable (then JS runs). */
export const instance = (): KernelExports | null => {
  if (exports_ !== undefined) return exports_;
  if (pending) return null;
  const g = globalThis as { WebAssembly?: typeof WebAssembly };
  if (g.WebAssembly === undefined || nodeProcess()?.env?.TAPEGRAD_NO_WASM === "1") {
    exports_ = null;
    return null;
  }
  const threads = wantedThreads();
  const wt = threads > 1 ? workerThreads() : null;
  if (wt !== null) {
    try {
      exports_ = startShared(wt, threads);
      return exports_;
    } catch {
      // no shared memory or no worker: one thread, as below
    }
  }
  const bytes = decode(GEMM_WASM_BASE64) as BufferSource;
  try {
    exports_ = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports)
      .exports as unknown as KernelExports;
  } catch {
    // A browser's main thread refuses synchronous compiles over 4 KB: compile in the
    // background and use the plain kernels until it is ready. No SIMD at all: stay on JS.
    pending = true;
    WebAssembly.instantiate(bytes, imports).then(
      (r) => {
        exports_ = r.instance.exports as unknown as KernelExports;
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

/** @internal Threads the kernels run on now, the calling one included (1 without workers). */
export const threadCount = (): number => (instance() === null ? 1 : helperCount() + 1);

/**
 * Sets how many threads the WebAssembly matrix product may use (the calling thread included):
 * 1 runs everything on the calling thread. Default: the machine's cores (at most 8), or the
 * `TAPEGRAD_THREADS` environment variable; always 1 where worker threads or SharedArrayBuffer
 * are missing (browsers). Results do not depend on it: each thread computes whole elements.
 *
 * @example
 * setNumThreads(1) // single-threaded, e.g. to compare with single-threaded peers
 */
export const setNumThreads = (n: number): void => {
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS) {
    throw new RangeError(`setNumThreads: n must be an integer in [1, ${MAX_THREADS}], got ${n}`);
  }
  requested = n;
  if (exports_ === undefined || exports_ === null || n === helperCount() + 1) return;
  // start again with the new count (the memory holds only scratch and a cache)
  stopHelpers();
  exports_ = undefined;
  scratchBytes = 0;
  cacheStart_ = BASE;
  layout_++;
};

/** The number of threads the matrix product uses now (see `setNumThreads`). */
export const getNumThreads = (): number => threadCount();

/** @internal True when the WebAssembly kernels are in use here (for tests and benchmarks). */
export const wasmAvailable = (): boolean => instance() !== null;

// Memory: [BASE, cacheStart) is scratch (operands copied in, results, workspace), reused by
// every call; above it, the matrix product's cache of packed operands. Growing the scratch moves
// cacheStart, and `layout` counts those moves so the cache knows to start again.
/** @internal */
export const BASE = 1024;
let scratchBytes = 0;
let cacheStart_ = BASE;
let layout_ = 0;

// Above this much WebAssembly memory (or when growing fails), work runs in the plain kernels.
let memoryLimit = 1 << 30;

/** @internal For tests: lower the WebAssembly memory budget (bytes); returns the previous one. */
export const setWasmMemoryLimit = (bytes: number): number => {
  const old = memoryLimit;
  memoryLimit = bytes;
  return old;
};

/** @internal Thrown when the budget is exceeded or the memory cannot grow; callers fall back. */
export class OutOfWasmMemory extends Error {}

/** @internal Grows the memory to at least `bytes` (within the budget). */
export const ensure = (ex: KernelExports, bytes: number): void => {
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

/** @internal Makes [BASE, BASE + bytes) available as scratch; may move the cache region. */
export const reserveScratch = (ex: KernelExports, bytes: number): void => {
  if (bytes <= scratchBytes) return;
  // at least double, so a slowly growing size does not move the cache every call
  const next = Math.max(bytes, Math.min(scratchBytes * 2, memoryLimit - BASE));
  ensure(ex, BASE + next);
  scratchBytes = next;
  cacheStart_ = BASE + scratchBytes;
  layout_++;
};

/** @internal Where the cache region starts now. */
export const cacheStart = (): number => cacheStart_;

/** @internal Changes whenever the cache region moves (its contents are then lost). */
export const layout = (): number => layout_;

/**
 * @internal Copies `inputs` into the scratch (16-byte aligned, one after another; a number
 * reserves that many elements without copying), runs `run` on their addresses, then copies each
 * `[out, slot]` back from the slot of that index (kernels write their results over an input or
 * into a reserved slot). False when WebAssembly is unavailable or out of memory: the caller runs
 * its plain loop. Only for float32/float64 arrays of one type (the first input's).
 */
export const inScratch = (
  inputs: readonly (Float32Array | Float64Array | number)[],
  outputs: readonly (readonly [Float32Array | Float64Array, number])[],
  run: (ex: KernelExports, f32: boolean, ptrs: readonly number[]) => void,
): boolean => {
  const ex = instance();
  if (ex === null) return false;
  const f32 = inputs[0] instanceof Float32Array;
  const bpe = f32 ? 4 : 8;
  const ptrs: number[] = [];
  let top = BASE;
  for (const x of inputs) {
    ptrs.push(top);
    top += ((typeof x === "number" ? x : x.length) * bpe + 15) & ~15;
  }
  try {
    reserveScratch(ex, top - BASE);
  } catch (e) {
    if (e instanceof OutOfWasmMemory) return false;
    throw e;
  }
  const buf = ex.memory.buffer;
  const View = f32 ? Float32Array : Float64Array;
  for (let i = 0; i < inputs.length; i++) {
    const x = inputs[i]!;
    if (typeof x !== "number") new View(buf, ptrs[i], x.length).set(x);
  }
  run(ex, f32, ptrs);
  for (const [out, slot] of outputs) out.set(new View(buf, ptrs[slot], out.length));
  return true;
};
