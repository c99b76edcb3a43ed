// AssemblyScript source of tapegrad's WebAssembly SIMD matrix product (f32 and f64).
// Built by scripts/build-wasm.mjs into packages/autograd/src/wasm/gemm.generated.ts; the plain
// TypeScript kernel in src/gemm.ts stays the reference and the fallback (tests check they agree).
// Goto-style blocking: B packed into NR-wide panels per KC block, A into MR-row panels per MC
// block, a 6-row register-blocked micro-kernel (12 v128 accumulators; f32 unrolled by 2 in k).

const MR: i32 = 6;
const NR_f32: i32 = 8;
const NR_f64: i32 = 4;
const KC: i32 = 256;
const MC: i32 = 96;

// ---------------------------------------------------------------- f32 (4 lanes)
// C[m×n] = op(A)·op(B), row-major, C zeroed first. op(A)(i,p) = ta ? A[p*m+i] : A[i*k+p];
// op(B)(p,j) = tb ? B[j*k+p] : B[p*n+j]. Workspace w holds the packed blocks.
function packA_f32(a: usize, w: usize, m: i32, k: i32, ta: bool, ic: i32, mc: i32, pc: i32, kc: i32): void {
  let o = w;
  for (let ir = 0; ir < mc; ir += MR) {
    for (let p = 0; p < kc; p++) {
      for (let i = 0; i < MR; i++) {
        const row = ic + ir + i;
        let v: f32 = 0;
        if (ir + i < mc) {
          const col = pc + p;
          v = ta
            ? load<f32>(a + ((<usize>col * <usize>m + <usize>row) << 2))
            : load<f32>(a + ((<usize>row * <usize>k + <usize>col) << 2));
        }
        store<f32>(o, v);
        o += 4;
      }
    }
  }
}

function packB_f32(b: usize, w: usize, k: i32, n: i32, tb: bool, pc: i32, kc: i32): void {
  let o = w;
  for (let j = 0; j < n; j += NR_f32) {
    for (let p = 0; p < kc; p++) {
      const row = pc + p;
      for (let jj = 0; jj < NR_f32; jj++) {
        const col = j + jj;
        let v: f32 = 0;
        if (col < n) {
          v = tb
            ? load<f32>(b + ((<usize>col * <usize>k + <usize>row) << 2))
            : load<f32>(b + ((<usize>row * <usize>n + <usize>col) << 2));
        }
        store<f32>(o, v);
        o += 4;
      }
    }
  }
}

// The micro-kernel: a MR × NR_f32 tile of C from packed panels (kc steps), added into C.
function micro_f32(
  pa: usize,
  pb: usize,
  kc: i32,
  c: usize,
  ldc: i32,
  rows: i32,
  cols: i32,
  tmp: usize,
): void {
  let c00 = v128.splat<f32>(0);
  let c01 = v128.splat<f32>(0);
  let c10 = v128.splat<f32>(0);
  let c11 = v128.splat<f32>(0);
  let c20 = v128.splat<f32>(0);
  let c21 = v128.splat<f32>(0);
  let c30 = v128.splat<f32>(0);
  let c31 = v128.splat<f32>(0);
  let c40 = v128.splat<f32>(0);
  let c41 = v128.splat<f32>(0);
  let c50 = v128.splat<f32>(0);
  let c51 = v128.splat<f32>(0);
  let p = 0;
  for (; p + 1 < kc; p += 2) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = v128.add<f32>(c00, v128.mul<f32>(a, b0));
    c01 = v128.add<f32>(c01, v128.mul<f32>(a, b1));
    a = v128.load32_splat(pa, 4);
    c10 = v128.add<f32>(c10, v128.mul<f32>(a, b0));
    c11 = v128.add<f32>(c11, v128.mul<f32>(a, b1));
    a = v128.load32_splat(pa, 2 * 4);
    c20 = v128.add<f32>(c20, v128.mul<f32>(a, b0));
    c21 = v128.add<f32>(c21, v128.mul<f32>(a, b1));
    a = v128.load32_splat(pa, 3 * 4);
    c30 = v128.add<f32>(c30, v128.mul<f32>(a, b0));
    c31 = v128.add<f32>(c31, v128.mul<f32>(a, b1));
    a = v128.load32_splat(pa, 4 * 4);
    c40 = v128.add<f32>(c40, v128.mul<f32>(a, b0));
    c41 = v128.add<f32>(c41, v128.mul<f32>(a, b1));
    a = v128.load32_splat(pa, 5 * 4);
    c50 = v128.add<f32>(c50, v128.mul<f32>(a, b0));
    c51 = v128.add<f32>(c51, v128.mul<f32>(a, b1));
    const d0 = v128.load(pb, 32);
    const d1 = v128.load(pb, 48);
    a = v128.load32_splat(pa, 24);
    c00 = v128.add<f32>(c00, v128.mul<f32>(a, d0));
    c01 = v128.add<f32>(c01, v128.mul<f32>(a, d1));
    a = v128.load32_splat(pa, 28);
    c10 = v128.add<f32>(c10, v128.mul<f32>(a, d0));
    c11 = v128.add<f32>(c11, v128.mul<f32>(a, d1));
    a = v128.load32_splat(pa, 32);
    c20 = v128.add<f32>(c20, v128.mul<f32>(a, d0));
    c21 = v128.add<f32>(c21, v128.mul<f32>(a, d1));
    a = v128.load32_splat(pa, 36);
    c30 = v128.add<f32>(c30, v128.mul<f32>(a, d0));
    c31 = v128.add<f32>(c31, v128.mul<f32>(a, d1));
    a = v128.load32_splat(pa, 40);
    c40 = v128.add<f32>(c40, v128.mul<f32>(a, d0));
    c41 = v128.add<f32>(c41, v128.mul<f32>(a, d1));
    a = v128.load32_splat(pa, 44);
    c50 = v128.add<f32>(c50, v128.mul<f32>(a, d0));
    c51 = v128.add<f32>(c51, v128.mul<f32>(a, d1));
    pa += 2 * MR * 4;
    pb += 64;
  }
  for (; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = v128.add<f32>(c00, v128.mul<f32>(a, b0));
    c01 = v128.add<f32>(c01, v128.mul<f32>(a, b1));
    a = v128.load32_splat(pa, 4);
    c10 = v128.add<f32>(c10, v128.mul<f32>(a, b0));
    c11 = v128.add<f32>(c11, v128.mul<f32>(a, b1));
    a = v128.load32_splat(pa, 2 * 4);
    c20 = v128.add<f32>(c20, v128.mul<f32>(a, b0));
    c21 = v128.add<f32>(c21, v128.mul<f32>(a, b1));
    a = v128.load32_splat(pa, 3 * 4);
    c30 = v128.add<f32>(c30, v128.mul<f32>(a, b0));
    c31 = v128.add<f32>(c31, v128.mul<f32>(a, b1));
    a = v128.load32_splat(pa, 4 * 4);
    c40 = v128.add<f32>(c40, v128.mul<f32>(a, b0));
    c41 = v128.add<f32>(c41, v128.mul<f32>(a, b1));
    a = v128.load32_splat(pa, 5 * 4);
    c50 = v128.add<f32>(c50, v128.mul<f32>(a, b0));
    c51 = v128.add<f32>(c51, v128.mul<f32>(a, b1));
    pa += MR * 4;
    pb += 32;
  }
  if (rows == MR && cols == NR_f32) {
    const ld = (<usize>ldc) << 2;
    let r = c;
    v128.store(r, v128.add<f32>(v128.load(r), c00));
    v128.store(r, v128.add<f32>(v128.load(r, 16), c01), 16);
    r += ld;
    v128.store(r, v128.add<f32>(v128.load(r), c10));
    v128.store(r, v128.add<f32>(v128.load(r, 16), c11), 16);
    r += ld;
    v128.store(r, v128.add<f32>(v128.load(r), c20));
    v128.store(r, v128.add<f32>(v128.load(r, 16), c21), 16);
    r += ld;
    v128.store(r, v128.add<f32>(v128.load(r), c30));
    v128.store(r, v128.add<f32>(v128.load(r, 16), c31), 16);
    r += ld;
    v128.store(r, v128.add<f32>(v128.load(r), c40));
    v128.store(r, v128.add<f32>(v128.load(r, 16), c41), 16);
    r += ld;
    v128.store(r, v128.add<f32>(v128.load(r), c50));
    v128.store(r, v128.add<f32>(v128.load(r, 16), c51), 16);
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
  v128.store(tmp, c40, 128);
  v128.store(tmp, c41, 144);
  v128.store(tmp, c50, 160);
  v128.store(tmp, c51, 176);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const dst = c + ((<usize>i * <usize>ldc + <usize>j) << 2);
      store<f32>(dst, load<f32>(dst) + load<f32>(tmp + ((<usize>(i * NR_f32 + j)) << 2)));
    }
  }
}

/** Workspace bytes gemm_f32 needs for these sizes. */
export function workspace_f32(m: i32, k: i32, n: i32): i32 {
  return packedBBytes_f32(k, n) + ((MC * min(k, KC) + MR * NR_f32) << 2);
}

/** Bytes of B packed whole: the KC-blocks one after another, each NR-wide panels of kc rows. */
export function packedBBytes_f32(k: i32, n: i32): i32 {
  const npad = ((n + NR_f32 - 1) / NR_f32) * NR_f32;
  return (k * npad) << 2;
}

/** Packs all of op(B) (k×n) at pb, block after block, for gemm_packed_f32. */
export function packB_full_f32(b: usize, pb: usize, k: i32, n: i32, tb: bool): void {
  const npad = ((n + NR_f32 - 1) / NR_f32) * NR_f32;
  for (let pc = 0; pc < k; pc += KC) {
    packB_f32(b, pb + ((<usize>pc * <usize>npad) << 2), k, n, tb, pc, min(KC, k - pc));
  }
}

export function gemm_f32(
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
  packB_full_f32(b, w, k, n, tb);
  gemm_packed_f32(a, w, c, w + <usize>packedBBytes_f32(k, n), m, k, n, ta);
}

/** C = op(A)·B with B already packed by packB_full_f32 at pbFull; w: workspace for A. */
export function gemm_packed_f32(
  a: usize,
  pbFull: usize,
  c: usize,
  w: usize,
  m: i32,
  k: i32,
  n: i32,
  ta: bool,
): void {
  memory.fill(c, 0, (<usize>m * <usize>n) << 2);
  const kcMax = min(k, KC);
  const wa = w;
  const tmp = w + ((<usize>(MC * kcMax)) << 2);
  const npad = ((n + NR_f32 - 1) / NR_f32) * NR_f32;
  for (let pc = 0; pc < k; pc += KC) {
    const kc = min(KC, k - pc);
    const wb = pbFull + ((<usize>pc * <usize>npad) << 2);
    for (let ic = 0; ic < m; ic += MC) {
      const mc = min(MC, m - ic);
      packA_f32(a, wa, m, k, ta, ic, mc, pc, kc);
      if (mc < MR) {
        // a few rows (batch 1): one row at a time, no padded rows computed
        for (let i = 0; i < mc; i++) {
          let j = 0;
          for (; j + 4 * NR_f32 <= n; j += 4 * NR_f32) {
            const pb = wb + ((<usize>(j * kc)) << 2);
            micro1x4_f32(wa + ((<usize>i) << 2), pb, <usize>kc * NR_f32 * 4, kc, c + ((<usize>(ic + i) * <usize>n + <usize>j) << 2));
          }
          for (; j < n; j += NR_f32) {
            const pb = wb + ((<usize>(j * kc)) << 2);
            micro1_f32(wa + ((<usize>i) << 2), pb, kc, c + ((<usize>(ic + i) * <usize>n + <usize>j) << 2), min(NR_f32, n - j), tmp);
          }
        }
        continue;
      }
      for (let j = 0; j < n; j += NR_f32) {
        const pb = wb + ((<usize>(j * kc)) << 2);
        const cols = min(NR_f32, n - j);
        for (let ir = 0; ir < mc; ir += MR) {
          const pa = wa + ((<usize>(ir * kc)) << 2);
          const rows = min(MR, mc - ir);
          micro_f32(pa, pb, kc, c + ((<usize>(ic + ir) * <usize>n + <usize>j) << 2), n, rows, cols, tmp);
        }
      }
    }
  }
}

// One row of C across four full panels (4·NR columns): eight independent accumulators.
function micro1x4_f32(pa: usize, pb: usize, panel: usize, kc: i32, c: usize): void {
  let c0 = v128.splat<f32>(0); let c1 = v128.splat<f32>(0);
  let c2 = v128.splat<f32>(0); let c3 = v128.splat<f32>(0);
  let c4 = v128.splat<f32>(0); let c5 = v128.splat<f32>(0);
  let c6 = v128.splat<f32>(0); let c7 = v128.splat<f32>(0);
  const p1 = pb + panel;
  const p2 = p1 + panel;
  const p3 = p2 + panel;
  for (let p = 0; p < kc; p++) {
    const o = <usize>p * 32;
    const a = v128.splat<f32>(load<f32>(pa));
    c0 = v128.add<f32>(c0, v128.mul<f32>(a, v128.load(pb + o)));
    c1 = v128.add<f32>(c1, v128.mul<f32>(a, v128.load(pb + o, 16)));
    c2 = v128.add<f32>(c2, v128.mul<f32>(a, v128.load(p1 + o)));
    c3 = v128.add<f32>(c3, v128.mul<f32>(a, v128.load(p1 + o, 16)));
    c4 = v128.add<f32>(c4, v128.mul<f32>(a, v128.load(p2 + o)));
    c5 = v128.add<f32>(c5, v128.mul<f32>(a, v128.load(p2 + o, 16)));
    c6 = v128.add<f32>(c6, v128.mul<f32>(a, v128.load(p3 + o)));
    c7 = v128.add<f32>(c7, v128.mul<f32>(a, v128.load(p3 + o, 16)));
    pa += MR * 4;
  }
  v128.store(c, v128.add<f32>(v128.load(c), c0)); v128.store(c, v128.add<f32>(v128.load(c, 16), c1), 16);
  v128.store(c, v128.add<f32>(v128.load(c, 32), c2), 32); v128.store(c, v128.add<f32>(v128.load(c, 48), c3), 48);
  v128.store(c, v128.add<f32>(v128.load(c, 64), c4), 64); v128.store(c, v128.add<f32>(v128.load(c, 80), c5), 80);
  v128.store(c, v128.add<f32>(v128.load(c, 96), c6), 96); v128.store(c, v128.add<f32>(v128.load(c, 112), c7), 112);
}

// One row of C (NR columns) from a packed A row (stride MR) and a packed B panel, added into C.
function micro1_f32(pa: usize, pb: usize, kc: i32, c: usize, cols: i32, tmp: usize): void {
  let c0 = v128.splat<f32>(0);
  let c1 = v128.splat<f32>(0);
  for (let p = 0; p < kc; p++) {
    const a = v128.splat<f32>(load<f32>(pa));
    c0 = v128.add<f32>(c0, v128.mul<f32>(a, v128.load(pb)));
    c1 = v128.add<f32>(c1, v128.mul<f32>(a, v128.load(pb, 16)));
    pa += MR * 4;
    pb += 32;
  }
  if (cols == NR_f32) {
    v128.store(c, v128.add<f32>(v128.load(c), c0));
    v128.store(c, v128.add<f32>(v128.load(c, 16), c1), 16);
    return;
  }
  v128.store(tmp, c0);
  v128.store(tmp, c1, 16);
  for (let j = 0; j < cols; j++) {
    const dst = c + ((<usize>j) << 2);
    store<f32>(dst, load<f32>(dst) + load<f32>(tmp + ((<usize>j) << 2)));
  }
}

// ---------------------------------------------------------------- f64 (2 lanes)
// C[m×n] = op(A)·op(B), row-major, C zeroed first. op(A)(i,p) = ta ? A[p*m+i] : A[i*k+p];
// op(B)(p,j) = tb ? B[j*k+p] : B[p*n+j]. Workspace w holds the packed blocks.
function packA_f64(a: usize, w: usize, m: i32, k: i32, ta: bool, ic: i32, mc: i32, pc: i32, kc: i32): void {
  let o = w;
  for (let ir = 0; ir < mc; ir += MR) {
    for (let p = 0; p < kc; p++) {
      for (let i = 0; i < MR; i++) {
        const row = ic + ir + i;
        let v: f64 = 0;
        if (ir + i < mc) {
          const col = pc + p;
          v = ta
            ? load<f64>(a + ((<usize>col * <usize>m + <usize>row) << 3))
            : load<f64>(a + ((<usize>row * <usize>k + <usize>col) << 3));
        }
        store<f64>(o, v);
        o += 8;
      }
    }
  }
}

function packB_f64(b: usize, w: usize, k: i32, n: i32, tb: bool, pc: i32, kc: i32): void {
  let o = w;
  for (let j = 0; j < n; j += NR_f64) {
    for (let p = 0; p < kc; p++) {
      const row = pc + p;
      for (let jj = 0; jj < NR_f64; jj++) {
        const col = j + jj;
        let v: f64 = 0;
        if (col < n) {
          v = tb
            ? load<f64>(b + ((<usize>col * <usize>k + <usize>row) << 3))
            : load<f64>(b + ((<usize>row * <usize>n + <usize>col) << 3));
        }
        store<f64>(o, v);
        o += 8;
      }
    }
  }
}

// The micro-kernel: a MR × NR_f64 tile of C from packed panels (kc steps), added into C.
function micro_f64(
  pa: usize,
  pb: usize,
  kc: i32,
  c: usize,
  ldc: i32,
  rows: i32,
  cols: i32,
  tmp: usize,
): void {
  let c00 = v128.splat<f64>(0);
  let c01 = v128.splat<f64>(0);
  let c10 = v128.splat<f64>(0);
  let c11 = v128.splat<f64>(0);
  let c20 = v128.splat<f64>(0);
  let c21 = v128.splat<f64>(0);
  let c30 = v128.splat<f64>(0);
  let c31 = v128.splat<f64>(0);
  let c40 = v128.splat<f64>(0);
  let c41 = v128.splat<f64>(0);
  let c50 = v128.splat<f64>(0);
  let c51 = v128.splat<f64>(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load64_splat(pa);
    c00 = v128.add<f64>(c00, v128.mul<f64>(a, b0));
    c01 = v128.add<f64>(c01, v128.mul<f64>(a, b1));
    a = v128.load64_splat(pa, 8);
    c10 = v128.add<f64>(c10, v128.mul<f64>(a, b0));
    c11 = v128.add<f64>(c11, v128.mul<f64>(a, b1));
    a = v128.load64_splat(pa, 2 * 8);
    c20 = v128.add<f64>(c20, v128.mul<f64>(a, b0));
    c21 = v128.add<f64>(c21, v128.mul<f64>(a, b1));
    a = v128.load64_splat(pa, 3 * 8);
    c30 = v128.add<f64>(c30, v128.mul<f64>(a, b0));
    c31 = v128.add<f64>(c31, v128.mul<f64>(a, b1));
    a = v128.load64_splat(pa, 4 * 8);
    c40 = v128.add<f64>(c40, v128.mul<f64>(a, b0));
    c41 = v128.add<f64>(c41, v128.mul<f64>(a, b1));
    a = v128.load64_splat(pa, 5 * 8);
    c50 = v128.add<f64>(c50, v128.mul<f64>(a, b0));
    c51 = v128.add<f64>(c51, v128.mul<f64>(a, b1));
    pa += MR * 8;
    pb += 32;
  }
  if (rows == MR && cols == NR_f64) {
    const ld = (<usize>ldc) << 3;
    let r = c;
    v128.store(r, v128.add<f64>(v128.load(r), c00));
    v128.store(r, v128.add<f64>(v128.load(r, 16), c01), 16);
    r += ld;
    v128.store(r, v128.add<f64>(v128.load(r), c10));
    v128.store(r, v128.add<f64>(v128.load(r, 16), c11), 16);
    r += ld;
    v128.store(r, v128.add<f64>(v128.load(r), c20));
    v128.store(r, v128.add<f64>(v128.load(r, 16), c21), 16);
    r += ld;
    v128.store(r, v128.add<f64>(v128.load(r), c30));
    v128.store(r, v128.add<f64>(v128.load(r, 16), c31), 16);
    r += ld;
    v128.store(r, v128.add<f64>(v128.load(r), c40));
    v128.store(r, v128.add<f64>(v128.load(r, 16), c41), 16);
    r += ld;
    v128.store(r, v128.add<f64>(v128.load(r), c50));
    v128.store(r, v128.add<f64>(v128.load(r, 16), c51), 16);
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
  v128.store(tmp, c40, 128);
  v128.store(tmp, c41, 144);
  v128.store(tmp, c50, 160);
  v128.store(tmp, c51, 176);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const dst = c + ((<usize>i * <usize>ldc + <usize>j) << 3);
      store<f64>(dst, load<f64>(dst) + load<f64>(tmp + ((<usize>(i * NR_f64 + j)) << 3)));
    }
  }
}

/** Workspace bytes gemm_f64 needs for these sizes. */
export function workspace_f64(m: i32, k: i32, n: i32): i32 {
  return packedBBytes_f64(k, n) + ((MC * min(k, KC) + MR * NR_f64) << 3);
}

/** Bytes of B packed whole: the KC-blocks one after another, each NR-wide panels of kc rows. */
export function packedBBytes_f64(k: i32, n: i32): i32 {
  const npad = ((n + NR_f64 - 1) / NR_f64) * NR_f64;
  return (k * npad) << 3;
}

/** Packs all of op(B) (k×n) at pb, block after block, for gemm_packed_f64. */
export function packB_full_f64(b: usize, pb: usize, k: i32, n: i32, tb: bool): void {
  const npad = ((n + NR_f64 - 1) / NR_f64) * NR_f64;
  for (let pc = 0; pc < k; pc += KC) {
    packB_f64(b, pb + ((<usize>pc * <usize>npad) << 3), k, n, tb, pc, min(KC, k - pc));
  }
}

export function gemm_f64(
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
  packB_full_f64(b, w, k, n, tb);
  gemm_packed_f64(a, w, c, w + <usize>packedBBytes_f64(k, n), m, k, n, ta);
}

/** C = op(A)·B with B already packed by packB_full_f64 at pbFull; w: workspace for A. */
export function gemm_packed_f64(
  a: usize,
  pbFull: usize,
  c: usize,
  w: usize,
  m: i32,
  k: i32,
  n: i32,
  ta: bool,
): void {
  memory.fill(c, 0, (<usize>m * <usize>n) << 3);
  const kcMax = min(k, KC);
  const wa = w;
  const tmp = w + ((<usize>(MC * kcMax)) << 3);
  const npad = ((n + NR_f64 - 1) / NR_f64) * NR_f64;
  for (let pc = 0; pc < k; pc += KC) {
    const kc = min(KC, k - pc);
    const wb = pbFull + ((<usize>pc * <usize>npad) << 3);
    for (let ic = 0; ic < m; ic += MC) {
      const mc = min(MC, m - ic);
      packA_f64(a, wa, m, k, ta, ic, mc, pc, kc);
      if (mc < MR) {
        // a few rows (batch 1): one row at a time, no padded rows computed
        for (let i = 0; i < mc; i++) {
          let j = 0;
          for (; j + 4 * NR_f64 <= n; j += 4 * NR_f64) {
            const pb = wb + ((<usize>(j * kc)) << 3);
            micro1x4_f64(wa + ((<usize>i) << 3), pb, <usize>kc * NR_f64 * 8, kc, c + ((<usize>(ic + i) * <usize>n + <usize>j) << 3));
          }
          for (; j < n; j += NR_f64) {
            const pb = wb + ((<usize>(j * kc)) << 3);
            micro1_f64(wa + ((<usize>i) << 3), pb, kc, c + ((<usize>(ic + i) * <usize>n + <usize>j) << 3), min(NR_f64, n - j), tmp);
          }
        }
        continue;
      }
      for (let j = 0; j < n; j += NR_f64) {
        const pb = wb + ((<usize>(j * kc)) << 3);
        const cols = min(NR_f64, n - j);
        for (let ir = 0; ir < mc; ir += MR) {
          const pa = wa + ((<usize>(ir * kc)) << 3);
          const rows = min(MR, mc - ir);
          micro_f64(pa, pb, kc, c + ((<usize>(ic + ir) * <usize>n + <usize>j) << 3), n, rows, cols, tmp);
        }
      }
    }
  }
}

// One row of C across four full panels (4·NR columns): eight independent accumulators.
function micro1x4_f64(pa: usize, pb: usize, panel: usize, kc: i32, c: usize): void {
  let c0 = v128.splat<f64>(0); let c1 = v128.splat<f64>(0);
  let c2 = v128.splat<f64>(0); let c3 = v128.splat<f64>(0);
  let c4 = v128.splat<f64>(0); let c5 = v128.splat<f64>(0);
  let c6 = v128.splat<f64>(0); let c7 = v128.splat<f64>(0);
  const p1 = pb + panel;
  const p2 = p1 + panel;
  const p3 = p2 + panel;
  for (let p = 0; p < kc; p++) {
    const o = <usize>p * 32;
    const a = v128.splat<f64>(load<f64>(pa));
    c0 = v128.add<f64>(c0, v128.mul<f64>(a, v128.load(pb + o)));
    c1 = v128.add<f64>(c1, v128.mul<f64>(a, v128.load(pb + o, 16)));
    c2 = v128.add<f64>(c2, v128.mul<f64>(a, v128.load(p1 + o)));
    c3 = v128.add<f64>(c3, v128.mul<f64>(a, v128.load(p1 + o, 16)));
    c4 = v128.add<f64>(c4, v128.mul<f64>(a, v128.load(p2 + o)));
    c5 = v128.add<f64>(c5, v128.mul<f64>(a, v128.load(p2 + o, 16)));
    c6 = v128.add<f64>(c6, v128.mul<f64>(a, v128.load(p3 + o)));
    c7 = v128.add<f64>(c7, v128.mul<f64>(a, v128.load(p3 + o, 16)));
    pa += MR * 8;
  }
  v128.store(c, v128.add<f64>(v128.load(c), c0)); v128.store(c, v128.add<f64>(v128.load(c, 16), c1), 16);
  v128.store(c, v128.add<f64>(v128.load(c, 32), c2), 32); v128.store(c, v128.add<f64>(v128.load(c, 48), c3), 48);
  v128.store(c, v128.add<f64>(v128.load(c, 64), c4), 64); v128.store(c, v128.add<f64>(v128.load(c, 80), c5), 80);
  v128.store(c, v128.add<f64>(v128.load(c, 96), c6), 96); v128.store(c, v128.add<f64>(v128.load(c, 112), c7), 112);
}

// One row of C (NR columns) from a packed A row (stride MR) and a packed B panel, added into C.
function micro1_f64(pa: usize, pb: usize, kc: i32, c: usize, cols: i32, tmp: usize): void {
  let c0 = v128.splat<f64>(0);
  let c1 = v128.splat<f64>(0);
  for (let p = 0; p < kc; p++) {
    const a = v128.splat<f64>(load<f64>(pa));
    c0 = v128.add<f64>(c0, v128.mul<f64>(a, v128.load(pb)));
    c1 = v128.add<f64>(c1, v128.mul<f64>(a, v128.load(pb, 16)));
    pa += MR * 8;
    pb += 32;
  }
  if (cols == NR_f64) {
    v128.store(c, v128.add<f64>(v128.load(c), c0));
    v128.store(c, v128.add<f64>(v128.load(c, 16), c1), 16);
    return;
  }
  v128.store(tmp, c0);
  v128.store(tmp, c1, 16);
  for (let j = 0; j < cols; j++) {
    const dst = c + ((<usize>j) << 3);
    store<f64>(dst, load<f64>(dst) + load<f64>(tmp + ((<usize>j) << 3)));
  }
}
