import { either as E } from "fp-ts";
import { type ReadableDType, readableDType } from "./dtypes";
import { SafetensorsError } from "./errors";

/** One validated tensor entry of a header. Offsets are absolute positions in the file. */
export interface HeaderEntry {
  readonly name: string;
  readonly dtype: string;
  readonly rule: ReadableDType;
  readonly shape: readonly number[];
  readonly count: number;
  readonly begin: number;
  readonly end: number;
}

/** A validated header: its entries in data order and its metadata. */
export interface Header {
  readonly entries: readonly HeaderEntry[];
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * The largest header accepted, in bytes: 100 MB, the limit of the reference implementation.
 * NOTE: a header is JSON of names and shapes; anything near this size is hostile.
 */
export const maxHeaderBytes = 100_000_000;

const err = (reason: SafetensorsError["reason"], msg: string) => new SafetensorsError(reason, msg);

const isSafeCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

const fmt = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

const checkEntry = (name: string, raw: unknown, dataStart: number, dataBytes: number): HeaderEntry => {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw err("entry-invalid", `entry "${name}" must be an object with dtype, shape, data_offsets`);
  }
  const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  if (typeof dtype !== "string") throw err("entry-invalid", `tensor "${name}": dtype must be a string`);
  const rule = readableDType(name, dtype);
  if (rule instanceof SafetensorsError) throw rule;
  if (!Array.isArray(shape) || !shape.every(isSafeCount)) {
    throw err(
      "entry-invalid",
      `tensor "${name}": shape must be an array of non-negative integers, got ${fmt(shape)}`,
    );
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every(isSafeCount) ||
    offsets[0] > offsets[1]
  ) {
    throw err(
      "entry-invalid",
      `tensor "${name}": data_offsets must be [begin, end] with 0 ≤ begin ≤ end, got ${fmt(offsets)}`,
    );
  }
  const [begin, end] = offsets as [number, number];
  if (end > dataBytes) {
    throw err(
      "offsets",
      `tensor "${name}": data_offsets [${begin}, ${end}] run past the end of the data (${dataBytes} bytes)`,
    );
  }
  // The element count, computed so that a hostile shape can neither overflow nor allocate:
  // the product stops growing once past 2⁵³ (no file is that large).
  const byteLength = end - begin;
  const dims = shape as number[];
  let count = dims.includes(0) ? 0 : 1;
  for (let i = 0; i < dims.length && count <= Number.MAX_SAFE_INTEGER; i++) count *= dims[i]!;
  if (count * rule.itemSize !== byteLength) {
    const needs = count > Number.MAX_SAFE_INTEGER ? "more than 2^53" : `${count * rule.itemSize}`;
    throw err(
      "shape-mismatch",
      `tensor "${name}": shape ${fmt(shape)} of ${dtype} needs ${needs} bytes, but data_offsets [${begin}, ${end}] hold ${byteLength}`,
    );
  }
  return {
    name,
    dtype,
    rule,
    shape: shape as number[],
    count,
    begin: dataStart + begin,
    end: dataStart + end,
  };
};

const checkMetadata = (raw: unknown): Record<string, string> => {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw err("metadata", `__metadata__ must be an object of strings, got ${fmt(raw)}`);
  }
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== "string") throw err("metadata", `__metadata__["${k}"] must be a string, got ${fmt(v)}`);
  }
  return raw as Record<string, string>;
};

// Every byte of the data belongs to exactly one tensor: sorted by offset, each begins where the
// previous ended, and the last ends at the end of the file (as the reference implementation requires).
const checkLayout = (entries: HeaderEntry[], dataStart: number, fileBytes: number): HeaderEntry[] => {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = dataStart;
  let prev: HeaderEntry | undefined;
  for (const e of sorted) {
    if (e.begin < cursor) {
      throw err(
        "offsets",
        `tensors "${prev!.name}" and "${e.name}" overlap (data_offsets [${prev!.begin - dataStart}, ${prev!.end - dataStart}] and [${e.begin - dataStart}, ${e.end - dataStart}])`,
      );
    }
    if (e.begin > cursor) {
      throw err(
        "offsets",
        `data bytes [${cursor - dataStart}, ${e.begin - dataStart}) belong to no tensor (before "${e.name}")`,
      );
    }
    cursor = e.end;
    prev = e;
  }
  if (cursor !== fileBytes) {
    throw err(
      "offsets",
      `data bytes [${cursor - dataStart}, ${fileBytes - dataStart}) at the end belong to no tensor`,
    );
  }
  return sorted;
};

/**
 * Reads and validates the header of safetensors bytes: length prefix, JSON, every entry's dtype,
 * shape and offsets, and the coverage of the data. Allocates nothing proportional to what the
 * header claims before it has been checked against the real size of `bytes`.
 */
export const parseHeader = (bytes: Uint8Array): E.Either<SafetensorsError, Header> =>
  E.tryCatch(
    () => {
      if (bytes.length < 8) {
        throw err("truncated", `file is truncated: ${bytes.length} bytes, a header length needs 8`);
      }
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const lo = view.getUint32(0, true);
      const hi = view.getUint32(4, true);
      if (hi !== 0 || lo > maxHeaderBytes) {
        const n = hi * 2 ** 32 + lo;
        throw err("header-too-large", `header length ${n} exceeds the limit of ${maxHeaderBytes} bytes`);
      }
      if (8 + lo > bytes.length) {
        throw err(
          "truncated",
          `header length ${lo} runs past the end of the file (${bytes.length} bytes): the file is truncated or not safetensors`,
        );
      }
      let json: unknown;
      try {
        const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + lo));
        json = JSON.parse(text);
      } catch (e) {
        throw err("header-invalid", `header is not valid UTF-8 JSON (${(e as Error).message})`);
      }
      if (typeof json !== "object" || json === null || Array.isArray(json)) {
        throw err("header-invalid", "header must be a JSON object");
      }
      const dataStart = 8 + lo;
      const dataBytes = bytes.length - dataStart;
      let metadata: Record<string, string> = {};
      const entries: HeaderEntry[] = [];
      for (const [name, raw] of Object.entries(json)) {
        if (name === "__metadata__") metadata = checkMetadata(raw);
        else entries.push(checkEntry(name, raw, dataStart, dataBytes));
      }
      return { entries: checkLayout(entries, dataStart, bytes.length), metadata };
    },
    (e) => (e instanceof SafetensorsError ? e : err("header-invalid", String(e))),
  );
