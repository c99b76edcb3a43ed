// AssemblyScript source of tapegrad's WebAssembly SIMD matrix product, written once for both
// element types: scripts/build-wasm.mjs expands the template below for f32 and f64 ($T the type,
// $BYTES its size, $SH log2 of it, $SPLAT the load-and-splat of one element, $LANES per v128) and
// compiles it with elementwise.template.as into packages/autograd/src/wasm/gemm.generated.ts. The plain TypeScript
// kernel in src/gemm.ts stays the reference and the fallback (tests check they agree bit for bit).
// Goto-style blocking: B packed into NR-wide panels per KC block, A into MR-row panels per MC
// block, a 4-row register-blocked micro-kernel (8 v128 accumulators).

const MR: i32 = 4;
const NR_f32: i32 = 8;
const NR_f64: i32 = 4;
const KC: i32 = 256;
const MC: i32 = 96;

/** Zeroes `bytes` bytes at p (bulk memory: far faster than a JS fill on a shared memory). */
export function zero(p: usize, bytes: usize): void {
  memory.fill(p, 0, bytes);
}

// @template
// ---------------------------------------------------------------- $T ($LANES lanes)
// C[m×n] = op(A)·op(B), row-major. op(A)(i,p) = ta ? A[p*m+i] : A[i*k+p];
// op(B)(p,j) = tb ? B[j*k+p] : B[p*n+j]. B is packed first (pack.template.as), A block by block
// into the workspace w.

// The micro-kernel: a MR × NR_$T tile of C from packed panels (kc steps), added into C.
// Four rows of two v128 (eight accumulators), the k loop not unrolled: measured on V8's
// TurboFan (x64, 15 allocatable XMM registers), a 6-row tile or an unrolled loop spills
// accumulators to the stack and ran at 25-27 GFLOP/s in float32; this shape runs at ~40.
function micro_$T(
  pa: usize,
  pb: usize,
  kc: i32,
  c: usize,
  ldc: i32,
  rows: i32,
  cols: i32,
  tmp: usize,
): void {
  let c00 = v128.splat<$T>(0);
  let c01 = v128.splat<$T>(0);
  let c10 = v128.splat<$T>(0);
  let c11 = v128.splat<$T>(0);
  let c20 = v128.splat<$T>(0);
  let c21 = v128.splat<$T>(0);
  let c30 = v128.splat<$T>(0);
  let c31 = v128.splat<$T>(0);
  // one panel row of B is 32 bytes in both types; looping on the pointer, not a counter,
  // measured ~8% faster (39 against 36 GFLOP/s)
  const end = pb + <usize>kc * 32;
  while (pb < end) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.$SPLAT(pa);
    c00 = v128.add<$T>(c00, v128.mul<$T>(a, b0));
    c01 = v128.add<$T>(c01, v128.mul<$T>(a, b1));
    a = v128.$SPLAT(pa, $BYTES);
    c10 = v128.add<$T>(c10, v128.mul<$T>(a, b0));
    c11 = v128.add<$T>(c11, v128.mul<$T>(a, b1));
    a = v128.$SPLAT(pa, 2 * $BYTES);
    c20 = v128.add<$T>(c20, v128.mul<$T>(a, b0));
    c21 = v128.add<$T>(c21, v128.mul<$T>(a, b1));
    a = v128.$SPLAT(pa, 3 * $BYTES);
    c30 = v128.add<$T>(c30, v128.mul<$T>(a, b0));
    c31 = v128.add<$T>(c31, v128.mul<$T>(a, b1));
    pa += MR * $BYTES;
    pb += 32;
  }
  if (rows == MR && cols == NR_$T) {
    const ld = (<usize>ldc) << $SH;
    let r = c;
    v128.store(r, v128.add<$T>(v128.load(r), c00));
    v128.store(r, v128.add<$T>(v128.load(r, 16), c01), 16);
    r += ld;
    v128.store(r, v128.add<$T>(v128.load(r), c10));
    v128.store(r, v128.add<$T>(v128.load(r, 16), c11), 16);
    r += ld;
    v128.store(r, v128.add<$T>(v128.load(r), c20));
    v128.store(r, v128.add<$T>(v128.load(r, 16), c21), 16);
    r += ld;
    v128.store(r, v128.add<$T>(v128.load(r), c30));
    v128.store(r, v128.add<$T>(v128.load(r, 16), c31), 16);
    return;
  }
  // Edge tile: spill to tmp, then add the valid part.
  v128.store(tmp, c00);
  v128.store(tmp, c01, 16);
  v128.store(tmp, c10, 32);
  v128.store(tmp, c11, 48);
  v128.store(tmp, c20, 64);
  v128.store(tmp, c21, 80);
  v128.store(tmp, c30, 96);
  v128.store(tmp, c31, 112);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const dst = c + ((<usize>i * <usize>ldc + <usize>j) << $SH);
      store<$T>(dst, load<$T>(dst) + load<$T>(tmp + ((<usize>(i * NR_$T + j)) << $SH)));
    }
  }
}

/**
 * Columns [j0, j1) of C = op(A)·B (j0 a multiple of NR), B packed by packB_cols_$T at pbFull,
 * added into C (zeroed first by the caller): one thread's share, with its own workspace w for
 * packed A. Every element's sum runs in the same order whatever the split.
 */
export function gemm_cols_$T(
  a: usize,
  pbFull: usize,
  c: usize,
  w: usize,
  m: i32,
  k: i32,
  n: i32,
  ta: bool,
  j0: i32,
  j1: i32,
): void {
  const kcMax = min(k, KC);
  const wa = w;
  const tmp = w + ((<usize>(MC * kcMax)) << $SH);
  const npad = ((n + NR_$T - 1) / NR_$T) * NR_$T;
  for (let pc = 0; pc < k; pc += KC) {
    const kc = min(KC, k - pc);
    const wb = pbFull + ((<usize>pc * <usize>npad) << $SH);
    for (let ic = 0; ic < m; ic += MC) {
      const mc = min(MC, m - ic);
      if (mc < MR) {
        // a few rows (batch 1): one row at a time, read from A in place (no packing), no
        // padded rows computed
        const as: usize = ta ? (<usize>m) << $SH : $BYTES;
        for (let i = 0; i < mc; i++) {
          const row = ic + i;
          const ar = ta
            ? a + ((<usize>pc * <usize>m + <usize>row) << $SH)
            : a + ((<usize>row * <usize>k + <usize>pc) << $SH);
          const cr = c + ((<usize>row * <usize>n) << $SH);
          let j = j0;
          for (; j + 3 * NR_$T <= j1; j += 3 * NR_$T) {
            const pb = wb + ((<usize>(j * kc)) << $SH);
            micro1x3_$T(ar, as, pb, <usize>kc * NR_$T * $BYTES, kc, cr + ((<usize>j) << $SH));
          }
          for (; j < j1; j += NR_$T) {
            const pb = wb + ((<usize>(j * kc)) << $SH);
            micro1_$T(ar, as, pb, kc, cr + ((<usize>j) << $SH), min(NR_$T, n - j), tmp);
          }
        }
        continue;
      }
      packA_$T(a, wa, m, k, ta, ic, mc, pc, kc);
      for (let j = j0; j < j1; j += NR_$T) {
        const pb = wb + ((<usize>(j * kc)) << $SH);
        const cols = min(NR_$T, n - j);
        for (let ir = 0; ir < mc; ir += MR) {
          const pa = wa + ((<usize>(ir * kc)) << $SH);
          const rows = min(MR, mc - ir);
          micro_$T(pa, pb, kc, c + ((<usize>(ic + ir) * <usize>n + <usize>j) << $SH), n, rows, cols, tmp);
        }
      }
    }
  }
}

// One row of C across three full panels (3·NR columns), A read `as` bytes apart: six
// independent accumulators. Four panels (eight) measured 60% slower: TurboFan hoists the eight B loads and spills an
// accumulator to the stack, which puts a store-to-load round trip on the loop's critical path.
function micro1x3_$T(pa: usize, as: usize, pb: usize, panel: usize, kc: i32, c: usize): void {
  let c0 = v128.splat<$T>(0);
  let c1 = v128.splat<$T>(0);
  let c2 = v128.splat<$T>(0);
  let c3 = v128.splat<$T>(0);
  let c4 = v128.splat<$T>(0);
  let c5 = v128.splat<$T>(0);
  const end = pb + <usize>kc * 32;
  while (pb < end) {
    const a = v128.$SPLAT(pa);
    c0 = v128.add<$T>(c0, v128.mul<$T>(a, v128.load(pb)));
    c1 = v128.add<$T>(c1, v128.mul<$T>(a, v128.load(pb, 16)));
    c2 = v128.add<$T>(c2, v128.mul<$T>(a, v128.load(pb + panel)));
    c3 = v128.add<$T>(c3, v128.mul<$T>(a, v128.load(pb + panel, 16)));
    c4 = v128.add<$T>(c4, v128.mul<$T>(a, v128.load(pb + 2 * panel)));
    c5 = v128.add<$T>(c5, v128.mul<$T>(a, v128.load(pb + 2 * panel, 16)));
    pa += as;
    pb += 32;
  }
  v128.store(c, v128.add<$T>(v128.load(c), c0));
  v128.store(c, v128.add<$T>(v128.load(c, 16), c1), 16);
  v128.store(c, v128.add<$T>(v128.load(c, 32), c2), 32);
  v128.store(c, v128.add<$T>(v128.load(c, 48), c3), 48);
  v128.store(c, v128.add<$T>(v128.load(c, 64), c4), 64);
  v128.store(c, v128.add<$T>(v128.load(c, 80), c5), 80);
}

// One row of C (NR columns) from a row of A (elements `as` bytes apart) and a packed B panel,
// added into C.
function micro1_$T(pa: usize, as: usize, pb: usize, kc: i32, c: usize, cols: i32, tmp: usize): void {
  let c0 = v128.splat<$T>(0);
  let c1 = v128.splat<$T>(0);
  for (let p = 0; p < kc; p++) {
    const a = v128.splat<$T>(load<$T>(pa));
    c0 = v128.add<$T>(c0, v128.mul<$T>(a, v128.load(pb)));
    c1 = v128.add<$T>(c1, v128.mul<$T>(a, v128.load(pb, 16)));
    pa += as;
    pb += 32;
  }
  if (cols == NR_$T) {
    v128.store(c, v128.add<$T>(v128.load(c), c0));
    v128.store(c, v128.add<$T>(v128.load(c, 16), c1), 16);
    return;
  }
  v128.store(tmp, c0);
  v128.store(tmp, c1, 16);
  for (let j = 0; j < cols; j++) {
    const dst = c + ((<usize>j) << $SH);
    store<$T>(dst, load<$T>(dst) + load<$T>(tmp + ((<usize>j) << $SH)));
  }
}

/** C[i, j] += bias[j] over an m×n row-major C (a bias added to a product, one rounding each). */
export function addRows_$T(c: usize, bias: usize, m: i32, n: i32): void {
  const rowBytes = (<usize>n) << $SH;
  const vend = rowBytes & ~(<usize>15);
  for (let i = 0; i < m; i++) {
    const r = c + <usize>i * rowBytes;
    let j: usize = 0;
    for (; j < vend; j += 16) v128.store(r + j, v128.add<$T>(v128.load(r + j), v128.load(bias + j)));
    for (; j < rowBytes; j += $BYTES) store<$T>(r + j, load<$T>(r + j) + load<$T>(bias + j));
  }
}
