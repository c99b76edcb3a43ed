import { type DType, Tensor, TensorError, type TensorInput, tensor, tensorE } from "@tapegrad/autograd";
import { either as E } from "fp-ts";
import { describe, expect, it } from "vitest";

/** Expects Left(TensorError from 'tensor') whose message contains every part; returns the message. */
const expectLeft = (values: unknown, opts: { dtype?: DType; shape?: number[] }, ...parts: string[]) => {
  const r = tensorE(values, opts);
  if (E.isRight(r)) return expect.fail(`expected Left for ${JSON.stringify(values)}, got a tensor`);
  expect(r.left).toBeInstanceOf(TensorError);
  expect(r.left.op).toBe("tensor");
  for (const p of parts) expect(r.left.message).toContain(p);
  // the throwing form throws the same error
  let thrown: unknown;
  try {
    tensor(values as TensorInput, opts);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(TensorError);
  expect((thrown as TensorError).message).toBe(r.left.message);
  return r.left.message;
};

describe("tensorE: checked parsing of untrusted input", () => {
  it("Right(tensor) for good input, equal to tensor(...)", () => {
    const r = tensorE(JSON.parse("[[1, 2], [3, 4]]"));
    expect(E.isRight(r)).toBe(true);
    if (E.isRight(r)) {
      expect(r.right).toBeInstanceOf(Tensor);
      expect(r.right.shape).toEqual([2, 2]);
      expect(r.right.toArray()).toEqual([
        [1, 2],
        [3, 4],
      ]);
    }
    const s = tensorE(3, { dtype: "int32" });
    expect(E.isRight(s) && s.right.item() === 3 && s.right.dtype === "int32").toBe(true);
    const f = tensorE([1, 2, 3, 4], { shape: [2, 2], dtype: "float64" });
    expect(E.isRight(f) && f.right.dtype === "float64").toBe(true);
  });

  it("ragged nested arrays: the message names the path of the first bad element", () => {
    // second row shorter than the first: the offending row is [1]
    expectLeft(
      [
        [1, 2],
        [3, 4, 5],
      ],
      {},
      "ragged",
      "[1]",
    );
    expectLeft([[1, 2], [3]], {}, "ragged", "[1]");
    // a number where a row is expected
    expectLeft([[1, 2], 3], {}, "ragged", "[1]");
    // an array where a number is expected
    expectLeft([1, [2]], {}, "ragged", "[1]");
    // deeper: element [0][1] is a number among arrays
    expectLeft([[[1], 2]], {}, "ragged", "[0][1]");
    // deeper: [1][0] has the wrong length
    expectLeft(
      [
        [
          [1, 2],
          [3, 4],
        ],
        [[5], [6, 7]],
      ],
      {},
      "ragged",
      "[1][0]",
    );
  });

  it("non-numbers are rejected with their position", () => {
    expectLeft([1, "2", 3], {}, "[1]", "string");
    expectLeft([[1, null]], {}, "[0][1]");
    expectLeft(
      [
        [1, 2],
        [3, undefined],
      ],
      {},
      "[1][1]",
    );
    expectLeft("abc", {}, "string");
    expectLeft(null, {});
    expectLeft({ a: 1 }, {});
    expectLeft([true], {}, "boolean");
  });

  it("size/shape mismatch names both the count and the shape", () => {
    expectLeft([1, 2, 3], { shape: [2, 2] }, "3", "[2, 2]");
    expectLeft(new Float32Array(5), { shape: [2, 3] }, "5", "[2, 3]");
    // nested arrays carry their own shape: a different shape option is an error naming both
    expectLeft(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { shape: [3, 2] },
      "[2, 3]",
      "[3, 2]",
    );
    expectLeft([1, 2], { shape: [-2] }, "[-2]");
  });

  it("unknown dtype", () => {
    expectLeft([1, 2], { dtype: "float16" as DType }, "float16");
    expectLeft([1, 2], { dtype: "bool" as DType }, "bool");
  });

  it("non-integer (or out-of-range) values for int32", () => {
    expectLeft([1, 2.5], { dtype: "int32" }, "2.5", "int32");
    expectLeft([[0, Number.NaN]], { dtype: "int32" }, "NaN");
    expectLeft([2 ** 31], { dtype: "int32" }, String(2 ** 31));
    expectLeft(new Float64Array([1, 0.5]), { dtype: "int32" }, "0.5");
    // integral floats are fine
    const ok = tensorE([1, -2, 3], { dtype: "int32" });
    expect(E.isRight(ok)).toBe(true);
  });

  it("NaN and ±Infinity are numbers: accepted for float dtypes", () => {
    const r = tensorE([Number.NaN, Number.POSITIVE_INFINITY, -Number.POSITIVE_INFINITY]);
    expect(E.isRight(r)).toBe(true);
    if (E.isRight(r)) expect(Array.from(r.right.dataSync())).toEqual([Number.NaN, Infinity, -Infinity]);
  });
});
