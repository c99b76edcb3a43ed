import { TensorError } from "./errors";

/** The element types a tensor can hold. `float32` is the default. */
export type DType = "float32" | "float64" | "int32";

/** The typed array that backs a tensor of each dtype. */
export type TypedArray = Float32Array | Float64Array | Int32Array;

// Small and mid-size arrays are carved from shared zero-filled slabs, never reused: a fresh
// typed array over 64 bytes needs its own off-heap backing store (~500 ns here, and GC work),
// a view on a slab ~50 ns. A slab lives while any view on it does; large arrays get their own.
const SLAB_BYTES = 64 * 1024;
const SLAB_MAX_BYTES = 4096;
let slab = new ArrayBuffer(SLAB_BYTES);
let slabOffset = 0;

const carve = (bytes: number): [ArrayBuffer, number] => {
  const size = (bytes + 7) & ~7;
  if (slabOffset + size > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabOffset = 0;
  }
  const at = slabOffset;
  slabOffset += size;
  return [slab, at];
};

/** Allocates a zero-filled typed array of `dtype` and length `n` that no one else holds. */
export const allocate = (dtype: DType, n: number): TypedArray => {
  const bpe = dtype === "float64" ? 8 : 4;
  const bytes = n * bpe;
  if (bytes > 64 && bytes <= SLAB_MAX_BYTES) {
    const [buf, at] = carve(bytes);
    return dtype === "float32"
      ? new Float32Array(buf, at, n)
      : dtype === "float64"
        ? new Float64Array(buf, at, n)
        : new Int32Array(buf, at, n);
  }
  switch (dtype) {
    case "float32":
      return new Float32Array(n);
    case "float64":
      return new Float64Array(n);
    case "int32":
      return new Int32Array(n);
  }
};

/** The dtype of a typed array, or undefined for other arrays. */
export const dtypeOfArray = (a: unknown): DType | undefined => {
  const c = (a as { constructor?: unknown } | null | undefined)?.constructor;
  if (c === Float32Array) return "float32";
  if (c === Float64Array) return "float64";
  if (c === Int32Array) return "int32";
  // subclasses and arrays from other realms
  return a instanceof Float32Array
    ? "float32"
    : a instanceof Float64Array
      ? "float64"
      : a instanceof Int32Array
        ? "int32"
        : undefined;
};

/** True for float32 and float64. */
export const isFloat = (dtype: DType): boolean => dtype !== "int32";

/** Checks a dtype name coming from untrusted input. */
export const isDType = (s: unknown): s is DType => s === "float32" || s === "float64" || s === "int32";

/** Throws unless all dtypes are equal: tapegrad never promotes silently (use `cast`). */
export const sameDTypeOf = (
  op: string,
  xs: readonly { readonly dtype: DType; readonly shape: readonly number[] }[],
): DType => {
  const d = xs[0]!.dtype;
  for (let i = 1; i < xs.length; i++) {
    if (xs[i]!.dtype !== d) {
      const list = xs.map((x) => `${x.dtype} [${x.shape.join(", ")}]`).join(" vs ");
      throw new TensorError(op, `dtype mismatch: ${list}; cast one operand first`);
    }
  }
  return d;
};

/** As `sameDTypeOf`, for bare dtypes. */
export const sameDType = (op: string, dtypes: readonly DType[]): DType => {
  const d = dtypes[0]!;
  for (let i = 1; i < dtypes.length; i++) {
    if (dtypes[i] !== d) {
      throw new TensorError(op, `dtype mismatch: ${dtypes.join(" vs ")}; cast one operand first`);
    }
  }
  return d;
};
