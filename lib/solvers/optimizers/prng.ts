/**
 * A tiny seeded PRNG for the optimizers' own randomness (SPSA perturbations): mulberry32 (Tommy
 * Ettinger, public domain), 32-bit state, period 2^32. Same seed, same stream, on every platform.
 * Kept in this folder so the optimizers import nothing from the layers that use them.
 */

/** A generator of uniform floats in [0, 1). */
export type Uniform01 = () => number;

/** Create a mulberry32 generator from a seed (truncated to 32 bits). */
export function mulberry32(seed: number): Uniform01 {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fill `out` with independent Rademacher (Bernoulli +-1, p = 1/2) entries; returns `out`. */
export function fillRademacher(random: Uniform01, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = random() < 0.5 ? -1 : 1;
  return out;
}
