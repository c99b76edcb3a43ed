import { allocate, type TypedArray } from "../dtype";
import type { Primitive, SparseCotangent } from "../primitive";
import { dataOf, fromData, type Tensor } from "../tensor";
import { apply } from "../trace";

/** @internal A gather as data: output element k reads element `map[k]` of the source. */
export interface GatherParams {
  readonly map: Int32Array;
  readonly outShape: readonly number[];
  readonly srcShape: readonly number[];
}

/** @internal Adds `values[k]` into `src[map[k]]` for every k: the gather's transpose. */
export const scatterAddP: Primitive<GatherParams> = {
  name: "scatterAdd",
  forward: ([v], p) => {
    const src = dataOf(v!);
    const out = allocate(
      v!.dtype,
      p.srcShape.reduce((s, d) => s * d, 1),
    );
    const map = p.map;
    for (let k = 0; k < map.length; k++) out[map[k]!]! += src[k]!;
    return fromData(out, p.srcShape);
  },
  vjp: (g, _v, _out, p) => [apply(gatherP, [g], p)],
};

const sparseScatter = (g: Tensor, p: GatherParams): SparseCotangent => ({
  sparse: true,
  shape: p.srcShape,
  traced: g._tr !== null,
  addInto: (acc: TypedArray) => {
    const src = dataOf(g);
    const map = p.map;
    for (let k = 0; k < map.length; k++) acc[map[k]!]! += src[k]!;
  },
  dense: () => apply(scatterAddP, [g], p),
});

// d gather(x) = dy scatter-added back to the elements read (sparse: no full-size zeros per read)
export const gatherP: Primitive<GatherParams> = {
  name: "gather",
  forward: ([x], p) => {
    const a = dataOf(x!);
    const out = allocate(x!.dtype, p.map.length);
    const map = p.map;
    for (let k = 0; k < map.length; k++) out[k] = a[map[k]!]!;
    return fromData(out, p.outShape);
  },
  vjp: (g, _x, _out, p) => [sparseScatter(g, p)],
};
