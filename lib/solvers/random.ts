/**
 * A small seeded PRNG for the classical solvers: mulberry32 (Tommy Ettinger, public domain), 32-bit
 * state, period 2^32. Fast enough for the annealing inner loop and deterministic per seed.
 */
export interface Rng32 {
  /** Uniform float in [0, 1). */
  next(): number;
}

/** Create a mulberry32 generator from a 32-bit integer seed (other numbers are truncated). */
export function mulberry32(seed: number): Rng32 {
  let a = seed >>> 0;
  return {
    next(): number {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** Derive a per-read seed from a base seed and an index (splitmix-style avalanche). */
export function deriveSeed(seed: number, index: number): number {
  let z = (seed + Math.imul(index + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}
