/**
 * Integer-to-binary encodings of bounded integer variables for QUBO models: an integer v in 0..R is
 * v = sum_b c_b x_b over bits x_b in {0,1}.
 *
 * qpo uses the bounded-coefficient encoding of Karimi & Ronagh, "Practical integer-to-binary mapping
 * for quantum annealers", Quantum Inf. Process. 18, 94 (2019): binary coefficients 1, 2, 4, ... up to a
 * cap mu (the largest coefficient allowed; hardware with limited precision wants a small cap), then
 * as many coefficients mu as needed, and a last coefficient that makes the coefficients sum to exactly
 * R. Every bit pattern then encodes a value in 0..R (the upper bound holds by construction: no
 * penalty, no infeasible patterns) and every value in 0..R has a pattern. With no cap this is the
 * plain binary encoding with a truncated last coefficient: ceil(log2(R + 1)) bits, the fewest
 * possible. The same encodings appear in the QAOA/VQE portfolio studies of Brandhofer et al.,
 * Quantum Inf. Process. 22, 25 (2023) and Mugel et al., Phys. Rev. Research 4, 013006 (2022).
 */
import { invalidProblem } from './errors';

/**
 * The coefficients of the bounded-coefficient encoding of 0..range (empty for range 0).
 * @param range R >= 0, an integer.
 * @param cap mu >= 1: no coefficient exceeds it (default: no cap).
 * @throws PortfolioError INVALID_PROBLEM when range or cap is not an integer in range.
 * @example boundedCoefficients(4) -> [1, 2, 1]; boundedCoefficients(10, 2) -> [1, 2, 2, 2, 2, 1]
 */
export function boundedCoefficients(range: number, cap = Infinity): number[] {
  if (!Number.isInteger(range) || range < 0) throw invalidProblem('lots', `lots: the range ${range} of an integer variable must be an integer >= 0`, { range });
  if (!(cap >= 1) || (Number.isFinite(cap) && !Number.isInteger(cap))) throw invalidProblem('lots', `lots: the coefficient cap ${cap} must be an integer >= 1`, { cap });
  const out: number[] = [];
  let sum = 0;
  let next = 1;
  // Powers of two while the next one keeps the sum within range and within the cap.
  while (next <= cap && sum + next <= range) {
    out.push(next);
    sum += next;
    next *= 2;
  }
  // Then the cap itself, as often as it fits.
  const step = Math.min(cap, next);
  while (Number.isFinite(cap) && sum + step <= range && step <= cap) {
    out.push(step);
    sum += step;
  }
  if (sum < range) out.push(range - sum);
  return out;
}

/** The value sum_b c_b x_b of bits x (0/1) under coefficients c. */
export function decodeInteger(coefficients: readonly number[], bits: ArrayLike<number>): number {
  let v = 0;
  for (let b = 0; b < coefficients.length; b++) if (bits[b]) v += coefficients[b]!;
  return v;
}

/**
 * Bits (0/1 per coefficient) whose value is `value`: greedy from the largest coefficient, which is
 * exact for these encodings (each coefficient is at most 1 + the sum of the smaller ones).
 * @throws PortfolioError INVALID_PROBLEM when value is outside 0..sum(coefficients).
 */
export function encodeInteger(coefficients: readonly number[], value: number): number[] {
  const total = coefficients.reduce((a, b) => a + b, 0);
  if (!Number.isInteger(value) || value < 0 || value > total) throw invalidProblem('lots', `lots: ${value} cannot be encoded; must be an integer between 0 and ${total}`, { value, max: total });
  const bits = new Array<number>(coefficients.length).fill(0);
  let rest = value;
  const order = coefficients.map((c, i) => [c, i] as const).sort((a, b) => b[0] - a[0] || b[1] - a[1]);
  for (const [c, i] of order) {
    if (c <= rest) {
      bits[i] = 1;
      rest -= c;
    }
  }
  return bits;
}
