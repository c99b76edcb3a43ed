import fc from "fast-check";
import { either as E } from "fp-ts";
import {
  fromSafetensors,
  fromSafetensorsE,
  maxHeaderBytes,
  SafetensorsError,
  type SafetensorsReason,
  type Tensor,
  tensor,
  toSafetensors,
  zeros,
} from "tapegrad";
import { describe, expect, it } from "vitest";
import { buildFile, cat, f32, i64 } from "./buildSafetensors";

// Expects the checked reader to return Left with `reason` and a message matching `pattern`,
// and the throwing reader to throw the same SafetensorsError.
const rejects = (bytes: Uint8Array, reason: SafetensorsReason, pattern: RegExp): void => {
  const r = fromSafetensorsE(bytes);
  if (E.isRight(r)) throw new Error(`expected a Left (${reason}), got a tree`);
  expect(r.left).toBeInstanceOf(SafetensorsError);
  expect(r.left.reason).toBe(reason);
  expect(r.left.message).toMatch(pattern);
  expect(() => fromSafetensors(bytes)).toThrow(SafetensorsError);
};

const entry = (dtype: string, shape: unknown, offsets: unknown) => ({ dtype, shape, data_offsets: offsets });

describe("fromSafetensors rejects malformed and hostile files", () => {
  it("a file too short for the length prefix", () => {
    rejects(new Uint8Array(0), "truncated", /0 bytes/);
    rejects(new Uint8Array(7), "truncated", /7 bytes/);
  });

  it("a header length past the end of the file", () => {
    rejects(
      buildFile({}, new Uint8Array(0), { headerLength: 1000n }),
      "truncated",
      /header length 1000 runs past the end/,
    );
  });

  it("a header of hostile size, without allocating it", () => {
    rejects(
      buildFile({}, new Uint8Array(0), { headerLength: BigInt(maxHeaderBytes + 1) }),
      "header-too-large",
      /exceeds the limit/,
    );
    rejects(
      buildFile({}, new Uint8Array(0), { headerLength: 2n ** 32n + 2n }),
      "header-too-large",
      /4294967298/,
    );
    rejects(
      buildFile({}, new Uint8Array(0), { headerLength: 2n ** 64n - 1n }),
      "header-too-large",
      /exceeds/,
    );
  });

  it("a valid file cut short anywhere (every prefix)", () => {
    const whole = toSafetensors({
      w: tensor([
        [1, 2],
        [3, 4],
      ]),
      b: tensor([5, 6], { dtype: "float64" }),
    });
    for (let n = 0; n < whole.length; n++) {
      const r = fromSafetensorsE(whole.subarray(0, n));
      expect(E.isLeft(r)).toBe(true);
    }
    rejects(whole.subarray(0, whole.length - 1), "offsets", /run past the end of the data/);
  });

  it("a header that is not a UTF-8 JSON object", () => {
    rejects(buildFile("{not json", undefined, { raw: true }), "header-invalid", /not valid UTF-8 JSON/);
    rejects(buildFile("[1, 2]", undefined, { raw: true }), "header-invalid", /must be a JSON object/);
    rejects(buildFile("null", undefined, { raw: true }), "header-invalid", /must be a JSON object/);
    const bad = buildFile('{"a":1}', undefined, { raw: true });
    bad[9] = 0xff; // an invalid UTF-8 byte inside the header
    rejects(bad, "header-invalid", /UTF-8/);
  });

  it("a deeply nested header gives an error, not a stack overflow", () => {
    const deep = `{"a":${"[".repeat(200_000)}${"]".repeat(200_000)}}`;
    const r = fromSafetensorsE(buildFile(deep, undefined, { raw: true }));
    expect(E.isLeft(r)).toBe(true);
  });

  it("an entry that is not { dtype, shape, data_offsets }", () => {
    rejects(buildFile({ a: 3 }), "entry-invalid", /entry "a" must be an object/);
    rejects(
      buildFile({ a: { shape: [1], data_offsets: [0, 4] } }, f32(1)),
      "entry-invalid",
      /dtype must be a string/,
    );
  });

  it("an unknown or unsupported dtype", () => {
    rejects(
      buildFile({ a: entry("F33", [1], [0, 4]) }, f32(1)),
      "dtype",
      /tensor "a" has unknown dtype "F33"/,
    );
    rejects(
      buildFile({ a: entry("U8", [4], [0, 4]) }, f32(1)),
      "dtype",
      /unsupported dtype U8.*F32, F64, I32/,
    );
  });

  it("an I64 value outside the int32 range", () => {
    rejects(
      buildFile({ a: entry("I64", [2], [0, 16]) }, i64(1n, 2n ** 40n)),
      "dtype",
      /1099511627776 at flat index 1/,
    );
  });

  it("a shape that is not non-negative integers", () => {
    for (const shape of [[1.5], [-1], ["2"], 4, null, [Number.MAX_SAFE_INTEGER + 2]]) {
      rejects(
        buildFile({ a: entry("F32", shape, [0, 4]) }, f32(1)),
        "entry-invalid",
        /shape must be an array of non-negative integers/,
      );
    }
  });

  it("a shape that does not match its bytes", () => {
    rejects(
      buildFile({ a: entry("F32", [2, 2], [0, 12]) }, f32(1, 2, 3)),
      "shape-mismatch",
      /needs 16 bytes, but data_offsets \[0, 12\] hold 12/,
    );
    rejects(buildFile({ a: entry("F32", [], [0, 8]) }, f32(1, 2)), "shape-mismatch", /needs 4 bytes/);
    rejects(buildFile({ a: entry("F32", [0], [0, 4]) }, f32(1)), "shape-mismatch", /needs 0 bytes/);
    rejects(buildFile({ a: entry("F64", [3, 5], [0, 8]) }, f32(1, 2)), "shape-mismatch", /needs 120 bytes/);
  });

  it("a hostile shape (product far beyond the file) is rejected without allocating", () => {
    const huge = [2 ** 31, 2 ** 31, 2 ** 31, 2 ** 31, ...Array.from({ length: 10_000 }, () => 2 ** 40)];
    const t0 = performance.now();
    rejects(
      buildFile({ a: entry("F64", huge, [0, 8]) }, f32(1, 2)),
      "shape-mismatch",
      /needs more than 2\^53 bytes/,
    );
    expect(performance.now() - t0).toBeLessThan(100);
    // A zero anywhere makes an empty tensor however large the other dimensions.
    const r = fromSafetensorsE(buildFile({ a: entry("F32", [2 ** 40, 0], [0, 0]) }));
    expect(E.isRight(r) && (r.right as Record<string, Tensor>).a!.shape).toEqual([2 ** 40, 0]);
  });

  it("offsets that are malformed, out of bounds, overlapping, leave gaps or trailing bytes", () => {
    for (const off of [[4, 0], [0], [0, 4, 8], [0.5, 4], [-4, 0], "0,4", null]) {
      rejects(
        buildFile({ a: entry("F32", [1], off) }, f32(1)),
        "entry-invalid",
        /data_offsets must be \[begin, end\]/,
      );
    }
    rejects(
      buildFile({ a: entry("F32", [2], [0, 8]) }, f32(1)),
      "offsets",
      /tensor "a": data_offsets \[0, 8\] run past the end of the data \(4 bytes\)/,
    );
    rejects(
      buildFile({ a: entry("F32", [2], [0, 8]), b: entry("F32", [2], [4, 12]) }, f32(1, 2, 3)),
      "offsets",
      /"a" and "b" overlap/,
    );
    rejects(
      buildFile({ a: entry("F32", [1], [0, 4]), b: entry("F32", [1], [8, 12]) }, f32(1, 2, 3)),
      "offsets",
      /bytes \[4, 8\) belong to no tensor/,
    );
    rejects(
      buildFile({ a: entry("F32", [1], [4, 8]) }, f32(1, 2)),
      "offsets",
      /bytes \[0, 4\) belong to no tensor/,
    );
    rejects(
      buildFile({ a: entry("F32", [1], [0, 4]) }, f32(1, 2)),
      "offsets",
      /bytes \[4, 8\) at the end belong to no tensor/,
    );
    // Two names for the same bytes overlap too.
    rejects(
      buildFile({ a: entry("F32", [1], [0, 4]), b: entry("F32", [1], [0, 4]) }, f32(1)),
      "offsets",
      /overlap/,
    );
  });

  it("metadata that is not string → string, or a tree layout that does not fit the tensors", () => {
    const a = entry("F32", [1], [0, 4]);
    rejects(
      buildFile({ __metadata__: { x: 1 }, a }, f32(1)),
      "metadata",
      /__metadata__\["x"\] must be a string/,
    );
    rejects(buildFile({ __metadata__: [], a }, f32(1)), "metadata", /must be an object of strings/);
    const layout = (l: string) => buildFile({ __metadata__: { "tapegrad.tree": l }, a }, f32(1));
    rejects(layout("{oops"), "metadata", /is not JSON/);
    rejects(layout('{"w":"b"}'), "metadata", /names tensor "b", which the file does not hold/);
    rejects(layout('["a","a"]'), "metadata", /uses tensor "a" twice/);
    rejects(layout("{}"), "metadata", /does not use tensor "a"/);
    rejects(layout("[1]"), "metadata", /expected a name, an array or a record, got number/);
    rejects(layout(`${"[".repeat(5000)}"a"${"]".repeat(5000)}`), "metadata", /nested deeper than/);
  });

  it("random corruption of a valid file never throws, hangs or crashes (property)", () => {
    const valid = toSafetensors({
      w: tensor([
        [1, 2],
        [3, 4],
      ]),
      b: zeros([3], "int32"),
      s: tensor(2, { dtype: "float64" }),
    });
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ at: fc.nat({ max: valid.length - 1 }), value: fc.integer({ min: 0, max: 255 }) }),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        fc.nat({ max: valid.length }),
        (edits, cut) => {
          const bytes = valid.slice(0, Math.max(cut, valid.length - 4));
          for (const { at, value } of edits) if (at < bytes.length) bytes[at] = value;
          const r = fromSafetensorsE(bytes);
          if (E.isLeft(r)) expect(r.left).toBeInstanceOf(SafetensorsError);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("accepts a minimal valid file from elsewhere (empty header, no data)", () => {
    expect(fromSafetensors(buildFile({}))).toEqual({});
    expect(fromSafetensors(buildFile({ a: entry("F32", [1], [0, 4]) }, cat(f32(2))))).toHaveProperty("a");
  });
});
