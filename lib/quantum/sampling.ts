/**
 * Measurement sampling from a probability vector, and Qiskit-style bitstrings.
 *
 * Bit order follows Qiskit: in a bitstring of n characters, qubit 0 is the rightmost character,
 * so basis index 1 on 3 qubits is `'001'` and `'100'` is index 4.
 *
 * @example
 * const counts = sampleCounts(probabilities(state), 1000, createRng(7)); // Map { 0 => 503, 3 => 497 }
 * countsToBitstrings(counts, 2); // { '00': 503, '11': 497 }
 */
import { InvalidArgumentError } from './errors';
import type { Rng } from './random';

/** Largest shot count accepted in one call. */
export const MAX_SHOTS = 1e9;

/**
 * Draw `shots` basis indices independently from `probabilities` (length 2^n, non-negative; they
 * are normalized by their sum, so a slightly unnormalized vector is fine).
 *
 * Method: a cumulative distribution (O(2^n)) and one binary search per shot (O(log 2^n)), so
 * O(2^n + shots * n) time and one Float64Array(2^n) of scratch. Zero-probability indices are never
 * drawn. The result maps basis index -> count (only indices drawn at least once), in ascending
 * index order, and its counts sum to `shots`.
 *
 * @throws InvalidArgumentError when shots is not an integer in [0, MAX_SHOTS], or a probability is
 *   negative / not finite, or they sum to 0
 */
export function sampleCounts(probabilities: Float64Array, shots: number, rng: Rng): Map<number, number> {
  if (!Number.isInteger(shots) || shots < 0 || shots > MAX_SHOTS) {
    throw new InvalidArgumentError(`shots: ${shots} is out of range; must be an integer between 0 and ${MAX_SHOTS}`, {
      path: 'shots',
    });
  }
  const size = probabilities.length;
  const cdf = new Float64Array(size);
  let total = 0;
  for (let k = 0; k < size; k++) {
    const p = probabilities[k] as number;
    if (!(p >= 0) || p === Infinity) {
      throw new InvalidArgumentError(`probabilities[${k}]: ${p} must be a finite number >= 0`, {
        path: `probabilities[${k}]`,
      });
    }
    total += p;
    cdf[k] = total;
  }
  if (!(total > 0)) throw new InvalidArgumentError('probabilities: they sum to 0', { path: 'probabilities' });

  // the last index with positive probability, for the (rounding) case u >= cdf[size - 1]
  let last = size - 1;
  while (last > 0 && (probabilities[last] as number) === 0) last--;

  const hits = new Uint32Array(size);
  for (let s = 0; s < shots; s++) {
    const u = rng.next() * total;
    // first k with cdf[k] > u
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] as number) > u) hi = mid;
      else lo = mid + 1;
    }
    hits[lo] = (hits[lo] as number) + 1;
  }

  const counts = new Map<number, number>();
  for (let k = 0; k < size; k++) {
    const c = hits[k] as number;
    if (c > 0) counts.set(k, c);
  }
  return counts;
}

/** The n-character bitstring of basis index k, qubit 0 rightmost: `indexToBitstring(1, 3) === '001'`. */
export function indexToBitstring(k: number, numQubits: number): string {
  if (!Number.isInteger(k) || k < 0 || k >= 2 ** numQubits) {
    throw new InvalidArgumentError(`index: ${k} is out of range; must be an integer between 0 and ${2 ** numQubits - 1}`, {
      path: 'index',
    });
  }
  return k.toString(2).padStart(numQubits, '0');
}

/** The basis index of a bitstring of '0'/'1' (qubit 0 rightmost): `bitstringToIndex('100') === 4`. */
export function bitstringToIndex(bits: string): number {
  if (!/^[01]{1,52}$/.test(bits)) {
    throw new InvalidArgumentError(`bitstring: ${JSON.stringify(bits)} must be 1 to 52 characters of 0 and 1`, {
      path: 'bitstring',
    });
  }
  return parseInt(bits, 2);
}

/** Qiskit-style counts `{ '011': 12, ... }` from index counts, keys in ascending index order. */
export function countsToBitstrings(counts: ReadonlyMap<number, number>, numQubits: number): Record<string, number> {
  const out: Record<string, number> = {};
  const keys = [...counts.keys()].sort((a, b) => a - b);
  for (const k of keys) out[indexToBitstring(k, numQubits)] = counts.get(k) as number;
  return out;
}
