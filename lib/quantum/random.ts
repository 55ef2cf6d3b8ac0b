/**
 * A seeded pseudo-random number generator: xoshiro128** 1.1 (D. Blackman and S. Vigna,
 * "Scrambled linear pseudorandom number generators", ACM TOMS 47(4), 2021; reference C code at
 * https://prng.di.unimi.it/xoshiro128starstar.c), with its 128-bit state filled from two outputs of
 * SplitMix64 (G. Steele, D. Lea, C. Flood, "Fast splittable pseudorandom number generators",
 * OOPSLA 2014; https://prng.di.unimi.it/splitmix64.c), as the xoshiro authors recommend.
 *
 * Deterministic: the same seed gives the same sequence on every platform. Not cryptographic.
 * Seeds are parameters, never globals (no Math.random, no clock).
 *
 * @example
 * const rng = createRng(42);
 * rng.next();       // a float in [0, 1) with 53 random bits
 * rng.nextUint32(); // an integer in [0, 2^32)
 */
import { InvalidArgumentError } from './errors';

export interface Rng {
  /** A uniform float in [0, 1) with 53 random bits (uses two 32-bit outputs). */
  next(): number;
  /** A uniform integer in [0, 2^32). */
  nextUint32(): number;
}

const MASK64 = (1n << 64n) - 1n;

/** One SplitMix64 step: advances `state.x` and returns the 64-bit output. */
function splitMix64(state: { x: bigint }): bigint {
  state.x = (state.x + 0x9e3779b97f4a7c15n) & MASK64;
  let z = state.x;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/**
 * A xoshiro128** generator seeded with `seed`, a safe integer (negative seeds are taken modulo 2^64).
 * @throws InvalidArgumentError when the seed is not a safe integer
 */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) {
    throw new InvalidArgumentError(`seed: ${seed} is not a safe integer`, { path: 'seed' });
  }
  const sm = { x: BigInt.asUintN(64, BigInt(seed)) };
  const a = splitMix64(sm);
  const b = splitMix64(sm);
  return xoshiro128StarStar(
    Number(a & 0xffffffffn),
    Number(a >> 32n),
    Number(b & 0xffffffffn),
    Number(b >> 32n),
  );
}

/**
 * A xoshiro128** generator started from the raw 128-bit state (s0, s1, s2, s3), each taken as a
 * 32-bit word. Exposed to check the generator against the reference C code; use `createRng`.
 */
export function xoshiro128StarStar(state0: number, state1: number, state2: number, state3: number): Rng {
  let s0 = state0 | 0;
  let s1 = state1 | 0;
  let s2 = state2 | 0;
  let s3 = state3 | 0;
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is a fixed point

  function nextUint32(): number {
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  return {
    nextUint32,
    next(): number {
      const hi = nextUint32() >>> 5; // 27 bits
      const lo = nextUint32() >>> 6; // 26 bits
      return (hi * 67108864 + lo) / 9007199254740992;
    },
  };
}
