/**
 * QUBO form of the portfolio problem: the budget constraint sum(x) = B moves into the objective as a
 * penalty,
 *
 *   E(x) = q x^T Sigma x - mu^T x + P (sum(x) - B)^2
 *        = offset + sum_i Q[i][i] x_i + sum_{i<j} Q[i][j] x_i x_j        (x_i^2 = x_i on {0,1})
 *
 * with Q[i][i] = q Sigma_ii - mu_i + P (1 - 2B), Q[i][j] = 2 q Sigma_ij + 2P (i < j), offset = P B^2.
 * This is what qiskit-optimization's `LinearEqualityToPenalty` produces for qiskit-finance's
 * `PortfolioOptimization.to_quadratic_program()`.
 */

import { invalidProblem, showValue } from './errors';
import type { Ising, PortfolioProblem, Qubo } from './types';

export interface QuboOptions {
  /** Penalty weight P > 0 of (sum(x) - B)^2; default `defaultPenalty(problem)`. */
  readonly penalty?: number;
}

/** A portfolio QUBO with the penalty weight and budget it was built with. */
export interface PortfolioQubo extends Qubo {
  readonly penalty: number;
  readonly budget: number;
}

/**
 * The default penalty weight
 *
 *   P = 1 + sum_i |mu_i| + sum_i q |Sigma_ii| + sum_{i<j} 2 q |Sigma_ij|,
 *
 * i.e. 1 + the sum of the absolute values of all linear and quadratic coefficients of the objective
 * f(x) = sum_i (-mu_i) x_i + sum_i q Sigma_ii x_i^2 + sum_{i<j} 2 q Sigma_ij x_i x_j.
 *
 * Why every infeasible x is then worse than every feasible y: each monomial of f is 0 or 1 on {0,1}^n,
 * so Neg <= f(x) <= Pos for all x, where Pos / Neg are the sums of the positive / negative
 * coefficients; hence the spread max f - min f <= Pos - Neg = sum of |coefficients| = P - 1. An
 * infeasible x has an integer sum(x) - B != 0, so (sum(x) - B)^2 >= 1 and
 *   E(x) >= f(x) + P >= Neg + 1 + (Pos - Neg) = Pos + 1 > Pos >= f(y) = E(y),
 * a margin of at least 1 (far above rounding error for double-precision energies).
 *
 * This is the same value qiskit-optimization's `LinearEqualityToPenalty` picks by default
 * (`_auto_define_penalty`: 1 + sum of |linear| + sum of |quadratic| objective coefficients, used when
 * the constraint coefficients and right-hand side are integers, as sum(x) = B has).
 */
export function defaultPenalty(problem: PortfolioProblem): number {
  const { mu, sigma, riskFactor: q } = problem;
  const n = mu.length;
  let sum = 1;
  for (let i = 0; i < n; i++) {
    sum += Math.abs(mu[i]!);
    const row = sigma[i]!;
    sum += q * Math.abs(row[i]!);
    for (let j = i + 1; j < n; j++) sum += 2 * q * Math.abs(row[j]!);
  }
  return sum;
}

/**
 * Builds the QUBO of `problem` (upper-triangular `Q`, lower triangle zero; see the module docstring).
 * @throws PortfolioError `INVALID_PROBLEM` (field `penalty`) when the penalty is not a finite number > 0.
 * @example quboEnergy(toQubo(problem), x) === objective(problem, x) + P * (sum(x) - B) ** 2
 */
export function toQubo(problem: PortfolioProblem, options: QuboOptions = {}): PortfolioQubo {
  const penalty = options.penalty ?? defaultPenalty(problem);
  if (typeof penalty !== 'number' || !Number.isFinite(penalty) || penalty <= 0) {
    throw invalidProblem(
      'penalty',
      `penalty: ${showValue(penalty)} is out of range; must be a finite number > 0 ` +
        '(omit it for the default that keeps every infeasible selection above every feasible one)',
      {
        value: String(penalty),
      },
    );
  }
  const B = problem.budget;
  const n = problem.mu.length;
  const Q = objectiveQubo(problem).Q.map((row, i) => row.map((v, j) => (j < i ? 0 : j === i ? v + penalty * (1 - 2 * B) : v + 2 * penalty)));
  return { numVariables: n, Q, offset: penalty * B * B, penalty, budget: B };
}

/**
 * The objective q x^T Sigma x - mu^T x alone as a QUBO (no budget penalty): Q_ii = q Sigma_ii - mu_i,
 * Q_ij = 2 q Sigma_ij (i < j), offset 0. For methods that keep sum(x) = B themselves (swap moves,
 * the XY mixer), on whose states the penalty would be a constant.
 */
export function objectiveQubo(problem: PortfolioProblem): Qubo {
  const { mu, sigma, riskFactor: q } = problem;
  const n = mu.length;
  const Q: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row = new Array<number>(n).fill(0);
    row[i] = q * sigma[i]![i]! - mu[i]!;
    for (let j = i + 1; j < n; j++) row[j] = 2 * q * sigma[i]![j]!;
    Q.push(row);
  }
  return { numVariables: n, Q, offset: 0 };
}

function checkLength(field: string, length: number, n: number): void {
  if (length !== n) {
    throw invalidProblem(field, `${field}: has length ${length}; must have length ${n} (one entry per variable)`, {
      length,
      expectedLength: n,
    });
  }
}

/** E(x) = offset + sum_i Q_ii x_i + sum_{i<j} Q_ij x_i x_j for x in {0,1}^n (only x_i = 1 counts). */
export function quboEnergy(qubo: Qubo, x: ArrayLike<number>): number {
  const n = qubo.numVariables;
  checkLength('x', x.length, n);
  let energy = qubo.offset;
  for (let i = 0; i < n; i++) {
    if (x[i] !== 1) continue;
    const row = qubo.Q[i]!;
    energy += row[i]!;
    for (let j = i + 1; j < n; j++) if (x[j] === 1) energy += row[j]!;
  }
  return energy;
}

/**
 * The Ising form under x_i = (1 - z_i) / 2 (z_i = +1 for x_i = 0, z_i = -1 for x_i = 1):
 *   J_ij = Q_ij / 4 (i < j),  h_i = -Q_ii / 2 - sum_{j != i} Q_{min(i,j) max(i,j)} / 4,
 *   offset = offset_Q + sum_i Q_ii / 2 + sum_{i<j} Q_ij / 4,
 * so that isingEnergy(toIsing(qubo), z) = quboEnergy(qubo, x) for z = 1 - 2x. `J` is n x n with only
 * the strict upper triangle non-zero.
 * @throws PortfolioError `INVALID_PROBLEM` (field `qubo.Q`) when Q is not n x n.
 */
export function toIsing(qubo: Qubo): Ising {
  const n = qubo.numVariables;
  checkLength('qubo.Q', qubo.Q.length, n);
  qubo.Q.forEach((row) => checkLength('qubo.Q', row.length, n));
  const h = new Array<number>(n).fill(0);
  const J: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  let offset = qubo.offset;
  for (let i = 0; i < n; i++) {
    const row = qubo.Q[i]!;
    offset += row[i]! / 2;
    h[i] = h[i]! - row[i]! / 2;
    for (let j = i + 1; j < n; j++) {
      const quarter = row[j]! / 4;
      J[i]![j] = quarter;
      h[i] = h[i]! - quarter;
      h[j] = h[j]! - quarter;
      offset += quarter;
    }
  }
  return { numQubits: n, h, J, offset };
}

/** H(z) = offset + sum_i h_i z_i + sum_{i<j} J_ij z_i z_j for z in {+1, -1}^n. */
export function isingEnergy(ising: Ising, z: ArrayLike<number>): number {
  const n = ising.numQubits;
  checkLength('z', z.length, n);
  let energy = ising.offset;
  for (let i = 0; i < n; i++) {
    const zi = z[i]!;
    energy += ising.h[i]! * zi;
    const row = ising.J[i]!;
    for (let j = i + 1; j < n; j++) energy += row[j]! * zi * z[j]!;
  }
  return energy;
}
