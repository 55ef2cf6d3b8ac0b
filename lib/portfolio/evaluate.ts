/**
 * Evaluating one selection x: objective, feasibility, equal-weight return and volatility (daily and
 * annualised with 252 trading days), Qiskit-order bitstrings, and the approximation ratio.
 *
 * Bitstrings follow Qiskit's little-endian order: asset i is character n-1-i, so asset 0 is the
 * rightmost character (`x = [1, 0, 0]` is `"001"`).
 */

import { invalidProblem, showValue } from './errors';
import { checkSelectionVector, isFeasible, objective } from './problem';
import type { PortfolioProblem, SelectionEvaluation } from './types';

/** Trading days per year used to annualise: return * 252, volatility * sqrt(252). */
export const TRADING_DAYS_PER_YEAR = 252;

/**
 * The 0/1 selection (ticker order) of a Qiskit-order bitstring: x[i] = bitstring[n - 1 - i].
 * @param numAssets when given, the bitstring must have exactly this length.
 * @throws PortfolioError `INVALID_PROBLEM` (field `bitstring`) on a character other than 0/1 or a wrong length.
 * @example selectionFromBitstring('0011') // [1, 1, 0, 0]
 */
export function selectionFromBitstring(bitstring: string, numAssets?: number): number[] {
  if (typeof bitstring !== 'string' || !/^[01]+$/.test(bitstring)) {
    throw invalidProblem(
      'bitstring',
      `bitstring: ${showValue(bitstring)} is not a bitstring; use only 0 and 1, ` +
        'one character per asset, asset 0 rightmost',
      { value: String(bitstring) },
    );
  }
  if (numAssets !== undefined && bitstring.length !== numAssets) {
    throw invalidProblem(
      'bitstring',
      `bitstring: ${showValue(bitstring)} has ${bitstring.length} characters; must have ` +
        `${numAssets} (one per asset)`,
      { value: bitstring, expectedLength: numAssets },
    );
  }
  const n = bitstring.length;
  return Array.from({ length: n }, (_, i) => (bitstring[n - 1 - i] === '1' ? 1 : 0));
}

/**
 * The Qiskit-order bitstring of a 0/1 selection: character n-1-i is x[i].
 * @throws PortfolioError `INVALID_PROBLEM` (field `x`) when an entry is not 0 or 1.
 * @example bitstringFromSelection([1, 1, 0, 0]) // '0011'
 */
export function bitstringFromSelection(x: ArrayLike<number>): string {
  checkSelectionVector(x, x.length);
  let out = '';
  for (let i = x.length - 1; i >= 0; i--) out += x[i] === 1 ? '1' : '0';
  return out;
}

/**
 * Evaluates a selection given as a 0/1 vector in ticker order or as a Qiskit-order bitstring.
 * The portfolio is equal-weight over the selected assets, w = x / sum(x) (= x / B when feasible);
 * for the empty selection return and volatility are 0.
 * @throws PortfolioError `INVALID_PROBLEM` (field `x` or `bitstring`) on a malformed selection.
 */
export function evaluateSelection(problem: PortfolioProblem, x: ArrayLike<number> | string): SelectionEvaluation {
  const n = problem.tickers.length;
  const selection = typeof x === 'string' ? selectionFromBitstring(x, n) : Array.from(x);
  checkSelectionVector(selection, n);
  const chosen = selection.flatMap((v, i) => (v === 1 ? [i] : []));
  const count = chosen.length;
  let returnSum = 0;
  let varianceSum = 0;
  for (const i of chosen) {
    returnSum += problem.mu[i]!;
    for (const j of chosen) varianceSum += problem.sigma[i]![j]!;
  }
  const expectedReturnDaily = count === 0 ? 0 : returnSum / count;
  const volatilityDaily = count === 0 ? 0 : Math.sqrt(Math.max(varianceSum, 0)) / count;
  return {
    selection,
    bitstring: bitstringFromSelection(selection),
    selectedTickers: chosen.map((i) => problem.tickers[i]!),
    objective: objective(problem, selection),
    feasible: isFeasible(problem, selection),
    expectedReturnDaily,
    expectedReturnAnnual: expectedReturnDaily * TRADING_DAYS_PER_YEAR,
    volatilityDaily,
    volatilityAnnual: volatilityDaily * Math.sqrt(TRADING_DAYS_PER_YEAR),
  };
}

/**
 * Approximation ratio (worst - found) / (worst - optimum) of an objective value `found`, where
 * `optimum` / `worstFeasible` are the lowest / highest objective over feasible selections (minimisation):
 * 1 = optimal, 0 = as bad as the worst feasible selection; it exceeds 1 if `found` beats `optimum`
 * and is negative if it is worse than `worstFeasible`. When worst and optimum coincide (within a
 * relative 1e-12, i.e. every feasible selection scores the same) the ratio is 1.
 * Source: DESIGN.md ("Quality of any answer").
 * @throws PortfolioError `INVALID_PROBLEM` when a value is not finite (field `found` / `optimum` /
 *   `worstFeasible`) or `worstFeasible` < `optimum` (field `worstFeasible`).
 * @example approximationRatio(-0.9, -1, 0) // 0.9
 */
export function approximationRatio(found: number, optimum: number, worstFeasible: number): number {
  for (const [field, value] of [
    ['found', found],
    ['optimum', optimum],
    ['worstFeasible', worstFeasible],
  ] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw invalidProblem(field, `${field}: ${showValue(value)} is not a finite number; pass objective values`, {
        value: String(value),
      });
    }
  }
  const span = worstFeasible - optimum;
  const scale = Math.max(Math.abs(worstFeasible), Math.abs(optimum));
  if (Math.abs(span) <= 1e-12 * scale) return 1;
  if (span < 0) {
    throw invalidProblem(
      'worstFeasible',
      `worstFeasible: ${worstFeasible} is below optimum ${optimum}; the worst ` +
        'feasible objective must be >= the optimum (objectives are minimised; were the two swapped?)',
      {
        worstFeasible,
        optimum,
      },
    );
  }
  return (worstFeasible - found) / span;
}
