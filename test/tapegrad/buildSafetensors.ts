// Builds safetensors files byte by byte, as the format's specification describes them
// (https://github.com/huggingface/safetensors#format): an 8-byte little-endian unsigned header
// length N, N bytes of JSON header, then the data. Independent of tapegrad's writer, so that the
// tests can make valid files from elsewhere and every kind of broken one.

/** A file from a header (object, or raw JSON text) and data bytes; `headerLength` overrides the prefix. */
export const buildFile = (
  header: unknown,
  data: Uint8Array = new Uint8Array(0),
  opts: { headerLength?: bigint; raw?: boolean } = {},
): Uint8Array => {
  const text = opts.raw ? String(header) : JSON.stringify(header);
  const json = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, opts.headerLength ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
};

// Little-endian bytes of `size`-byte values, each written at its offset by `write`.
const littleEndian =
  <V>(size: number, write: (dv: DataView, at: number, v: V) => void) =>
  (...v: V[]): Uint8Array => {
    const b = new Uint8Array(size * v.length);
    const dv = new DataView(b.buffer);
    for (let i = 0; i < v.length; i++) write(dv, size * i, v[i]!);
    return b;
  };

/** Little-endian bytes of float32 values. */
export const f32 = littleEndian<number>(4, (dv, at, v) => dv.setFloat32(at, v, true));

/** Little-endian bytes of float64 values. */
export const f64 = littleEndian<number>(8, (dv, at, v) => dv.setFloat64(at, v, true));

/** Little-endian bytes of int32 values. */
export const i32 = littleEndian<number>(4, (dv, at, v) => dv.setInt32(at, v, true));

/** Little-endian bytes of int64 values. */
export const i64 = littleEndian<bigint>(8, (dv, at, v) => dv.setBigInt64(at, v, true));

/** Little-endian bytes of raw 16-bit words (F16 / BF16 bit patterns). */
export const u16 = littleEndian<number>(2, (dv, at, v) => dv.setUint16(at, v, true));

/** Concatenates byte arrays. */
export const cat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** The header of a file, parsed independently of tapegrad's reader. */
export const readHeader = (bytes: Uint8Array): { length: number; json: Record<string, any> } => {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
  return { length, json };
};
