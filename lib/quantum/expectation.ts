/**
 * Expectation values and CVaR of a diagonal (Ising) observable.
 *
 * Energies: basis state k has spins z_i = +1 when bit i of k is 0 and -1 when it is 1 (see
 * observable.ts), so `energies[k] = offset + Σ h_i z_i + Σ_{i<j} J_ij z_i z_j`.
 *
 * CVaR follows Barkoutsos, Nannicini, Robert, Tavernelli, Woerner, "Improving Variational Quantum
 * Optimization using CVaR", Quantum 4, 256 (2020): for alpha in (0, 1], CVaR_alpha is the mean
 * energy of the lowest alpha-fraction of the probability mass, the boundary state counted with the
 * fraction of its mass that fits; alpha = 1 gives the expectation value, alpha -> 0 the minimum
 * energy in the support.
 *
 * @example
 * const energies = diagonalEnergies(hamiltonian); // once per problem
 * const order = energyOrder(energies);             // once per problem
 * cvar(probabilities(state), energies, 0.1, order);
 */
import { InvalidArgumentError } from './errors';
import type { IsingHamiltonian } from './observable';

function finite(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidArgumentError(`${path}: ${String(value)} must be a finite number`, { path });
  }
  return value;
}

/**
 * The energy of each of the 2^n basis states, length 2^n.
 *
 * Built by doubling in O(2^n) time: with x < 2^k (bits k.. zero), setting bit k flips z_k from +1
 * to -1 and changes the energy by `Δ_k(x) = c_k + Σ_{j<k} 4 J_jk b_j(x)`, where
 * `c_k = -2 (h_k + Σ_{j≠k} J_jk)`; Δ_k itself is tabulated by doubling over the bits below k.
 *
 * @throws InvalidArgumentError on a shape mismatch, a non-finite coefficient or n outside 1..30
 */
export function diagonalEnergies(hamiltonian: IsingHamiltonian): Float64Array {
  const n = hamiltonian.numQubits;
  if (!Number.isInteger(n) || n < 1 || n > 30) {
    throw new InvalidArgumentError(`numQubits: ${n} is out of range; must be an integer between 1 and 30`, {
      path: 'numQubits',
    });
  }
  if (hamiltonian.h.length !== n) {
    throw new InvalidArgumentError(`h.length: ${hamiltonian.h.length} must equal numQubits ${n}`, { path: 'h' });
  }
  if (hamiltonian.J.length !== n) {
    throw new InvalidArgumentError(`J.length: ${hamiltonian.J.length} must equal numQubits ${n}`, { path: 'J' });
  }
  const h = hamiltonian.h.map((v, i) => finite(v, `h[${i}]`));
  // symmetric coupling from the strict upper triangle
  const J: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const row = hamiltonian.J[i] as readonly number[];
    if (row.length !== n) {
      throw new InvalidArgumentError(`J[${i}].length: ${row.length} must equal numQubits ${n}`, { path: `J[${i}]` });
    }
    for (let j = i + 1; j < n; j++) {
      const v = finite(row[j], `J[${i}][${j}]`);
      (J[i] as number[])[j] = v;
      (J[j] as number[])[i] = v;
    }
  }
  const offset = finite(hamiltonian.offset, 'offset');

  const size = 2 ** n;
  const energies = new Float64Array(size);
  const delta = new Float64Array(size >> 1);
  // all spins up
  let e0 = offset;
  for (let i = 0; i < n; i++) {
    e0 += h[i] as number;
    for (let j = i + 1; j < n; j++) e0 += (J[i] as number[])[j] as number;
  }
  energies[0] = e0;
  for (let k = 0; k < n; k++) {
    const Jk = J[k] as number[];
    let ck = h[k] as number;
    for (let j = 0; j < n; j++) if (j !== k) ck += Jk[j] as number;
    delta[0] = -2 * ck;
    for (let j = 0; j < k; j++) {
      const w = 4 * (Jk[j] as number);
      const half = 1 << j;
      for (let x = 0; x < half; x++) delta[x + half] = (delta[x] as number) + w;
    }
    const half = 1 << k;
    for (let x = 0; x < half; x++) energies[x + half] = (energies[x] as number) + (delta[x] as number);
  }
  return energies;
}

function checkLengths(probabilities: ArrayLike<number>, energies: ArrayLike<number>): void {
  if (probabilities.length !== energies.length) {
    throw new InvalidArgumentError(
      `probabilities.length: ${probabilities.length} must equal energies.length ${energies.length}`,
      { path: 'probabilities' },
    );
  }
}

function checkAlpha(alpha: number): void {
  if (!(alpha > 0 && alpha <= 1)) {
    throw new InvalidArgumentError(`alpha: ${alpha} is out of range; must be in (0, 1]`, { path: 'alpha' });
  }
}

/** Σ_k p_k E_k: the expectation of the diagonal observable (probabilities assumed normalized). */
export function expectationValue(probabilities: Float64Array, energies: Float64Array): number {
  checkLengths(probabilities, energies);
  let sum = 0;
  for (let k = 0; k < energies.length; k++) sum += (probabilities[k] as number) * (energies[k] as number);
  return sum;
}

/** Largest state count sorted by radix sort (it needs 24 bytes per state: 1.5 GiB at 2^26). */
export const RADIX_ORDER_MAX_STATES = 2 ** 26;

/**
 * Basis indices sorted by ascending energy (ties by ascending index), computed once per problem
 * and passed to `cvar` so no sort happens per evaluation. A stable LSD radix sort over the 64-bit
 * order-preserving image of each energy (IEEE 754 bits, sign flipped for positives and all bits
 * for negatives; -0 taken as +0), four passes of 16 bits: O(2^n), about 4x less CPU than the
 * comparison sort at 2^22 states. Above RADIX_ORDER_MAX_STATES the comparison sort (less memory).
 * Both give the same order.
 */
export function energyOrder(energies: Float64Array): Uint32Array {
  const steps = energyOrderSteps(energies);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * `energyOrder` in steps: the generator yields after about `chunk` elements of work, so a caller
 * can keep its event loop (and its time budget) alive during a long sort: 2^24 states are some 70
 * steps. Arrays of at most `chunk` elements, and the comparison-sort fallback, are one step.
 */
export function* energyOrderSteps(energies: Float64Array, chunk = 1 << 20): Generator<void, Uint32Array, void> {
  const n = energies.length;
  if (n > RADIX_ORDER_MAX_STATES) {
    const order = new Uint32Array(n);
    for (let k = 0; k < n; k++) order[k] = k;
    order.sort((a, b) => (energies[a] as number) - (energies[b] as number) || a - b);
    return order;
  }
  // keys: the order-preserving unsigned image of each energy, as (hi, lo) 32-bit words
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const [LO, HI] = little ? [0, 1] : [1, 0];
  let hi = new Uint32Array(n);
  let lo = new Uint32Array(n);
  let idx = new Uint32Array(n);
  for (let start = 0; start < n; start += chunk) {
    const end = Math.min(n, start + chunk);
    for (let k = start; k < end; k++) {
      bits[0] = (energies[k] as number) + 0; // -0 -> +0
      const h = words[HI] as number;
      const l = words[LO] as number;
      const negative = h >>> 31 === 1;
      hi[k] = negative ? ~h >>> 0 : (h | 0x80000000) >>> 0;
      lo[k] = negative ? ~l >>> 0 : l;
      idx[k] = k;
    }
    if (n > chunk) yield;
  }
  let hi2 = new Uint32Array(n);
  let lo2 = new Uint32Array(n);
  let idx2 = new Uint32Array(n);
  const counts = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const src = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((src[i] as number) >>> shift) & 0xffff]!++;
    if (counts[((src[0] as number) >>> shift) & 0xffff] === n) continue; // one digit value: the order stands
    let total = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d] as number;
      counts[d] = total;
      total += c;
    }
    if (n > chunk) yield;
    for (let start = 0; start < n; start += chunk) {
      const end = Math.min(n, start + chunk);
      for (let i = start; i < end; i++) {
        const at = counts[((src[i] as number) >>> shift) & 0xffff]!++;
        hi2[at] = hi[i] as number;
        lo2[at] = lo[i] as number;
        idx2[at] = idx[i] as number;
      }
      if (n > chunk) yield;
    }
    [hi, hi2] = [hi2, hi];
    [lo, lo2] = [lo2, lo];
    [idx, idx2] = [idx2, idx];
  }
  return idx;
}

/**
 * Per order array (computed once): the energies in walk order, the rank of each basis index in the
 * order, and a buffer for the probabilities in walk order.
 */
interface WalkTables {
  readonly energies: Float64Array;
  readonly sorted: Float64Array;
  readonly rank: Uint32Array;
  readonly inOrder: Float64Array;
}

const TABLES = new WeakMap<Uint32Array, WalkTables>();

function walkTables(energies: Float64Array, order: Uint32Array): WalkTables {
  const hit = TABLES.get(order);
  if (hit !== undefined && hit.energies === energies) return hit;
  const size = order.length;
  const sorted = new Float64Array(size);
  const rank = new Uint32Array(size);
  for (let r = 0; r < size; r++) {
    const k = order[r]!;
    sorted[r] = energies[k]!;
    rank[k] = r;
  }
  const tables = { energies, sorted, rank, inOrder: new Float64Array(size) };
  TABLES.set(order, tables);
  return tables;
}

/** Entries the CVaR walk gathers one by one before it scatters all probabilities into walk order. */
const GATHER_FIRST = 4096;

/**
 * CVaR_alpha of the energy distribution (Barkoutsos et al. 2020): walk the basis states by
 * ascending energy, accumulating probability mass until it reaches alpha; the boundary state
 * contributes only the missing fraction; the result is the accumulated Σ p E divided by alpha.
 * If the vector holds slightly less than alpha in total (rounding), the mean over all of it is
 * returned. alpha = 1 gives `expectationValue`.
 *
 * @param order ascending-energy order from `energyOrder(energies)`; computed here when absent
 * @throws InvalidArgumentError when alpha is not in (0, 1] or the lengths differ
 */
export function cvar(
  probabilities: Float64Array,
  energies: Float64Array,
  alpha: number,
  order: Uint32Array = energyOrder(energies),
): number {
  checkAlpha(alpha);
  checkLengths(probabilities, energies);
  if (order.length !== energies.length) {
    throw new InvalidArgumentError(`order.length: ${order.length} must equal energies.length ${energies.length}`, {
      path: 'order',
    });
  }
  // Walk in energy order. The first entries are gathered one by one (a concentrated distribution
  // reaches alpha early); past them every probability is scattered into walk order in one streaming
  // pass (random stores overlap, random loads wait) and the walk goes on sequentially. Either way the
  // sum runs over the same entries in the same order.
  const t = walkTables(energies, order);
  const size = order.length;
  const first = Math.max(GATHER_FIRST, size >> 4);
  let mass = 0;
  let sum = 0;
  let r = 0;
  for (; r < size && r < first; r++) {
    const p = probabilities[order[r]!]!;
    if (p <= 0) continue;
    const e = t.sorted[r]!;
    if (mass + p >= alpha) return (sum + (alpha - mass) * e) / alpha;
    mass += p;
    sum += p * e;
  }
  if (r < size) {
    const inOrder = t.inOrder;
    const rank = t.rank;
    for (let k = 0; k < size; k++) inOrder[rank[k]!] = probabilities[k]!;
    for (; r < size; r++) {
      const p = inOrder[r]!;
      if (p <= 0) continue;
      const e = t.sorted[r]!;
      if (mass + p >= alpha) return (sum + (alpha - mass) * e) / alpha;
      mass += p;
      sum += p * e;
    }
  }
  return mass > 0 ? sum / mass : NaN;
}

/**
 * CVaR_alpha from measured counts (basis index -> count): the same definition with the empirical
 * distribution count / shots. O(m log m) for m distinct outcomes.
 * @throws InvalidArgumentError when alpha is not in (0, 1], there are no shots, or an index has no energy
 */
export function cvarFromCounts(counts: ReadonlyMap<number, number>, energies: Float64Array, alpha: number): number {
  checkAlpha(alpha);
  let shots = 0;
  const outcomes: number[] = [];
  for (const [k, c] of counts) {
    if (!Number.isInteger(k) || k < 0 || k >= energies.length) {
      throw new InvalidArgumentError(`counts: index ${k} is out of range; must be between 0 and ${energies.length - 1}`, {
        path: 'counts',
      });
    }
    if (!(c >= 0) || !Number.isFinite(c)) {
      throw new InvalidArgumentError(`counts: count ${c} for index ${k} must be a finite number >= 0`, { path: 'counts' });
    }
    if (c > 0) outcomes.push(k);
    shots += c;
  }
  if (shots <= 0) throw new InvalidArgumentError('counts: there are no shots', { path: 'counts' });
  outcomes.sort((a, b) => (energies[a] as number) - (energies[b] as number) || a - b);
  const target = alpha * shots; // work in counts to avoid dividing each one
  let mass = 0;
  let sum = 0;
  for (const k of outcomes) {
    const c = counts.get(k) as number;
    const e = energies[k] as number;
    if (mass + c >= target) return (sum + (target - mass) * e) / target;
    mass += c;
    sum += c * e;
  }
  return sum / mass;
}
