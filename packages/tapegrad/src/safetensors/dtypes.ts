import type { DType, TypedArray } from "@tapegrad/autograd";
import { SafetensorsError } from "./errors";

/** The safetensors dtype names tapegrad writes, by tensor dtype. */
export const writtenDType = { float32: "F32", float64: "F64", int32: "I32" } as const satisfies Record<
  DType,
  string
>;

/** How one stored dtype is read: its size in bytes and the tensor dtype it becomes. */
export interface ReadableDType {
  readonly itemSize: number;
  readonly dtype: DType;
}

// NOTE: F16 and BF16 are widened to float32 and I64 narrowed to int32 (values outside the int32
// range are an error), so half-precision checkpoints load; tapegrad writes only F32, F64 and I32.
export const readableDTypes: Readonly<Record<string, ReadableDType>> = {
  F32: { itemSize: 4, dtype: "float32" },
  F64: { itemSize: 8, dtype: "float64" },
  I32: { itemSize: 4, dtype: "int32" },
  F16: { itemSize: 2, dtype: "float32" },
  BF16: { itemSize: 2, dtype: "float32" },
  I64: { itemSize: 8, dtype: "int32" },
};

// The other names of the safetensors spec, so that the error can say "unsupported" vs "unknown".
const otherSpecDTypes = new Set(["BOOL", "U8", "I8", "I16", "U16", "U32", "U64", "F8_E4M3", "F8_E5M2"]);

/** The reading rule for a stored dtype name, or a SafetensorsError naming the tensor. */
export const readableDType = (name: string, dtype: string): ReadableDType | SafetensorsError => {
  if (Object.hasOwn(readableDTypes, dtype)) return readableDTypes[dtype]!;
  const supported = "tapegrad reads F32, F64, I32 (and F16, BF16 as float32, I64 as int32)";
  return new SafetensorsError(
    "dtype",
    otherSpecDTypes.has(dtype)
      ? `tensor "${name}" has unsupported dtype ${dtype}: ${supported}`
      : `tensor "${name}" has unknown dtype ${JSON.stringify(dtype)}: ${supported}`,
  );
};

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The raw little-endian bytes of a typed array (a fresh copy). */
export const bytesOf = (data: TypedArray): Uint8Array => {
  const out = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  if (!littleEndian) swapInPlace(out, data.BYTES_PER_ELEMENT);
  return out;
};

const swapInPlace = (b: Uint8Array, size: number): void => {
  for (let i = 0; i < b.length; i += size) b.subarray(i, i + size).reverse();
};

// float16 → float32: sign, 5-bit exponent, 10-bit mantissa (IEEE 754 binary16).
const halfToFloat = (h: number): number => {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 31) return m === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
};

/**
 * Decodes `count` little-endian elements of stored dtype `dtype` from `bytes` into a fresh typed
 * array of the tensor dtype, or a SafetensorsError (an I64 value outside the int32 range).
 */
export const decodeElements = (
  name: string,
  dtype: string,
  bytes: Uint8Array,
  count: number,
): TypedArray | SafetensorsError => {
  if (dtype === "F32" || dtype === "F64" || dtype === "I32") {
    // A fresh, aligned buffer in native byte order (the inverse of `bytesOf`).
    // (Not `bytes.slice()`: on a Node Buffer that is a view, not a copy.)
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    if (!littleEndian) swapInPlace(copy, readableDTypes[dtype]!.itemSize);
    if (dtype === "F32") return new Float32Array(copy.buffer, 0, count);
    if (dtype === "F64") return new Float64Array(copy.buffer, 0, count);
    return new Int32Array(copy.buffer, 0, count);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (dtype) {
    case "F16": {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(2 * i, true));
      return out;
    }
    case "BF16": {
      const out = new Float32Array(count);
      const word = new DataView(new ArrayBuffer(4));
      for (let i = 0; i < count; i++) {
        word.setUint32(0, view.getUint16(2 * i, true) << 16);
        out[i] = word.getFloat32(0);
      }
      return out;
    }
    default: {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const v = view.getBigInt64(8 * i, true);
        if (v < -2147483648n || v > 2147483647n) {
          return new SafetensorsError(
            "dtype",
            `tensor "${name}" (I64) holds ${v} at flat index ${i}, outside the int32 range tapegrad reads it into`,
          );
        }
        out[i] = Number(v);
      }
      return out;
    }
  }
};
