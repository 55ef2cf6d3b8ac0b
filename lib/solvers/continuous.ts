/**
 * The continuous Markowitz reference of a PortfolioModel: the same objective and limits with real
 * instead of whole lots, as PyPortfolioOpt's `EfficientFrontier.max_quadratic_utility` gives it
 * (long only, weight bounds, sector constraints, L1 transaction costs; Martin, "PyPortfolioOpt:
 * portfolio optimization in Python", JOSS 6(61), 3066 (2021)):
 *
 *   minimise  q k^T Sigma k - mu^T k + sum_i c_i |k_i - h_i|    over real k with sum k = L,
 *             L minWeight_i <= k_i <= L maxWeight_i,  sum_{i in s} k_i <= L cap_s,
 *
 * i.e. maximise mu^T w - (delta / 2) w^T Sigma w - costs with w = k / L and risk aversion
 * delta = 2 q L. The absolute value is split into buy and sell parts (k = h + b - s, b, s >= 0), exact
 * for positive costs.
 *
 * Solver: the dual active-set method of Goldfarb & Idnani, "A numerically stable dual method for
 * solving strictly convex quadratic programs", Math. Prog. 27, 1 (1983), as the npm package
 * `quadprog` (a port of R's quadprog). It needs a positive definite Hessian: the objective is scaled
 * so the largest Hessian entry is 1 and 1e-9 is added on the diagonal (the buy/sell parts have no
 * curvature), which moves the optimum by O(1e-9) relative. (HiGHS's QP solver, tried first, stalls on
 * these problems when the transaction costs dwarf the curvature: measured on 40 random models.)
 */
import { solveQP } from 'quadprog';
import type { PortfolioModel } from '../portfolio/model';
import { evaluateLots, type LotEvaluation } from '../portfolio/model-decode';
import { InvalidSolverOptionError } from './errors';

/** The diagonal regularisation after scaling (module docstring). */
export const QP_REGULARIZATION = 1e-9;

export interface ContinuousReference {
  /** Real lots, shape (n), summing to L. */
  readonly lots: readonly number[];
  /** Weights k / L, shape (n). */
  readonly weights: readonly number[];
  /** The model objective at the real lots (lot units), as evaluateLots computes it. */
  readonly evaluation: LotEvaluation;
  readonly solver: string;
}

/** A 1-based (R / Fortran layout) n x m matrix of zeros, as quadprog takes them. */
function matrix(rows: number, cols: number): number[][] {
  return Array.from({ length: rows + 1 }, () => new Array<number>(cols + 1).fill(0));
}

/** Zero, in place, every entry of `rows` below 1e-15 times the largest |entry|. */
function flushTiny(rows: number[][]): void {
  let big = 0;
  for (const row of rows) for (const v of row) if (Number.isFinite(v)) big = Math.max(big, Math.abs(v));
  for (const row of rows) for (let i = 0; i < row.length; i++) if (Math.abs(row[i]!) < 1e-15 * big) row[i] = 0;
}

/**
 * Solve the continuous relaxation (real bounds L * minWeight .. L * maxWeight, before rounding to whole lots).
 * @throws InvalidSolverOptionError when the relaxation has no feasible point.
 */
export function continuousReference(model: PortfolioModel): ContinuousReference {
  const n = model.tickers.length;
  const q = model.riskFactor;
  const L = model.lots;
  const h = model.holdingsLots;
  const m = h ? 3 * n : n; // variables: k, then b and s with holdings
  let hess = 0;
  let lin = 0;
  for (let i = 0; i < n; i++) {
    lin = Math.max(lin, Math.abs(model.mu[i]!), model.costPerLot[i]!);
    for (let j = 0; j < n; j++) hess = Math.max(hess, Math.abs(2 * q * model.sigma[i]![j]!));
  }
  const scale = hess > 0 ? 1 / hess : lin > 0 ? 1 / lin : 1;
  // min 1/2 x^T D x - d^T x
  const D = matrix(m, m);
  const d = new Array<number>(m + 1).fill(0);
  for (let a = 1; a <= m; a++) D[a]![a] = QP_REGULARIZATION;
  for (let i = 0; i < n; i++) {
    d[i + 1] = scale * model.mu[i]!;
    for (let j = 0; j < n; j++) D[i + 1]![j + 1]! += 2 * scale * q * model.sigma[i]![j]!;
    if (h) {
      d[n + i + 1] = -scale * model.costPerLot[i]!;
      d[2 * n + i + 1] = -scale * model.costPerLot[i]!;
    }
  }
  // Constraints A^T x >= b0, the first `meq` equalities: budget, trades; then bounds and sectors.
  const columns: { a: [number, number][]; b: number }[] = [];
  columns.push({ a: Array.from({ length: n }, (_, i) => [i + 1, 1] as [number, number]), b: L });
  if (h) for (let i = 0; i < n; i++) columns.push({ a: [[i + 1, 1], [n + i + 1, -1], [2 * n + i + 1, 1]], b: h[i]! });
  const meq = columns.length;
  for (let i = 0; i < n; i++) {
    columns.push({ a: [[i + 1, 1]], b: model.minWeight[i]! * L });
    columns.push({ a: [[i + 1, -1]], b: -model.maxWeight[i]! * L });
    if (h) columns.push({ a: [[n + i + 1, 1]], b: 0 }, { a: [[2 * n + i + 1, 1]], b: 0 });
  }
  for (const s of model.sectors) columns.push({ a: s.assets.map((i) => [i + 1, -1] as [number, number]), b: -s.maxWeight * L });
  const A = matrix(m, columns.length);
  const b0 = new Array<number>(columns.length + 1).fill(0);
  columns.forEach((c, col) => {
    for (const [row, v] of c.a) A[row]![col + 1] = v;
    b0[col + 1] = c.b;
  });
  // Entries below 1e-15 of the largest cannot move the result beyond rounding; flushing them keeps
  // the Cholesky factorisation inside quadprog away from underflow (it returned NaN otherwise).
  flushTiny(D);
  flushTiny([d]);
  const result = solveQP(D, d, A, b0, meq);
  if (result.message)
    throw new InvalidSolverOptionError('model', `the continuous reference has no solution (quadprog: ${result.message}); the weight limits and sector caps leave no real weights`);
  const lots = Array.from({ length: n }, (_, i) => result.solution[i + 1]!);
  return { lots, weights: lots.map((v) => v / L), evaluation: evaluateLots(model, lots), solver: 'quadprog 1.6.1 (Goldfarb-Idnani)' };
}

/**
 * How far the whole-lot answer is from the continuous optimum: the objective gap (>= 0 up to the
 * solver's tolerance, lot units) and the annualised tracking error sqrt(252 d^T Sigma d) of the weight
 * difference d (a fraction: 0.01 = 1 % a year).
 */
export function distanceToContinuous(model: PortfolioModel, integer: LotEvaluation, continuous: ContinuousReference): { objectiveGap: number; trackingErrorAnnual: number } {
  const n = model.tickers.length;
  const d = integer.weights.map((w, i) => w - continuous.weights[i]!);
  let v = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) v += d[i]! * model.sigma[i]![j]! * d[j]!;
  return { objectiveGap: integer.objective - continuous.evaluation.objective, trackingErrorAnnual: Math.sqrt(Math.max(0, v) * 252) };
}
