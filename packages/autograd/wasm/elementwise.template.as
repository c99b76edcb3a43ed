// AssemblyScript source of tapegrad's WebAssembly SIMD elementwise kernels (Adam's moments, binary
// arithmetic, leakyRelu and its VJP, sums over a middle axis), written once for both element types
// and expanded by scripts/build-wasm.mjs like gemm.template.as, into the same module. Each kernel
// rounds after every operation exactly as the plain TypeScript loop it replaces (tests check the
// two agree bit for bit); the callers copy operands in and results out (src/wasm/module.ts).

// @template
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
