import {
  arange,
  eye,
  full,
  linspace,
  ones,
  onesLike,
  scalar,
  Tensor,
  tensor,
  zeros,
  zerosLike,
} from "@tapegrad/autograd";
import { describe, expect, it } from "vitest";
import { expectClose, expectTensorError } from "./helpers";

describe("tensor", () => {
  it("reads nested arrays with their own shape, float32 by default", () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t).toBeInstanceOf(Tensor);
    expect(t.shape).toEqual([2, 3]);
    expect(t.rank).toBe(2);
    expect(t.size).toBe(6);
    expect(t.dtype).toBe("float32");
    expect(t.dataSync()).toBeInstanceOf(Float32Array);
    expect(Array.from(t.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it("rounds float32 values as Math.fround does, keeps float64 exact", () => {
    expect(tensor([0.1]).toArray()).toEqual([Math.fround(0.1)]);
    expect(tensor([0.1], { dtype: "float64" }).toArray()).toEqual([0.1]);
  });

  it("reads a plain number as a scalar of shape []", () => {
    const t = tensor(2.5);
    expect(t.shape).toEqual([]);
    expect(t.size).toBe(1);
    expect(t.toArray()).toBe(2.5);
    expect(t.item()).toBe(2.5);
  });

  it("reads a flat plain array with a shape option", () => {
    const t = tensor([1, 2, 3, 4, 5, 6], { shape: [3, 2] });
    expect(t.shape).toEqual([3, 2]);
    expect(t.toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
  });

  it("reads typed arrays, taking the dtype from the array unless given", () => {
    const f64 = tensor(new Float64Array([1.5, 2.5, 3.5, 4.5]), { shape: [2, 2] });
    expect(f64.dtype).toBe("float64");
    expect(f64.toArray()).toEqual([
      [1.5, 2.5],
      [3.5, 4.5],
    ]);
    const i32 = tensor(new Int32Array([7, -8, 9]));
    expect(i32.dtype).toBe("int32");
    expect(i32.shape).toEqual([3]);
    expect(tensor(new Float32Array([1, 2])).dtype).toBe("float32");
    const asF64 = tensor(new Float32Array([0.5, 0.25]), { dtype: "float64" });
    expect(asF64.dtype).toBe("float64");
    expect(asF64.toArray()).toEqual([0.5, 0.25]);
  });

  it("copies typed-array input: later writes to the source do not reach the tensor", () => {
    const src = new Float64Array([1, 2, 3]);
    const t = tensor(src);
    src[0] = 100;
    expect(t.toArray()).toEqual([1, 2, 3]);
  });

  it("holds float64 and int32 dtypes", () => {
    const d = tensor([1e-300, 1 + 2 ** -52], { dtype: "float64" });
    expect(d.dtype).toBe("float64");
    expect(d.dataSync()).toBeInstanceOf(Float64Array);
    expect(d.toArray()).toEqual([1e-300, 1 + 2 ** -52]);
    const i = tensor([[-3, 0, 2147483647]], { dtype: "int32" });
    expect(i.dtype).toBe("int32");
    expect(i.dataSync()).toBeInstanceOf(Int32Array);
    expect(i.toArray()).toEqual([[-3, 0, 2147483647]]);
  });

  it("reads empty arrays as zero-size tensors", () => {
    expect(tensor([]).shape).toEqual([0]);
    const t = tensor([[], []]);
    expect(t.shape).toEqual([2, 0]);
    expect(t.size).toBe(0);
    expect(t.toArray()).toEqual([[], []]);
    expect(tensor([], { shape: [0, 3] }).shape).toEqual([0, 3]);
  });

  it("reads deeply nested literals", () => {
    let v: unknown = 7;
    for (let i = 0; i < 20; i++) v = [v];
    const t = tensor(v as number[]);
    expect(t.shape).toEqual(new Array(20).fill(1));
    expect(t.item()).toBe(7);
  });
});

describe("item, dataSync, shape", () => {
  it("item() needs exactly one element", () => {
    expect(tensor([[4]]).item()).toBe(4);
    expectTensorError(() => tensor([1, 2]).item(), "item", "[2]");
    expectTensorError(() => zeros([0]).item(), "item", "[0]");
  });

  it("dataSync returns a fresh copy each time: mutating it does not change the tensor", () => {
    const t = tensor([1, 2, 3]);
    const a = t.dataSync();
    a[0] = 42;
    a.fill(-1);
    expect(t.toArray()).toEqual([1, 2, 3]);
    expect(t.dataSync()).not.toBe(t.dataSync());
  });

  it("the shape is frozen and a copy of the caller's array", () => {
    const shape = [2, 2];
    const t = zeros(shape);
    shape[0] = 5;
    expect(t.shape).toEqual([2, 2]);
    expect(Object.isFrozen(t.shape)).toBe(true);
    expect(() => {
      (t.shape as number[])[0] = 3;
    }).toThrow(TypeError);
    expect(t.shape).toEqual([2, 2]);
  });

  it("toString names dtype and shape", () => {
    expect(String(tensor([1, 2]))).toContain("float32");
    expect(String(tensor([1, 2]))).toContain("[2]");
  });
});

describe("filled constructors", () => {
  it("scalar, zeros, ones, full", () => {
    const s = scalar(3);
    expect(s.shape).toEqual([]);
    expect(s.dtype).toBe("float32");
    expect(scalar(3, "float64").dtype).toBe("float64");
    expect(scalar(-2, "int32").item()).toBe(-2);
    expect(zeros([2, 3]).toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(ones([3], "int32").toArray()).toEqual([1, 1, 1]);
    expect(ones([3], "int32").dtype).toBe("int32");
    expect(full([2], 7.5, "float64").toArray()).toEqual([7.5, 7.5]);
    expect(full([], 2).shape).toEqual([]);
    expect(zeros([0, 4]).size).toBe(0);
  });

  it("zerosLike / onesLike copy shape and dtype", () => {
    const x = tensor([[1, 2, 3]], { dtype: "float64" });
    const z = zerosLike(x);
    const o = onesLike(x);
    expect(z.shape).toEqual([1, 3]);
    expect(z.dtype).toBe("float64");
    expect(z.toArray()).toEqual([[0, 0, 0]]);
    expect(o.dtype).toBe("float64");
    expect(o.toArray()).toEqual([[1, 1, 1]]);
    expect(onesLike(tensor([1], { dtype: "int32" })).dtype).toBe("int32");
  });

  it("rejects invalid shapes", () => {
    expectTensorError(() => zeros([2, -1]), "full", "[2, -1]");
    expectTensorError(() => ones([1.5]), "full", "[1.5]");
  });
});

describe("arange (numpy.arange semantics)", () => {
  it("arange(n) is 0..n-1", () => {
    expect(arange(5).toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(arange(5).dtype).toBe("float32");
    expect(arange(0).shape).toEqual([0]);
  });

  it("start, stop (exclusive), step, including negative steps", () => {
    expect(arange(2, 7).toArray()).toEqual([2, 3, 4, 5, 6]);
    expect(arange(1, 10, 3).toArray()).toEqual([1, 4, 7]);
    expect(arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
    // empty when the step points away from stop (numpy: length max(0, ceil((stop-start)/step)))
    expect(arange(5, 0).shape).toEqual([0]);
    expect(arange(0, 5, -1).shape).toEqual([0]);
  });

  it("fractional steps: length ceil((stop − start)/step), values start + i·step", () => {
    const cases: [number, number, number][] = [
      [0, 1, 0.1], // numpy: 10 values, 0.0 … 0.9
      [1, 2, 0.25], // 4 values
      [0, 1, 0.3], // ceil(3.33) = 4: 0, 0.3, 0.6, 0.9
      [-1, 1, 0.5],
      [0.5, 3, 1],
    ];
    for (const [a, b, s] of cases) {
      const n = Math.ceil((b - a) / s);
      const expected = Array.from({ length: n }, (_, i) => a + i * s);
      const t = arange(a, b, s, "float64");
      expect(t.dtype).toBe("float64");
      expect(t.shape).toEqual([n]);
      expectClose(t.dataSync(), expected, 1e-15, 1e-15);
    }
    expect(arange(0, 1, 0.1, "float64").size).toBe(10);
  });

  it("int32 arange", () => {
    const t = arange(0, 6, 2, "int32");
    expect(t.dtype).toBe("int32");
    expect(t.toArray()).toEqual([0, 2, 4]);
  });

  it("a zero or non-finite step is an error naming arange", () => {
    expectTensorError(() => arange(0, 1, 0), "arange", "0");
    expectTensorError(() => arange(0, 1, Number.NaN), "arange");
  });
});

describe("linspace (numpy.linspace, endpoint included)", () => {
  it("num evenly spaced values from start to stop", () => {
    expect(linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const t = linspace(-1, 2, 7, "float64");
    // numpy: start + i·(stop − start)/(num − 1), the last one exactly stop
    const expected = Array.from({ length: 7 }, (_, i) => -1 + (i * 3) / 6);
    expectClose(t.dataSync(), expected, 1e-15, 1e-15);
    expect(t.dataSync()[6]).toBe(2);
  });

  it("num = 1 gives [start], num = 0 gives an empty tensor", () => {
    expect(linspace(3, 9, 1).toArray()).toEqual([3]);
    expect(linspace(3, 9, 0).shape).toEqual([0]);
  });

  it("decreasing ranges and a bad num", () => {
    expect(linspace(1, 0, 3).toArray()).toEqual([1, 0.5, 0]);
    expectTensorError(() => linspace(0, 1, -1), "linspace", "-1");
    expectTensorError(() => linspace(0, 1, 2.5), "linspace", "2.5");
  });
});

describe("eye", () => {
  it("n×n identity", () => {
    expect(eye(3).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
  });

  it("n×m identity (numpy.eye(N, M)), wide and tall", () => {
    expect(eye(2, 3).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(eye(3, 2, "int32").toArray()).toEqual([
      [1, 0],
      [0, 1],
      [0, 0],
    ]);
    expect(eye(3, 2, "int32").dtype).toBe("int32");
    expect(eye(0).shape).toEqual([0, 0]);
  });
});

describe("errors are TensorErrors", () => {
  it("a failure is an instance of Error and TensorError with .op", () => {
    const e = expectTensorError(() => tensor([1, [2]] as unknown as number[]), "tensor");
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("TensorError");
  });
});
