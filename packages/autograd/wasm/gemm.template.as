// AssemblyScript source of tapegrad's WebAssembly SIMD matrix product, written once for both
// element types: scripts/build-wasm.mjs expands the template below for f32 and f64 ($T the type,
// $BYTES its size, $SH log2 of it, $SPLAT the load-and-splat of one element, $LANES per v128) and
// compiles the result into packages/autograd/src/wasm/gemm.generated.ts. The plain TypeScript
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
// C[m×n] = op(A)·op(B), row-major, C zeroed first. op(A)(i,p) = ta ? A[p*m+i] : A[i*k+p];
// op(B)(p,j) = tb ? B[j*k+p] : B[p*n+j]. Workspace w holds the packed blocks.
// Packing copies whole v128s where a panel is full: rows of 4 (MR) and panels of NR columns are
// 16 or 32 bytes; where the source runs the other way, 4×4 (f32) or 2×2 (f64) blocks are
// transposed with shuffles. Edges (partial panels, the k tail) go element by element.
function packA_$T(a: usize, w: usize, m: i32, k: i32, ta: bool, ic: i32, mc: i32, pc: i32, kc: i32): void {
  let o = w;
  for (let ir = 0; ir < mc; ir += MR) {
    const row0 = ic + ir;
    let p = 0;
    if (ir + MR <= mc) {
      if (ta) {
        // op(A) rows row0..row0+3 of column pc+p are adjacent in A
        for (; p < kc; p++) {
          const src = a + ((<usize>(pc + p) * <usize>m + <usize>row0) << $SH);
          v128.store(o, v128.load(src));
          if ($BYTES == 8) v128.store(o, v128.load(src, 16), 16);
          o += MR * $BYTES;
        }
      } else if ($LANES == 4) {
        // four rows of A, four columns at a time: transpose 4×4
        const r0 = a + ((<usize>row0 * <usize>k + <usize>pc) << $SH);
        const ld = (<usize>k) << $SH;
        for (; p + 4 <= kc; p += 4) {
          const src = r0 + ((<usize>p) << $SH);
          const x0 = v128.load(src);
          const x1 = v128.load(src + ld);
          const x2 = v128.load(src + 2 * ld);
          const x3 = v128.load(src + 3 * ld);
          const t0 = v128.shuffle<i32>(x0, x1, 0, 4, 1, 5);
          const t1 = v128.shuffle<i32>(x0, x1, 2, 6, 3, 7);
          const t2 = v128.shuffle<i32>(x2, x3, 0, 4, 1, 5);
          const t3 = v128.shuffle<i32>(x2, x3, 2, 6, 3, 7);
          v128.store(o, v128.shuffle<i64>(t0, t2, 0, 2));
          v128.store(o, v128.shuffle<i64>(t0, t2, 1, 3), 16);
          v128.store(o, v128.shuffle<i64>(t1, t3, 0, 2), 32);
          v128.store(o, v128.shuffle<i64>(t1, t3, 1, 3), 48);
          o += 64;
        }
      } else {
        // four rows of A, two columns at a time: 2×2 blocks
        const r0 = a + ((<usize>row0 * <usize>k + <usize>pc) << $SH);
        const ld = (<usize>k) << $SH;
        for (; p + 2 <= kc; p += 2) {
          const src = r0 + ((<usize>p) << $SH);
          const x0 = v128.load(src);
          const x1 = v128.load(src + ld);
          const x2 = v128.load(src + 2 * ld);
          const x3 = v128.load(src + 3 * ld);
          v128.store(o, v128.shuffle<i64>(x0, x1, 0, 2));
          v128.store(o, v128.shuffle<i64>(x2, x3, 0, 2), 16);
          v128.store(o, v128.shuffle<i64>(x0, x1, 1, 3), 32);
          v128.store(o, v128.shuffle<i64>(x2, x3, 1, 3), 48);
          o += 64;
        }
      }
    }
    for (; p < kc; p++) {
      for (let i = 0; i < MR; i++) {
        const row = row0 + i;
        let v: $T = 0;
        if (ir + i < mc) {
          const col = pc + p;
          v = ta
            ? load<$T>(a + ((<usize>col * <usize>m + <usize>row) << $SH))
            : load<$T>(a + ((<usize>row * <usize>k + <usize>col) << $SH));
        }
        store<$T>(o, v);
        o += $BYTES;
      }
    }
  }
}

// Panels [j0, j1) of one KC block (j0 a multiple of NR), each at its place in the block.
function packB_$T(b: usize, w: usize, k: i32, n: i32, tb: bool, pc: i32, kc: i32, j0: i32, j1: i32): void {
  let o = w + ((<usize>j0 * <usize>kc) << $SH);
  for (let j = j0; j < j1; j += NR_$T) {
    let p = 0;
    if (j + NR_$T <= n) {
      if (!tb) {
        // a panel row: NR adjacent elements of a row of B (32 bytes)
        for (; p < kc; p++) {
          const src = b + ((<usize>(pc + p) * <usize>n + <usize>j) << $SH);
          v128.store(o, v128.load(src));
          v128.store(o, v128.load(src, 16), 16);
          o += 32;
        }
      } else if ($LANES == 4) {
        // B holds op(B)'s columns as rows: eight of them, four rows of op(B) at a time
        const c0 = b + ((<usize>j * <usize>k + <usize>pc) << $SH);
        const ld = (<usize>k) << $SH;
        for (; p + 4 <= kc; p += 4) {
          const src = c0 + ((<usize>p) << $SH);
          const x0 = v128.load(src);
          const x1 = v128.load(src + ld);
          const x2 = v128.load(src + 2 * ld);
          const x3 = v128.load(src + 3 * ld);
          const y0 = v128.load(src + 4 * ld);
          const y1 = v128.load(src + 5 * ld);
          const y2 = v128.load(src + 6 * ld);
          const y3 = v128.load(src + 7 * ld);
          const t0 = v128.shuffle<i32>(x0, x1, 0, 4, 1, 5);
          const t1 = v128.shuffle<i32>(x0, x1, 2, 6, 3, 7);
          const t2 = v128.shuffle<i32>(x2, x3, 0, 4, 1, 5);
          const t3 = v128.shuffle<i32>(x2, x3, 2, 6, 3, 7);
          const u0 = v128.shuffle<i32>(y0, y1, 0, 4, 1, 5);
          const u1 = v128.shuffle<i32>(y0, y1, 2, 6, 3, 7);
          const u2 = v128.shuffle<i32>(y2, y3, 0, 4, 1, 5);
          const u3 = v128.shuffle<i32>(y2, y3, 2, 6, 3, 7);
          v128.store(o, v128.shuffle<i64>(t0, t2, 0, 2));
          v128.store(o, v128.shuffle<i64>(u0, u2, 0, 2), 16);
          v128.store(o, v128.shuffle<i64>(t0, t2, 1, 3), 32);
          v128.store(o, v128.shuffle<i64>(u0, u2, 1, 3), 48);
          v128.store(o, v128.shuffle<i64>(t1, t3, 0, 2), 64);
          v128.store(o, v128.shuffle<i64>(u1, u3, 0, 2), 80);
          v128.store(o, v128.shuffle<i64>(t1, t3, 1, 3), 96);
          v128.store(o, v128.shuffle<i64>(u1, u3, 1, 3), 112);
          o += 128;
        }
      } else {
        // four of op(B)'s columns, two rows at a time
        const c0 = b + ((<usize>j * <usize>k + <usize>pc) << $SH);
        const ld = (<usize>k) << $SH;
        for (; p + 2 <= kc; p += 2) {
          const src = c0 + ((<usize>p) << $SH);
          const x0 = v128.load(src);
          const x1 = v128.load(src + ld);
          const x2 = v128.load(src + 2 * ld);
          const x3 = v128.load(src + 3 * ld);
          v128.store(o, v128.shuffle<i64>(x0, x1, 0, 2));
          v128.store(o, v128.shuffle<i64>(x2, x3, 0, 2), 16);
          v128.store(o, v128.shuffle<i64>(x0, x1, 1, 3), 32);
          v128.store(o, v128.shuffle<i64>(x2, x3, 1, 3), 48);
          o += 64;
        }
      }
    }
    for (; p < kc; p++) {
      const row = pc + p;
      for (let jj = 0; jj < NR_$T; jj++) {
        const col = j + jj;
        let v: $T = 0;
        if (col < n) {
          v = tb
            ? load<$T>(b + ((<usize>col * <usize>k + <usize>row) << $SH))
            : load<$T>(b + ((<usize>row * <usize>n + <usize>col) << $SH));
        }
        store<$T>(o, v);
        o += $BYTES;
      }
    }
  }
}

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

/** Workspace bytes gemm_$T needs for these sizes. */
export function workspace_$T(m: i32, k: i32, n: i32): i32 {
  return packedBBytes_$T(k, n) + ((MC * min(k, KC) + MR * NR_$T) << $SH);
}

/** Bytes of B packed whole: the KC-blocks one after another, each NR-wide panels of kc rows. */
export function packedBBytes_$T(k: i32, n: i32): i32 {
  const npad = ((n + NR_$T - 1) / NR_$T) * NR_$T;
  return (k * npad) << $SH;
}

/** Packs all of op(B) (k×n) at pb, block after block, for gemm_packed_$T. */
export function packB_full_$T(b: usize, pb: usize, k: i32, n: i32, tb: bool): void {
  packB_cols_$T(b, pb, k, n, tb, 0, n);
}

/** The panels of columns [j0, j1) of packB_full_$T's result (one thread's share). */
export function packB_cols_$T(b: usize, pb: usize, k: i32, n: i32, tb: bool, j0: i32, j1: i32): void {
  const npad = ((n + NR_$T - 1) / NR_$T) * NR_$T;
  for (let pc = 0; pc < k; pc += KC) {
    packB_$T(b, pb + ((<usize>pc * <usize>npad) << $SH), k, n, tb, pc, min(KC, k - pc), j0, j1);
  }
}

export function gemm_$T(
  a: usize,
  b: usize,
  c: usize,
  w: usize,
  m: i32,
  k: i32,
  n: i32,
  ta: bool,
  tb: bool,
): void {
  packB_full_$T(b, w, k, n, tb);
  gemm_packed_$T(a, w, c, w + <usize>packedBBytes_$T(k, n), m, k, n, ta);
}

/** C = op(A)·B with B already packed by packB_full_$T at pbFull; w: workspace for A. */
export function gemm_packed_$T(
  a: usize,
  pbFull: usize,
  c: usize,
  w: usize,
  m: i32,
  k: i32,
  n: i32,
  ta: bool,
): void {
  memory.fill(c, 0, (<usize>m * <usize>n) << $SH);
  gemm_cols_$T(a, pbFull, c, w, m, k, n, ta, 0, n);
}

/**
 * Columns [j0, j1) of C = op(A)·B (j0 a multiple of NR), added into C: one thread's share, with
 * its own workspace w. Every element's sum runs in the same order whatever the split.
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


/**
 * Adam's moments and direction over n elements, in place: m ← β₁m + (1−β₁)g,
 * v ← β₂v + (1−β₂)g², g ← ((m/bc1)/(√(v/bc2) + ε))·scale — every operation rounded to $T in the order
 * of src/fused/adamMoments.ts's composite, so the values are the plain kernel's bit for bit.
 */
export function adam_$T(
  g: usize,
  m: usize,
  v: usize,
  n: i32,
  b1: $T,
  c1: $T,
  b2: $T,
  c2: $T,
  bc1: $T,
  bc2: $T,
  eps: $T,
  scale: $T,
): void {
  const S = v128.splat<$T>(scale);
  const B1 = v128.splat<$T>(b1);
  const C1 = v128.splat<$T>(c1);
  const B2 = v128.splat<$T>(b2);
  const C2 = v128.splat<$T>(c2);
  const BC1 = v128.splat<$T>(bc1);
  const BC2 = v128.splat<$T>(bc2);
  const E = v128.splat<$T>(eps);
  const bytes = (<usize>n) << $SH;
  const vend = bytes & ~(<usize>15);
  let i: usize = 0;
  for (; i < vend; i += 16) {
    const gi = v128.load(g + i);
    const mi = v128.add<$T>(v128.mul<$T>(v128.load(m + i), B1), v128.mul<$T>(gi, C1));
    const vi = v128.add<$T>(v128.mul<$T>(v128.load(v + i), B2), v128.mul<$T>(v128.mul<$T>(gi, gi), C2));
    v128.store(m + i, mi);
    v128.store(v + i, vi);
    const u = v128.div<$T>(v128.div<$T>(mi, BC1), v128.add<$T>(v128.sqrt<$T>(v128.div<$T>(vi, BC2)), E));
    v128.store(g + i, v128.mul<$T>(u, S));
  }
  for (; i < bytes; i += $BYTES) {
    const gi = load<$T>(g + i);
    const mi: $T = load<$T>(m + i) * b1 + gi * c1;
    const vi: $T = load<$T>(v + i) * b2 + gi * gi * c2;
    store<$T>(m + i, mi);
    store<$T>(v + i, vi);
    store<$T>(g + i, (mi / bc1 / (sqrt<$T>(vi / bc2) + eps)) * scale);
  }
}

// Elementwise kernels over n elements. `mode`: 0 both operands full, 1 b a scalar, 2 a a
// scalar; `op`: 0 add, 1 sub, 2 mul, 3 div. IEEE arithmetic, so each value is the plain kernel's.
@inline function binop_$T(op: i32, x: v128, y: v128): v128 {
  if (op == 0) return v128.add<$T>(x, y);
  if (op == 1) return v128.sub<$T>(x, y);
  if (op == 2) return v128.mul<$T>(x, y);
  return v128.div<$T>(x, y);
}

@inline function binopScalar_$T(op: i32, x: $T, y: $T): $T {
  if (op == 0) return x + y;
  if (op == 1) return x - y;
  if (op == 2) return x * y;
  return x / y;
}

export function binary_$T(op: i32, mode: i32, a: usize, b: usize, out: usize, n: i32): void {
  const bytes = (<usize>n) << $SH;
  const vend = bytes & ~(<usize>15);
  let i: usize = 0;
  if (mode == 0) {
    for (; i < vend; i += 16) v128.store(out + i, binop_$T(op, v128.load(a + i), v128.load(b + i)));
    for (; i < bytes; i += $BYTES) store<$T>(out + i, binopScalar_$T(op, load<$T>(a + i), load<$T>(b + i)));
  } else if (mode == 1) {
    const s = load<$T>(b);
    const sv = v128.splat<$T>(s);
    for (; i < vend; i += 16) v128.store(out + i, binop_$T(op, v128.load(a + i), sv));
    for (; i < bytes; i += $BYTES) store<$T>(out + i, binopScalar_$T(op, load<$T>(a + i), s));
  } else {
    const s = load<$T>(a);
    const sv = v128.splat<$T>(s);
    for (; i < vend; i += 16) v128.store(out + i, binop_$T(op, sv, v128.load(b + i)));
    for (; i < bytes; i += $BYTES) store<$T>(out + i, binopScalar_$T(op, s, load<$T>(b + i)));
  }
}

/** leakyRelu forward: slope 0 is max(x, 0) (NaN kept, max(−0, 0) = 0), else x ≤ 0 ? x·slope : x. */
export function leakyRelu_$T(x: usize, out: usize, n: i32, slope: $T): void {
  const bytes = (<usize>n) << $SH;
  const vend = bytes & ~(<usize>15);
  const zero = v128.splat<$T>(0);
  const sv = v128.splat<$T>(slope);
  let i: usize = 0;
  if (slope == 0) {
    for (; i < vend; i += 16) v128.store(out + i, v128.max<$T>(v128.load(x + i), zero));
    for (; i < bytes; i += $BYTES) store<$T>(out + i, max<$T>(load<$T>(x + i), 0));
  } else {
    for (; i < vend; i += 16) {
      const v = v128.load(x + i);
      v128.store(out + i, v128.bitselect(v128.mul<$T>(v, sv), v, v128.le<$T>(v, zero)));
    }
    for (; i < bytes; i += $BYTES) {
      const v = load<$T>(x + i);
      store<$T>(out + i, v <= 0 ? v * slope : v);
    }
  }
}

/** leakyRelu's VJP: x ≤ 0 ? g·slope : g (slope 0: x ≤ 0 ? 0 : g). */
export function leakyReluGrad_$T(x: usize, g: usize, out: usize, n: i32, slope: $T): void {
  const bytes = (<usize>n) << $SH;
  const vend = bytes & ~(<usize>15);
  const zero = v128.splat<$T>(0);
  const sv = v128.splat<$T>(slope);
  let i: usize = 0;
  if (slope == 0) {
    for (; i < vend; i += 16) v128.store(out + i, v128.andnot(v128.load(g + i), v128.le<$T>(v128.load(x + i), zero)));
    for (; i < bytes; i += $BYTES) store<$T>(out + i, load<$T>(x + i) <= 0 ? 0 : load<$T>(g + i));
  } else {
    for (; i < vend; i += 16) {
      const gv = v128.load(g + i);
      v128.store(out + i, v128.bitselect(v128.mul<$T>(gv, sv), gv, v128.le<$T>(v128.load(x + i), zero)));
    }
    for (; i < bytes; i += $BYTES) {
      const gv = load<$T>(g + i);
      store<$T>(out + i, load<$T>(x + i) <= 0 ? gv * slope : gv);
    }
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

/**
 * Sums a (outer × red × inner, row-major) over its middle axis into out (outer × inner): each
 * output a running f64 sum over r = 0, 1, … in order (the plain kernel's order), rounded to $T
 * at the end. acc: outer·inner f64 of workspace.
 */
export function sumMid_$T(a: usize, out: usize, acc: usize, outer: i32, red: i32, inner: i32): void {
  memory.fill(acc, 0, (<usize>outer * <usize>inner) << 3);
  const inBytes = (<usize>inner) << $SH;
  for (let o = 0; o < outer; o++) {
    const ab = acc + ((<usize>o * <usize>inner) << 3);
    for (let r = 0; r < red; r++) {
      const src = a + ((<usize>(o * red + r) * <usize>inner) << $SH);
      let i: usize = 0;
      if ($BYTES == 4) {
        // four f32 at a time, widened to two f64x2
        for (; i + 16 <= inBytes; i += 16) {
          const x = v128.load(src + i);
          const d = ab + (i << 1);
          v128.store(d, f64x2.add(v128.load(d), f64x2.promote_low_f32x4(x)));
          v128.store(d, f64x2.add(v128.load(d, 16), f64x2.promote_low_f32x4(v128.shuffle<i32>(x, x, 2, 3, 0, 1))), 16);
        }
      } else {
        for (; i + 16 <= inBytes; i += 16) {
          const d = ab + i;
          v128.store(d, f64x2.add(v128.load(d), v128.load(src + i)));
        }
      }
      for (; i < inBytes; i += $BYTES) {
        const d = ab + ((i >> $SH) << 3);
        store<f64>(d, load<f64>(d) + <f64>load<$T>(src + i));
      }
    }
    const ob = out + ((<usize>o * <usize>inner) << $SH);
    for (let i = 0; i < inner; i++) store<$T>(ob + ((<usize>i) << $SH), <$T>load<f64>(ab + ((<usize>i) << 3)));
  }
}
