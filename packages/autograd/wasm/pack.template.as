// AssemblyScript source of the packing for tapegrad's matrix product (gemm.template.as, whose
// constants MR, NR, KC, MC it uses): expanded for f32 and f64 and compiled into the same module by
// scripts/build-wasm.mjs. Goto-style: B packed into NR-wide panels per KC block (all of it, before
// the product, or one thread's columns), A into MR-row panels per MC×KC block.

// @template
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

/** Bytes of B packed whole: the KC-blocks one after another, each NR-wide panels of kc rows. */
export function packedBBytes_$T(k: i32, n: i32): i32 {
  const npad = ((n + NR_$T - 1) / NR_$T) * NR_$T;
  return (k * npad) << $SH;
}

/**
 * Packs the panels of columns [j0, j1) of op(B) (k×n) at pb (all of them: 0, n), KC-block after
 * KC-block, each block NR-wide panels of kc rows: one thread's share.
 */
export function packB_cols_$T(b: usize, pb: usize, k: i32, n: i32, tb: bool, j0: i32, j1: i32): void {
  const npad = ((n + NR_$T - 1) / NR_$T) * NR_$T;
  for (let pc = 0; pc < k; pc += KC) {
    packB_$T(b, pb + ((<usize>pc * <usize>npad) << $SH), k, n, tb, pc, min(KC, k - pc), j0, j1);
  }
}
