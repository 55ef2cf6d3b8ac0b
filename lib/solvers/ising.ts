/**
 * Sparse Ising models for the fast annealing kernels: E(s) = offset + sum_i h_i s_i +
 * sum_{i<j} J_ij s_i s_j with spins s_i in {-1, +1}, couplings in CSR form (both directions stored)
 * and, for small n, also as a dense symmetric n x n matrix (zero diagonal).
 *
 * Also the BiqMac / OR-Library sparse QUBO format (first line `N M`, then `i j w` with 1-based
 * i <= j) and its conversion: E(x) = sum_i w_ii x_i + 2 sum_{i<j} w_ij x_i x_j (each off-diagonal
 * entry counts twice, the convention of ../shared/qubo/README.md) with x = (1 + s) / 2; and the
 * same conversion of lib/portfolio's upper-triangular QUBOs (isingFromQubo), done once per problem
 * before annealing.
 */
import type { Qubo } from '../portfolio/types';
import { InvalidSolverOptionError } from './errors';

export interface IsingModel {
  readonly numSpins: number;
  readonly h: Float64Array;
  /** CSR: the neighbours of i are col[rowPtr[i] .. rowPtr[i+1]) with couplings val[..]. */
  readonly rowPtr: Int32Array;
  readonly col: Int32Array;
  readonly val: Float64Array;
  /** Dense couplings (n x n row-major, symmetric, zero diagonal) when n <= DENSE_LIMIT, else null. */
  readonly dense: Float64Array | null;
  readonly offset: number;
}

/** Largest n for which the dense matrix is built (n^2 doubles: 4000 -> 128 MB). */
export const DENSE_LIMIT = 4000;

/**
 * Build a model from edge lists (i < j or i > j; duplicate edges add up; i == j is rejected).
 * @throws InvalidSolverOptionError on a self-coupling or an index out of range
 */
export function isingFromEdges(
  h: ArrayLike<number>,
  I: ArrayLike<number>,
  J: ArrayLike<number>,
  W: ArrayLike<number>,
  offset = 0,
): IsingModel {
  const n = h.length;
  const m = W.length;
  const degree = new Int32Array(n + 1);
  for (let k = 0; k < m; k++) {
    const a = I[k]!;
    const b = J[k]!;
    if (!(a >= 0 && a < n && b >= 0 && b < n) || a === b)
      throw new InvalidSolverOptionError('ising.edges', `edges[${k}]: (${a}, ${b}) must join two different spins in 0..${n - 1}`);
    degree[a + 1]!++;
    degree[b + 1]!++;
  }
  for (let i = 0; i < n; i++) degree[i + 1]! += degree[i]!;
  const fill = degree.slice(0, n);
  const col = new Int32Array(2 * m);
  const val = new Float64Array(2 * m);
  for (let k = 0; k < m; k++) {
    const a = I[k]!;
    const b = J[k]!;
    let at = fill[a]!++;
    col[at] = b;
    val[at] = W[k]!;
    at = fill[b]!++;
    col[at] = a;
    val[at] = W[k]!;
  }
  let dense: Float64Array | null = null;
  if (n <= DENSE_LIMIT) {
    dense = new Float64Array(n * n);
    for (let k = 0; k < m; k++) {
      const a = I[k]! * n + J[k]!;
      const b = J[k]! * n + I[k]!;
      dense[a] = dense[a]! + W[k]!;
      dense[b] = dense[b]! + W[k]!;
    }
  }
  return { numSpins: n, h: Float64Array.from(h), rowPtr: degree, col, val, dense, offset };
}

/** E(s) of spins s (+1 / -1). */
export function isingEnergy(model: IsingModel, s: ArrayLike<number>): number {
  let e = model.offset;
  const { h, rowPtr, col, val } = model;
  for (let i = 0; i < model.numSpins; i++) {
    let f = h[i]!;
    // each edge is stored twice: count the half j > i
    for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) if (col[k]! > i) f += val[k]! * s[col[k]!]!;
    e += s[i]! * f;
  }
  return e;
}

/**
 * dwave-neal's default beta range: hot = ln 2 / (2 max_i (|h_i| + sum_j |J_ij|)) (a flip of the
 * largest effective field accepted half the time), cold = ln(count / 0.01) / (2 min) with `min` the
 * smallest non-zero |bias| and `count` the spins that have it (1 % excitation at the end).
 * @returns [betaHot, betaCold]
 */
export function isingBetaRange(model: IsingModel): [number, number] {
  let maxSum = 0;
  const minOf = new Float64Array(model.numSpins).fill(Infinity);
  for (let i = 0; i < model.numSpins; i++) {
    let sum = Math.abs(model.h[i]!);
    if (model.h[i] !== 0) minOf[i] = Math.abs(model.h[i]!);
    for (let k = model.rowPtr[i]!; k < model.rowPtr[i + 1]!; k++) {
      const w = Math.abs(model.val[k]!);
      sum += w;
      if (w !== 0 && w < minOf[i]!) minOf[i] = w;
    }
    maxSum = Math.max(maxSum, sum);
  }
  if (maxSum === 0) return [1, 1];
  let min = Infinity;
  let count = 0;
  for (const v of minOf) {
    if (v < min) {
      min = v;
      count = 1;
    } else if (v === min) count++;
  }
  const hot = Math.LN2 / (2 * maxSum);
  return [hot, Math.max(hot, Math.log(count / 0.01) / (2 * min))];
}

/** A QUBO in the BiqMac sparse format: n variables and entries (0-based i <= j, weight w). */
export interface SparseQubo {
  readonly numVariables: number;
  readonly i: Int32Array;
  readonly j: Int32Array;
  readonly w: Float64Array;
}

/**
 * Parse the BiqMac / OR-Library sparse QUBO text (`N M`, then M lines `i j w`, 1-based, i <= j).
 * @throws InvalidSolverOptionError naming the line on malformed input
 */
export function parseSparseQubo(text: string): SparseQubo {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  const bad = (line: number, why: string): never => {
    throw new InvalidSolverOptionError('qubo', `line ${line}: ${why}`);
  };
  const head = (lines[0] ?? '').split(/\s+/).map(Number);
  const [n, m] = head;
  if (head.length !== 2 || !Number.isInteger(n) || !Number.isInteger(m) || n! < 1 || m! < 0) bad(1, `expected 'N M' (two non-negative integers), got '${lines[0] ?? ''}'`);
  if (lines.length - 1 !== m) bad(lines.length, `expected ${m} entries after the header, found ${lines.length - 1}`);
  const I = new Int32Array(m!);
  const J = new Int32Array(m!);
  const W = new Float64Array(m!);
  for (let k = 0; k < m!; k++) {
    const parts = lines[k + 1]!.split(/\s+/).map(Number);
    const [a, b, w] = parts;
    if (parts.length !== 3 || !Number.isInteger(a) || !Number.isInteger(b) || !Number.isFinite(w) || a! < 1 || b! < a! || b! > n!)
      bad(k + 2, `expected 'i j w' with 1 <= i <= j <= ${n} and a finite w, got '${lines[k + 1]}'`);
    I[k] = a! - 1;
    J[k] = b! - 1;
    W[k] = w!;
  }
  return { numVariables: n!, i: I, j: J, w: W };
}

/** E(x) of a sparse QUBO (off-diagonal entries count twice), x in {0, 1}^n. */
export function sparseQuboEnergy(q: SparseQubo, x: ArrayLike<number>): number {
  let e = 0;
  for (let k = 0; k < q.w.length; k++) {
    const a = q.i[k]!;
    const b = q.j[k]!;
    if (x[a] && x[b]) e += a === b ? q.w[k]! : 2 * q.w[k]!;
  }
  return e;
}

/**
 * The Ising model of a sparse QUBO under x = (1 + s) / 2: for each off-diagonal entry (weight 2w in
 * E), J_ij = w / 2 and h_i, h_j += w / 2, offset += w / 2; for a diagonal entry h_i += w / 2,
 * offset += w / 2. Energies agree exactly: E_qubo(x) = E_ising(s).
 */
export function isingFromSparseQubo(q: SparseQubo): IsingModel {
  const h = new Float64Array(q.numVariables);
  const I: number[] = [];
  const J: number[] = [];
  const W: number[] = [];
  let offset = 0;
  for (let k = 0; k < q.w.length; k++) {
    const a = q.i[k]!;
    const b = q.j[k]!;
    const w = q.w[k]!;
    offset += w / 2;
    if (a === b) {
      h[a]! += w / 2;
    } else {
      h[a]! += w / 2;
      h[b]! += w / 2;
      I.push(a);
      J.push(b);
      W.push(w / 2);
    }
  }
  return isingFromEdges(h, I, J, W, offset);
}

/**
 * The Ising model of a QUBO of lib/portfolio (E(x) = offset + sum_i Q_ii x_i + sum_{i<j} Q_ij x_i x_j,
 * upper triangle) under x = (1 + s) / 2, i.e. s = 2x - 1: J_ij = Q_ij / 4, h_i = Q_ii / 2 +
 * sum_{j != i} Q_ij / 4, offset = offset + sum_i Q_ii / 2 + sum_{i<j} Q_ij / 4. E_qubo(x) = E_ising(s)
 * up to rounding (a few ulps of the largest term). Zero couplings are left out of the CSR lists.
 */
export function isingFromQubo(qubo: Qubo): IsingModel {
  const n = qubo.numVariables;
  const h = new Float64Array(n);
  const I: number[] = [];
  const J: number[] = [];
  const W: number[] = [];
  let offset = qubo.offset;
  for (let i = 0; i < n; i++) {
    const row = qubo.Q[i]!;
    h[i]! += row[i]! / 2;
    offset += row[i]! / 2;
    for (let j = i + 1; j < n; j++) {
      const w = row[j]!;
      if (w === 0) continue;
      h[i]! += w / 4;
      h[j]! += w / 4;
      offset += w / 4;
      I.push(i);
      J.push(j);
      W.push(w / 4);
    }
  }
  return isingFromEdges(h, I, J, W, offset);
}

/** Spins (+1 / -1) as QUBO variables x = (1 + s) / 2. */
export function bitsOfSpins(spins: ArrayLike<number>): Uint8Array {
  const x = new Uint8Array(spins.length);
  for (let i = 0; i < spins.length; i++) x[i] = spins[i]! > 0 ? 1 : 0;
  return x;
}
