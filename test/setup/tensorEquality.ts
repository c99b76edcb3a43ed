import { isTensor } from "@tapegrad/autograd";
import { expect } from "vitest";

// A Tensor keeps its values in a private field, which vitest's structural equality cannot see:
// without this, `expect(a).toEqual(b)` on two tensors (or on trees holding tensors) compared only
// shapes and dtypes, and passed for different values. Tensors are equal here when dtype, shape and
// every value are (Object.is per element: NaN equals NaN, −0 differs from 0).
expect.addEqualityTesters([
  (a: unknown, b: unknown): boolean | undefined => {
    if (!isTensor(a) || !isTensor(b)) return isTensor(a) || isTensor(b) ? false : undefined;
    if (a.dtype !== b.dtype || a.shape.length !== b.shape.length) return false;
    if (a.shape.some((d, i) => d !== b.shape[i])) return false;
    const x = a.dataSync();
    const y = b.dataSync();
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  },
]);
