/**
 * The portfolio problem (qiskit-finance `PortfolioOptimization`): over x in {0,1}^n minimise
 *
 *   f(x) = q * x^T Sigma x - mu^T x    subject to    sum(x) = B,
 *
 * with mu the expected daily returns, Sigma their covariance (daily units), q >= 0 the risk factor and
 * B the budget (number of assets to hold, 0 < B < n).
 */

import { invalidProblem, showValue } from './errors';
import { symmetricEigenvalues } from './psd';
import type { PortfolioProblem } from './types';

/** Input of `createProblem`; extra fields (e.g. a whole `ReturnStatistics`) are ignored. */
export interface PortfolioProblemInput {
  readonly tickers: readonly string[];
  readonly mu: readonly number[];
  readonly sigma: readonly (readonly number[])[];
  readonly riskFactor: number;
  readonly budget: number;
}

/** Relative tolerance of the symmetry check of Sigma (relative to the largest |Sigma| entry). */
export const SIGMA_SYMMETRY_TOLERANCE = 1e-9;

/**
 * Positive semi-definiteness tolerance of Sigma: its smallest eigenvalue may be down to
 * -SIGMA_PSD_TOLERANCE times its largest absolute eigenvalue (rounding of a sample covariance
 * leaves about 1e-16; a hand-made or rounded matrix can be indefinite, and is refused).
 */
export const SIGMA_PSD_TOLERANCE = 1e-8;

/**
 * Largest scale of the objective's coefficients, q * sum|Sigma_ij| + sum|mu_i| (the default budget
 * penalty is 1 + this): beyond it the QUBO and Ising energies (sums of up to n^2 such terms, and
 * their squares in the optimizers' statistics) would overflow to Infinity and NaN.
 */
export const MAX_OBJECTIVE_SCALE = 1e150;

function checkTickers(tickers: unknown): readonly string[] {
  if (!Array.isArray(tickers) || tickers.some((t) => typeof t !== 'string' || t === '')) {
    throw invalidProblem(
      'tickers',
      `tickers: ${showValue(tickers)} is not a list of ticker names; give non-empty strings`,
      { value: tickers },
    );
  }
  if (tickers.length < 2) {
    throw invalidProblem(
      'tickers',
      `tickers: ${tickers.length} asset${tickers.length === 1 ? '' : 's'} given; need at least ` +
        '2 so that a budget 0 < B < n exists',
      { count: tickers.length },
    );
  }
  const duplicate = tickers.find((t, i) => tickers.indexOf(t) !== i) as string | undefined;
  if (duplicate !== undefined) {
    throw invalidProblem('tickers', `tickers: ${showValue(duplicate)} is listed twice; list each asset once`, {
      value: duplicate,
    });
  }
  return tickers as string[];
}

function checkVector(field: string, value: unknown, n: number, label = field): number[] {
  if (!Array.isArray(value) || value.length !== n) {
    const shape = Array.isArray(value) ? `has length ${value.length}` : `${showValue(value)} is not an array`;
    throw invalidProblem(field, `${label}: ${shape}; must be an array of ${n} numbers (one per ticker)`, {
      expectedLength: n,
      length: Array.isArray(value) ? value.length : undefined,
    });
  }
  value.forEach((v: unknown, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw invalidProblem(
        field,
        `${label}[${i}]: ${showValue(v)} is not a finite number; every entry must be finite`,
        { index: i, value: String(v) },
      );
    }
  });
  return [...(value as number[])];
}

/** Checks shape, finiteness, symmetry and the diagonal; returns the symmetrised copy (S + S^T) / 2. */
function checkSigma(value: unknown, n: number): number[][] {
  if (!Array.isArray(value) || value.length !== n) {
    const shape = Array.isArray(value) ? `has ${value.length} rows` : `${showValue(value)} is not an array`;
    throw invalidProblem('sigma', `sigma: ${shape}; must be ${n} x ${n} (one row and one column per ticker)`, {
      expectedShape: [n, n],
    });
  }
  const rows = value.map((row: unknown, i) => checkVector('sigma', row, n, `sigma[${i}]`));
  let scale = 0;
  for (const row of rows) for (const v of row) scale = Math.max(scale, Math.abs(v));
  const tolerance = SIGMA_SYMMETRY_TOLERANCE * scale;
  for (let i = 0; i < n; i++) {
    const diagonal = rows[i]![i]!;
    if (diagonal < 0) {
      throw invalidProblem(
        'sigma',
        `sigma[${i}][${i}]: ${diagonal} is a negative variance; a covariance matrix has a diagonal >= 0`,
        { row: i, col: i, value: diagonal },
      );
    }
    for (let j = i + 1; j < n; j++) {
      const a = rows[i]![j]!;
      const b = rows[j]![i]!;
      if (Math.abs(a - b) > tolerance) {
        throw invalidProblem(
          'sigma',
          `sigma: not symmetric: sigma[${i}][${j}] = ${a} but sigma[${j}][${i}] = ${b}; ` +
            `they must agree within ${SIGMA_SYMMETRY_TOLERANCE} relative to the largest entry`,
          { row: i, col: j, value: a, transposed: b },
        );
      }
      const mean = (a + b) / 2;
      rows[i]![j] = mean;
      rows[j]![i] = mean;
    }
  }
  checkPositiveSemidefinite(rows);
  return rows;
}

/** Sigma's eigenvalues must be >= -SIGMA_PSD_TOLERANCE x the largest (a variance x'Σx is never negative). */
function checkPositiveSemidefinite(sigma: readonly (readonly number[])[]): void {
  const eigenvalues = symmetricEigenvalues(sigma);
  const smallest = eigenvalues[0]!;
  const largest = Math.max(Math.abs(smallest), Math.abs(eigenvalues[eigenvalues.length - 1]!));
  if (smallest < -SIGMA_PSD_TOLERANCE * largest) {
    throw invalidProblem(
      'sigma',
      `sigma: not positive semi-definite: its smallest eigenvalue is ${Number(smallest.toPrecision(4))}, below -${SIGMA_PSD_TOLERANCE} x its largest ` +
        `(${Number(largest.toPrecision(4))}), so some portfolio would have a negative variance; give a covariance matrix ` +
        '(e.g. a sample covariance of returns) or clip its negative eigenvalues to 0',
      { smallestEigenvalue: smallest, largestEigenvalue: largest, tolerance: SIGMA_PSD_TOLERANCE },
    );
  }
}

/** q * sum|Sigma| + sum|mu| must stay below MAX_OBJECTIVE_SCALE; the message names the larger part. */
function checkObjectiveScale(mu: readonly number[], sigma: readonly (readonly number[])[], riskFactor: number): void {
  const n = mu.length;
  let sigmaSum = 0;
  let sigmaMax = 0;
  for (const row of sigma) for (const v of row) (sigmaSum += Math.abs(v)), (sigmaMax = Math.max(sigmaMax, Math.abs(v)));
  let muSum = 0;
  let muMax = 0;
  for (const v of mu) (muSum += Math.abs(v)), (muMax = Math.max(muMax, Math.abs(v)));
  const scale = riskFactor * sigmaSum + muSum;
  if (scale <= MAX_OBJECTIVE_SCALE) return;
  const blameSigma = !(muSum >= riskFactor * sigmaSum);
  const [field, largest, bound] = blameSigma
    ? ['sigma', sigmaMax, MAX_OBJECTIVE_SCALE / 2 / (riskFactor * n * n)]
    : ['mu', muMax, MAX_OBJECTIVE_SCALE / 2 / n];
  throw invalidProblem(
    field,
    `${field}: entries up to ${largest.toPrecision(3)} overflow the objective (q x sum|Sigma| + sum|mu| = ${scale.toPrecision(3)}, ` +
      `above ${MAX_OBJECTIVE_SCALE}); with ${n} assets and q = ${riskFactor} keep every |${field}| entry below ${bound.toPrecision(2)} ` +
      '(daily returns and variances are usually below 1)',
    { largest, scale, maxScale: MAX_OBJECTIVE_SCALE, bound },
  );
}

/**
 * Validates the inputs and returns a deeply frozen `PortfolioProblem` (own copies of every array;
 * Sigma symmetrised as (Sigma + Sigma^T) / 2 once it passed the symmetry check). Sigma must be
 * positive semi-definite within SIGMA_PSD_TOLERANCE, and the objective's scale below
 * MAX_OBJECTIVE_SCALE (so the QUBO and Ising energies stay finite).
 *
 * @throws PortfolioError `INVALID_PROBLEM` with `field` one of `tickers` (fewer than 2 / duplicate),
 *   `mu` (length != n, non-finite, overflowing), `sigma` (not n x n, non-finite, negative variance,
 *   not symmetric, not positive semi-definite, overflowing),
 *   `riskFactor` (not finite or < 0), `budget` (not an integer in 1 .. n-1), e.g.
 *   `budget: 9 is out of range; must be between 1 and 7 for 8 assets`.
 * @example createProblem({ ...stats, riskFactor: 0.5, budget: 2 })
 */
export function createProblem(input: PortfolioProblemInput): PortfolioProblem {
  const tickers = checkTickers(input.tickers);
  const n = tickers.length;
  const mu = checkVector('mu', input.mu, n);
  const sigma = checkSigma(input.sigma, n);
  const { riskFactor, budget } = input;
  if (typeof riskFactor !== 'number' || !Number.isFinite(riskFactor) || riskFactor < 0) {
    throw invalidProblem(
      'riskFactor',
      `riskFactor: ${showValue(riskFactor)} is out of range; must be a finite number >= 0`,
      { value: String(riskFactor) },
    );
  }
  checkObjectiveScale(mu, sigma, riskFactor);
  if (typeof budget !== 'number' || !Number.isInteger(budget) || budget < 1 || budget > n - 1) {
    const kind = Number.isInteger(budget) ? '' : 'an integer ';
    throw invalidProblem(
      'budget',
      `budget: ${showValue(budget)} is out of range; must be ${kind}between 1 and ${n - 1} for ${n} assets`,
      { value: String(budget), min: 1, max: n - 1 },
    );
  }
  return Object.freeze({
    tickers: Object.freeze([...tickers]),
    mu: Object.freeze(mu),
    sigma: Object.freeze(sigma.map((row) => Object.freeze(row))),
    riskFactor,
    budget,
  });
}

/** Checks that `x` is a 0/1 vector of length n (field `x`). */
export function checkSelectionVector(x: ArrayLike<number>, n: number, field = 'x'): void {
  if (x === null || typeof x !== 'object' || x.length !== n) {
    throw invalidProblem(field, `${field}: ${showValue(x)} must be a 0/1 vector of length ${n} (one entry per asset)`, {
      expectedLength: n,
    });
  }
  for (let i = 0; i < n; i++) {
    if (x[i] !== 0 && x[i] !== 1) {
      throw invalidProblem(field, `${field}[${i}]: ${showValue(x[i])} is not 0 or 1`, {
        index: i,
        value: String(x[i]),
      });
    }
  }
}

/**
 * f(x) = q * x^T Sigma x - mu^T x (daily units), for a 0/1 vector x in ticker order.
 * @throws PortfolioError `INVALID_PROBLEM` (field `x`) when x is not a 0/1 vector of length n.
 */
export function objective(problem: PortfolioProblem, x: ArrayLike<number>): number {
  const n = problem.mu.length;
  checkSelectionVector(x, n);
  let variance = 0;
  let expected = 0;
  for (let i = 0; i < n; i++) {
    if (x[i] === 0) continue;
    expected += problem.mu[i]!;
    const row = problem.sigma[i]!;
    variance += row[i]!;
    for (let j = i + 1; j < n; j++) if (x[j] === 1) variance += 2 * row[j]!;
  }
  return problem.riskFactor * variance - expected;
}

/** True when sum(x) = B. @throws like `objective`. */
export function isFeasible(problem: PortfolioProblem, x: ArrayLike<number>): boolean {
  checkSelectionVector(x, problem.mu.length);
  let count = 0;
  for (let i = 0; i < x.length; i++) count += x[i]!;
  return count === problem.budget;
}
