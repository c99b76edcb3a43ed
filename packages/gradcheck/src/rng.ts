/**
 * A small seeded generator (mulberry32) for cotangents and directions, so a check is
 * reproducible run to run. NOTE: deliberately independent of the library's PRNG under test.
 */
export const seededUniform = (seed: number): (() => number) => {
  let a = seed >>> 0 || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/**
 * Fills `n` values of magnitude in [0.5, 1] with a random sign: cotangents and directions that
 * are never close to zero, so no element is checked with a vanishing weight.
 */
export const signedWeights = (next: () => number, n: number): Float64Array => {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const m = 0.5 + 0.5 * next();
    out[i] = next() < 0.5 ? -m : m;
  }
  return out;
};
