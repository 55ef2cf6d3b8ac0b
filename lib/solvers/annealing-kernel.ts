/**
 * Simulated-annealing kernel on a dense QUBO (Kirkpatrick, Gelatt & Vecchi, Science 220, 1983), the
 * algorithm of dwave-neal: single-variable Metropolis updates in sequential sweeps, one inverse
 * temperature per sweep, local fields cached and updated incrementally (O(n) per accepted flip).
 *
 * Energy: E(x) = sum_i d[i] x_i + sum_{i<j} W[i][j] x_i x_j (+ constant), x in {0,1}^n, where the
 * couplings arrive as a symmetric n x n row-major Float64Array `couplings` (W[i][j] = W[j][i], zero
 * diagonal) and the linear terms as `linear` (length n). Pure and allocation-free inside a read.
 */
import type { Rng32 } from './random';

/** A geometric or linear schedule of `numSweeps` inverse temperatures from betaHot to betaCold. */
export function betaSchedule(
  kind: 'geometric' | 'linear',
  betaHot: number,
  betaCold: number,
  numSweeps: number,
): Float64Array {
  const out = new Float64Array(numSweeps);
  if (numSweeps === 1) {
    out[0] = betaCold;
    return out;
  }
  for (let s = 0; s < numSweeps; s++) {
    const t = s / (numSweeps - 1);
    out[s] = kind === 'geometric' ? betaHot * Math.pow(betaCold / betaHot, t) : betaHot + (betaCold - betaHot) * t;
  }
  return out;
}

/**
 * The default inverse-temperature range for a QUBO, in the spirit of dwave-neal's
 * `default_beta_range`: at the hot end the largest possible energy change of one flip is accepted
 * with probability 1/2; at the cold end the smallest non-zero coefficient's change is accepted with
 * probability 1/(100 n), i.e. the state is frozen.
 * @returns [betaHot, betaCold] in 1/energy units.
 */
export function defaultBetaRange(linear: Float64Array, couplings: Float64Array, n: number): [number, number] {
  let maxDelta = 0;
  let minDelta = Infinity;
  for (let i = 0; i < n; i++) {
    let rowSum = Math.abs(linear[i]!);
    if (rowSum > 0) minDelta = Math.min(minDelta, rowSum);
    for (let j = 0; j < n; j++) {
      const w = Math.abs(couplings[i * n + j]!);
      rowSum += w;
      if (w > 0) minDelta = Math.min(minDelta, w);
    }
    maxDelta = Math.max(maxDelta, rowSum);
  }
  if (maxDelta === 0) return [1, 1];
  const hot = Math.LN2 / maxDelta;
  const cold = Math.log(100 * Math.max(n, 1)) / minDelta;
  return [hot, Math.max(cold, hot)];
}

/**
 * Run one annealing read in place on `x` (start state in, final state out). `field` is scratch of
 * length n. `rng` draws the Metropolis acceptances.
 */
export function annealRead(
  linear: Float64Array,
  couplings: Float64Array,
  n: number,
  betas: Float64Array,
  x: Uint8Array,
  field: Float64Array,
  rng: Rng32,
): void {
  // field[k] = sum_j W[k][j] x_j
  for (let k = 0; k < n; k++) {
    let f = 0;
    const row = k * n;
    for (let j = 0; j < n; j++) if (x[j]) f += couplings[row + j]!;
    field[k] = f;
  }
  const sweeps = betas.length;
  for (let s = 0; s < sweeps; s++) {
    const beta = betas[s]!;
    for (let k = 0; k < n; k++) {
      const xk = x[k]!;
      const local = linear[k]! + field[k]!;
      const delta = xk ? -local : local;
      if (delta <= 0 || rng.next() < Math.exp(-beta * delta)) {
        x[k] = xk ^ 1;
        const sign = xk ? -1 : 1;
        const row = k * n;
        for (let j = 0; j < n; j++) field[j]! += sign * couplings[row + j]!;
      }
    }
  }
  // Zero-temperature polish: steepest single flips until none improves.
  for (;;) {
    let bestK = -1;
    let bestDelta = 0;
    for (let k = 0; k < n; k++) {
      const local = linear[k]! + field[k]!;
      const delta = x[k] ? -local : local;
      if (delta < bestDelta) {
        bestDelta = delta;
        bestK = k;
      }
    }
    if (bestK < 0) break;
    const sign = x[bestK] ? -1 : 1;
    x[bestK] = x[bestK]! ^ 1;
    const row = bestK * n;
    for (let j = 0; j < n; j++) field[j]! += sign * couplings[row + j]!;
  }
}

/**
 * One annealing read with budget-preserving swap moves: each step proposes moving one selected
 * variable out and one unselected in, so sum(x) never changes and no penalty term is needed
 * (the standard move for cardinality-constrained selection). `x` must enter with exactly `budget`
 * ones; `members` is scratch of length n (selected indices first, then unselected).
 */
export function annealReadSwap(
  linear: Float64Array,
  couplings: Float64Array,
  n: number,
  betas: Float64Array,
  x: Uint8Array,
  field: Float64Array,
  members: Int32Array,
  rng: Rng32,
): void {
  let ones = 0;
  for (let k = 0; k < n; k++) if (x[k]) members[ones++] = k;
  const budget = ones;
  let zeros = budget;
  for (let k = 0; k < n; k++) if (!x[k]) members[zeros++] = k;
  if (budget === 0 || budget === n) return;
  for (let k = 0; k < n; k++) {
    let f = 0;
    const row = k * n;
    for (let j = 0; j < n; j++) if (x[j]) f += couplings[row + j]!;
    field[k] = f;
  }
  const outside = n - budget;
  const sweeps = betas.length;
  for (let s = 0; s < sweeps; s++) {
    const beta = betas[s]!;
    for (let step = 0; step < n; step++) {
      const a = Math.floor(rng.next() * budget);
      const b = budget + Math.floor(rng.next() * outside);
      const i = members[a]!;
      const j = members[b]!;
      // Remove i, then add j (whose field no longer includes i).
      const delta = linear[j]! + field[j]! - couplings[i * n + j]! - linear[i]! - field[i]!;
      if (delta <= 0 || rng.next() < Math.exp(-beta * delta)) {
        x[i] = 0;
        x[j] = 1;
        members[a] = j;
        members[b] = i;
        const ri = i * n;
        const rj = j * n;
        for (let k = 0; k < n; k++) field[k]! += couplings[rj + k]! - couplings[ri + k]!;
      }
    }
  }
  // Zero-temperature polish: best improving swap until none improves.
  for (;;) {
    let bestA = -1;
    let bestB = -1;
    let bestDelta = 0;
    for (let a = 0; a < budget; a++) {
      const i = members[a]!;
      const li = linear[i]! + field[i]!;
      for (let b = budget; b < n; b++) {
        const j = members[b]!;
        const delta = linear[j]! + field[j]! - couplings[i * n + j]! - li;
        if (delta < bestDelta) {
          bestDelta = delta;
          bestA = a;
          bestB = b;
        }
      }
    }
    if (bestA < 0) break;
    const i = members[bestA]!;
    const j = members[bestB]!;
    x[i] = 0;
    x[j] = 1;
    members[bestA] = j;
    members[bestB] = i;
    for (let k = 0; k < n; k++) field[k]! += couplings[j * n + k]! - couplings[i * n + k]!;
  }
}
