/**
 * Budget-preserving swap moves on an Ising model with dense couplings: each step proposes moving
 * one spin of the selected set (s = +1, i.e. x = 1) out and one unselected spin (s = -1) in, so the
 * number of selected spins never changes and a cardinality constraint needs no penalty term (the
 * standard move for cardinality-constrained selection). Same schedule (anneal-schedule.ts), random
 * source (xorshift32) and Metropolis test (`rejects`, skip above SKIP / beta) as the single-flip
 * kernels of ising-kernel.ts.
 *
 * With fields f_k = h_k + sum_l J_kl s_l, swapping i (+1 -> -1) with j (-1 -> +1) changes the energy
 * by dE = 2 (f_j - f_i) - 4 J_ij, and the fields by f_k += 2 (J_jk - J_ik): O(n) per accepted swap.
 * `members` (length n) lists the selected spins first (`budget` of them), then the others.
 */
import { rejects, SKIP, xorshift32, xorshiftState } from './ising-kernel';

const TWO32 = 4294967296;

/** Fill `members` from `s`: the +1 spins first, then the -1 spins. @returns the number of +1 spins */
export function swapMembers(n: number, s: Float64Array, members: Int32Array): number {
  let ones = 0;
  for (let k = 0; k < n; k++) if ((s[k] as number) > 0) members[ones++] = k;
  let zeros = ones;
  for (let k = 0; k < n; k++) if ((s[k] as number) < 0) members[zeros++] = k;
  return ones;
}

/** Apply the swap of members[a] (selected) and members[b] (unselected) to s, fields and members. */
function applySwap(n: number, M: Float64Array, s: Float64Array, field: Float64Array, members: Int32Array, a: number, b: number): void {
  const i = members[a] as number;
  const j = members[b] as number;
  s[i] = -1;
  s[j] = 1;
  members[a] = j;
  members[b] = i;
  const ri = i * n;
  const rj = j * n;
  for (let k = 0; k < n; k++) field[k] = (field[k] as number) + 2 * ((M[rj + k] as number) - (M[ri + k] as number));
}

/**
 * n swap proposals per entry of `betas`; `field` must hold the fields of `s` (denseFields) and
 * `members` the split of swapMembers, with 0 < budget < n selected spins.
 * @returns the xorshift32 state after the run
 */
export function annealSwap(
  n: number,
  M: Float64Array,
  s: Float64Array,
  field: Float64Array,
  members: Int32Array,
  budget: number,
  betas: Float64Array,
  rng: number,
): number {
  let r = xorshiftState(rng);
  const outside = n - budget;
  for (let b = 0; b < betas.length; b++) {
    const beta = betas[b] as number;
    const threshold = SKIP / beta;
    for (let step = 0; step < n; step++) {
      r = xorshift32(r);
      const a = Math.floor(((r >>> 0) * budget) / TWO32);
      r = xorshift32(r);
      const c = budget + Math.floor(((r >>> 0) * outside) / TWO32);
      const i = members[a] as number;
      const j = members[c] as number;
      const d = 2 * ((field[j] as number) - (field[i] as number)) - 4 * (M[i * n + j] as number);
      if (d >= threshold) continue;
      if (d > 0) {
        r = xorshift32(r);
        if (rejects(d * beta, r >>> 0)) continue;
      }
      applySwap(n, M, s, field, members, a, c);
    }
  }
  return r;
}

/**
 * Zero-temperature polish: apply the best improving swap until none improves (at most n^2 swaps, a
 * guard against rounding cycles; each swap lowers the energy).
 */
export function polishSwap(n: number, M: Float64Array, s: Float64Array, field: Float64Array, members: Int32Array, budget: number): void {
  for (let round = 0; round < n * n; round++) {
    let bestA = -1;
    let bestB = -1;
    let bestDelta = 0;
    for (let a = 0; a < budget; a++) {
      const i = members[a] as number;
      const fi = field[i] as number;
      for (let b = budget; b < n; b++) {
        const j = members[b] as number;
        const d = 2 * ((field[j] as number) - fi) - 4 * (M[i * n + j] as number);
        if (d < bestDelta) {
          bestDelta = d;
          bestA = a;
          bestB = b;
        }
      }
    }
    if (bestA < 0) return;
    applySwap(n, M, s, field, members, bestA, bestB);
  }
}
