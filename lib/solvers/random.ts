/**
 * Seeded randomness of the classical solvers: deriveSeed (the per-read seeds of annealing; the
 * kernels' own stream is xorshift32 in ising-kernel.ts) and mulberry32 (Tommy Ettinger, public
 * domain; see optimizers/prng.ts) behind the Rng32 interface, used e.g. to build benchmark instances.
 */
import { mulberry32 as uniform } from './optimizers/prng';

export interface Rng32 {
  /** Uniform float in [0, 1). */
  next(): number;
}

/** A mulberry32 generator (the optimizers' PRNG) behind the Rng32 interface. */
export function mulberry32(seed: number): Rng32 {
  return { next: uniform(seed) };
}

/** Derive a per-read seed from a base seed and an index (splitmix-style avalanche). */
export function deriveSeed(seed: number, index: number): number {
  let z = (seed + Math.imul(index + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}
