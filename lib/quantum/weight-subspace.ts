/**
 * The Hamming-weight-k subspace of n qubits: the C(n, k) basis states with exactly k ones, the only
 * states a Hamming-weight-preserving circuit (Givens / RBS gates, XY mixers, diagonal gates) started
 * from a weight-k state can reach. For the portfolio problem with budget B these are exactly the
 * feasible selections (k = B).
 *
 * Positions: the subspace's basis states sorted by their basis index (Qiskit order, qubit i = bit i),
 * which is the colexicographic order of k-subsets, so the position of a state is its colex rank
 * rank(x) = sum over the t-th set bit (t = 1..k, ascending) at qubit p of C(p, t). The rank is read
 * from two tables (the low and the high half of the bits), O(1) per state.
 *
 * Sizes: C(20, 10) = 184,756 states (1.5 MB of float64 amplitudes, against 16 MB for 2^20 complex
 * amplitudes), C(24, 12) = 2,704,156.
 *
 * @example
 * const s = new WeightSubspace(4, 2); // states 0b0011, 0b0101, 0b0110, 0b1001, 0b1010, 0b1100
 * s.rank(0b0110); // 2
 */
import { InvalidArgumentError } from './errors';

/** Largest register of a subspace: positions and basis indices are 32-bit integers. */
export const MAX_SUBSPACE_QUBITS = 30;

/** Binomial coefficient C(n, k) as a double (exact below 2^53). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= Math.min(k, n - k); i++) r = (r * (n - Math.min(k, n - k) + i)) / i;
  return Math.round(r);
}

function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Pairs of positions (a, b) where `a` has qubit i = 1, j = 0 and `b` is `a` with i and j swapped. */
export interface PairTable {
  readonly i: number;
  readonly j: number;
  /** Interleaved [a0, b0, a1, b1, ...], C(n - 2, k - 1) pairs, ascending in a. */
  readonly pairs: Int32Array;
}

export class WeightSubspace {
  readonly numQubits: number;
  readonly weight: number;
  /** C(n, k). */
  readonly dimension: number;
  /** Basis index of each position, ascending. */
  readonly states: Uint32Array;
  private readonly lowBits: number;
  /** Rank contribution and popcount of the low half. */
  private readonly lowRank: Int32Array;
  /** highRank[h * (lowBits + 1) + c]: contribution of high half h when c ones lie below it. */
  private readonly highRank: Int32Array;
  private readonly pairCache = new Map<number, PairTable>();

  /**
   * @param numQubits n, 1..30
   * @param weight k, 0..n
   * @throws InvalidArgumentError on n or k out of range
   */
  constructor(numQubits: number, weight: number) {
    if (!Number.isInteger(numQubits) || numQubits < 1 || numQubits > MAX_SUBSPACE_QUBITS) {
      throw new InvalidArgumentError(`numQubits: ${numQubits} is out of range; must be an integer between 1 and ${MAX_SUBSPACE_QUBITS}`, { path: 'numQubits' });
    }
    if (!Number.isInteger(weight) || weight < 0 || weight > numQubits) {
      throw new InvalidArgumentError(`weight: ${weight} is out of range; must be an integer between 0 and ${numQubits}`, { path: 'weight' });
    }
    this.numQubits = numQubits;
    this.weight = weight;
    this.dimension = binomial(numQubits, weight);
    this.lowBits = numQubits >> 1;
    const highBits = numQubits - this.lowBits;
    const lowSize = 1 << this.lowBits;
    this.lowRank = new Int32Array(lowSize);
    for (let x = 0; x < lowSize; x++) {
      let r = 0;
      let t = 0;
      for (let p = 0; p < this.lowBits; p++) if ((x >>> p) & 1) r += binomial(p, ++t);
      this.lowRank[x] = r;
    }
    const stride = this.lowBits + 1;
    this.highRank = new Int32Array((1 << highBits) * stride);
    for (let h = 0; h < 1 << highBits; h++) {
      for (let c = 0; c <= this.lowBits; c++) {
        let r = 0;
        let t = c;
        for (let p = 0; p < highBits; p++) if ((h >>> p) & 1) r += binomial(p + this.lowBits, ++t);
        this.highRank[h * stride + c] = r;
      }
    }
    this.states = new Uint32Array(this.dimension);
    if (this.dimension > 0) {
      // Gosper's hack: the next larger integer with the same popcount.
      let x = weight === 0 ? 0 : 2 ** weight - 1;
      for (let r = 0; r < this.dimension; r++) {
        this.states[r] = x;
        if (x === 0) break;
        const c = x & -x;
        const s = x + c;
        x = s + Math.floor((s ^ x) / c / 4);
      }
    }
  }

  /** Position of basis index `x` (which must have weight k). */
  rank(x: number): number {
    const low = x & ((1 << this.lowBits) - 1);
    const high = x >>> this.lowBits; // x < 2^30: exact
    return (this.lowRank[low] as number) + (this.highRank[high * (this.lowBits + 1) + popcount32(low)] as number);
  }

  /**
   * The pair table of qubits (i, j), i != j, built on first use and kept.
   * @throws InvalidArgumentError when i or j is not a qubit of the register or i == j
   */
  pairs(i: number, j: number): PairTable {
    const n = this.numQubits;
    if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i >= n || j >= n || i === j) {
      throw new InvalidArgumentError(`pair (${i}, ${j}): must be two different qubits between 0 and ${n - 1}`, { path: 'pairs' });
    }
    const key = i * n + j;
    const cached = this.pairCache.get(key);
    if (cached) return cached;
    const bi = 2 ** i;
    const bj = 2 ** j;
    const out = new Int32Array(2 * binomial(n - 2, this.weight - 1));
    let m = 0;
    for (let a = 0; a < this.dimension; a++) {
      const x = this.states[a] as number; // uint32: the shifts below are exact
      if (((x >>> i) & 1) === 1 && ((x >>> j) & 1) === 0) {
        out[m++] = a;
        out[m++] = this.rank(x - bi + bj);
      }
    }
    const table = { i, j, pairs: out };
    this.pairCache.set(key, table);
    return table;
  }

  /** The subspace amplitudes of `vector` (length dimension) as a full 2^n real vector. */
  embed(vector: ArrayLike<number>): Float64Array {
    const full = new Float64Array(2 ** this.numQubits);
    for (let r = 0; r < this.dimension; r++) full[this.states[r] as number] = vector[r] as number;
    return full;
  }
}
