// Worker threads for the matrix product (Node). They instantiate the same kernels on one shared
// WebAssembly memory; each computes a share of C's columns (every element's sum in the same
// order, so the result does not depend on the number of threads). Off where worker_threads or
// SharedArrayBuffer is missing (browsers, which would also need cross-origin isolation): there
// everything runs on the calling thread. module.ts decides how many threads to start.

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
}
/** @internal The part of node:worker_threads used here. */
export interface WorkerThreads {
  Worker: new (src: string, o: { eval: boolean; workerData: unknown }) => NodeWorker;
}
interface NodeProcess {
  env?: Record<string, string | undefined>;
  getBuiltinModule?: (id: string) => unknown;
}

/** @internal The most threads tapegrad uses (control blocks of 128 bytes below BASE). */
export const MAX_THREADS = 8;
const CTL_BYTES = 128;

// The worker: waits for a job in its control block (spinning for a while first, so back-to-back
// products do not pay a wake-up), runs it, reports it done. Words: [seq, done, f32, a, rawB, pb,
// c, w, m, k, n, ta, tb, j0, j1, pack, worker asleep, caller asleep]: columns [j0, j1) of C, and
// their panels of B to pack first if `pack`. Each side notifies only when the other says it
// sleeps (a notify costs a lock and a system call); sequentially consistent atomics make "store
// mine, then load theirs" on both sides miss no wake-up.
const SEQ = 0;
const DONE = 1;
const WORKER_ASLEEP = 16;
const CALLER_ASLEEP = 17;
const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { module, memory, ctl: at } = workerData;
const ex = new WebAssembly.Instance(module, { env: { memory, abort() {} } }).exports;
const ctl = new Int32Array(memory.buffer, at, 32);
let seen = 0;
for (;;) {
  let spins = 0;
  while (Atomics.load(ctl, ${SEQ}) === seen) {
    if (++spins > 100000) {
      Atomics.store(ctl, ${WORKER_ASLEEP}, 1);
      Atomics.wait(ctl, ${SEQ}, seen);
      Atomics.store(ctl, ${WORKER_ASLEEP}, 0);
      spins = 0;
    }
  }
  seen = Atomics.load(ctl, ${SEQ});
  const f32 = ctl[2] === 1;
  if (ctl[15] === 1) (f32 ? ex.packB_cols_f32 : ex.packB_cols_f64)(ctl[4], ctl[5], ctl[9], ctl[10], ctl[12], ctl[13], ctl[14]);
  (f32 ? ex.gemm_cols_f32 : ex.gemm_cols_f64)(ctl[3], ctl[5], ctl[6], ctl[7], ctl[8], ctl[9], ctl[10], ctl[11], ctl[13], ctl[14]);
  Atomics.store(ctl, ${DONE}, seen);
  if (Atomics.load(ctl, ${CALLER_ASLEEP}) === 1) Atomics.notify(ctl, ${DONE});
}
`;

interface Helper {
  readonly worker: NodeWorker;
  readonly ctl: Int32Array;
  seq: number;
}
let helpers: Helper[] = [];

/** @internal Node's `process`, or undefined elsewhere. */
export const nodeProcess = (): NodeProcess | undefined => (globalThis as { process?: NodeProcess }).process;

/** @internal node:worker_threads, or null where threads cannot run. */
export const workerThreads = (): WorkerThreads | null => {
  const p = nodeProcess();
  if (typeof p?.getBuiltinModule !== "function" || typeof SharedArrayBuffer === "undefined") return null;
  try {
    return p.getBuiltinModule("node:worker_threads") as WorkerThreads;
  } catch {
    return null;
  }
};

/** @internal Starts `count` helpers on `memory` (helper i's control block at (i + 1)·128). */
export const startHelpers = (
  wt: WorkerThreads,
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  count: number,
): void => {
  const started: Helper[] = [];
  try {
    for (let i = 1; i <= count; i++) {
      const worker = new wt.Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module, memory, ctl: i * CTL_BYTES },
      });
      worker.unref(); // never keeps the process alive
      started.push({ worker, ctl: new Int32Array(memory.buffer, i * CTL_BYTES, 32), seq: 0 });
    }
  } catch (e) {
    for (const h of started) void h.worker.terminate();
    throw e;
  }
  helpers = started;
};

/** @internal Stops every helper. */
export const stopHelpers = (): void => {
  for (const h of helpers) void h.worker.terminate();
  helpers = [];
};

/** @internal The number of helpers running. */
export const helperCount = (): number => helpers.length;

/**
 * @internal Posts a job to helper `i` (0-based): the words after [seq, done] of its control
 * block. `joinHelpers` waits for every posted job.
 */
export const postJob = (i: number, words: readonly number[]): void => {
  const h = helpers[i]!;
  for (let w = 0; w < words.length; w++) h.ctl[2 + w] = words[w]!;
  h.seq = (h.seq + 1) | 0;
  Atomics.store(h.ctl, SEQ, h.seq);
  if (Atomics.load(h.ctl, WORKER_ASLEEP) === 1) Atomics.notify(h.ctl, SEQ);
};

/** @internal Waits until the jobs posted to helpers [0, count) are done. */
export const joinHelpers = (count: number): void => {
  for (let i = 0; i < count; i++) {
    const h = helpers[i]!;
    let spins = 0;
    let slept = 0;
    while (Atomics.load(h.ctl, DONE) !== h.seq) {
      if (++spins < 100000) continue;
      // sleep until notified, 1 ms at a time; a helper silent for 10 minutes after this thread
      // finished its own share (equal to the helper's) has died: say so rather than hang
      Atomics.store(h.ctl, CALLER_ASLEEP, 1);
      const done = Atomics.load(h.ctl, DONE);
      if (done !== h.seq) Atomics.wait(h.ctl, DONE, done, 1);
      Atomics.store(h.ctl, CALLER_ASLEEP, 0);
      if (++slept > 600_000)
        throw new Error("tapegrad: a worker thread of the matrix product stopped answering");
    }
  }
};
