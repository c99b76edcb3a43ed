import { allocate } from "../dtype";
import { fmtShape, TensorError } from "../errors";
import type { Primitive } from "../primitive";
import { dataOf, fromData, type Tensor } from "../tensor";
import { apply } from "../trace";
import { boxIndex, type SliceParams, sliceP } from "./slice";

interface PadParams {
  readonly box: SliceParams; // where x sits inside the output
  readonly value: number;
}

// d pad(x) = the window of dy where x was placed
export const padP: Primitive<PadParams> = {
  name: "pad",
  forward: ([x], { box, value }) => {
    const src = dataOf(x!);
    const out = allocate(
      x!.dtype,
      box.full.reduce((s, d) => s * d, 1),
    );
    if (value !== 0) out.fill(value);
    const map = boxIndex(box);
    for (let k = 0; k < map.length; k++) out[map[k]!] = src[k]!;
    return fromData(out, box.full);
  },
  vjp: (g, _x, _out, { box }) => [apply(sliceP, [g], box)],
};

/**
 * Pads each axis with `widths[i] = [before, after]` elements of `value` (default 0), as
 * `numpy.pad(mode="constant")`.
 *
 * @example
 * pad(tensor([1, 2]), [[1, 2]]) // [0, 1, 2, 0, 0]
 */
export const pad = (x: Tensor, widths: readonly (readonly [number, number])[], value = 0): Tensor => {
  if (widths.length !== x.rank) {
    throw new TensorError(
      "pad",
      `needs ${x.rank} [before, after] pairs for shape ${fmtShape(x.shape)}, got ${widths.length}`,
    );
  }
  for (const [b, a] of widths) {
    if (!Number.isInteger(b) || !Number.isInteger(a) || b < 0 || a < 0) {
      throw new TensorError("pad", `widths must be non-negative integers, got ${JSON.stringify(widths)}`);
    }
  }
  const full = x.shape.map((d, i) => d + widths[i]![0] + widths[i]![1]);
  const box: SliceParams = {
    start: widths.map((w) => w[0]),
    step: x.shape.map(() => 1),
    shape: x.shape.slice(),
    full,
  };
  return apply(padP, [x], { box, value });
};
