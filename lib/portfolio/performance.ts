/**
 * Annualised performance of a weighted portfolio, as PyPortfolioOpt reports it
 * (`expected_returns.mean_historical_return`, `risk_models.sample_cov`,
 * `base_optimizer.portfolio_performance`), with the arithmetic annualisation beside it:
 *
 * - compounded (PyPortfolioOpt's default, `compounding=True`): per asset the geometric mean growth
 *   (prod_t (1 + r_t))^(252 / m) - 1 = (p_last / p_first)^(252 / m) - 1 over its m daily returns;
 * - arithmetic (`compounding=False`, and qpo's objective): 252 * mean daily return;
 * - volatility: sqrt(w^T (252 Sigma) w), Sigma the daily sample covariance (ddof = 1), in both cases;
 * - Sharpe ratio: (return - risk-free rate) / volatility, the risk-free rate annual (PyPortfolioOpt's
 *   default is 0.02).
 *
 * Source: PyPortfolioOpt 1.5 documentation, "Expected Returns" and "Risk Models"; Sharpe (1994),
 * "The Sharpe Ratio", Journal of Portfolio Management 21(1).
 */
import { TRADING_DAYS_PER_YEAR } from './evaluate';
import { PortfolioError } from './errors';
import type { PriceColumns } from './returns';

/** PyPortfolioOpt's default annual risk-free rate for the Sharpe ratio. */
export const DEFAULT_RISK_FREE_RATE = 0.02;

/**
 * Compound annual growth rate per ticker over the rows of `selected` (PyPortfolioOpt
 * `mean_historical_return(prices, compounding=True, frequency=252)`).
 * @returns shape (n), annual fractions (0.12 = 12 % a year).
 * @throws PortfolioError `INSUFFICIENT_DATA` with fewer than 2 rows.
 * @example compoundedAnnualReturns({ tickers: ['A'], dates: ['d0', 'd1'], prices: [[100, 101]] }) // [1.01^252 - 1]
 */
export function compoundedAnnualReturns(selected: PriceColumns): number[] {
  const m = selected.dates.length - 1;
  if (m < 1)
    throw new PortfolioError('INSUFFICIENT_DATA', `prices: ${selected.dates.length} price row(s); need at least 2 for a return`, {
      field: 'prices',
      details: { rows: selected.dates.length },
    });
  return selected.prices.map((column) => Math.pow(column[m]! / column[0]!, TRADING_DAYS_PER_YEAR / m) - 1);
}

/** Annualised return, volatility and Sharpe ratio of one weighting. */
export interface PortfolioPerformance {
  /** Annual expected return (fraction). */
  readonly expectedReturn: number;
  /** Annual volatility sqrt(w^T 252 Sigma w) (fraction). */
  readonly volatility: number;
  /** (expectedReturn - riskFreeRate) / volatility; null when the volatility is 0. */
  readonly sharpeRatio: number | null;
}

/**
 * Performance of weights `w` (shape n, summing to 1) given annual expected returns `annualReturns`
 * (shape n) and the daily covariance `sigmaDaily` (n x n); `riskFreeRate` annual.
 * @throws PortfolioError `INVALID_PROBLEM` when the shapes disagree or the rate is not finite.
 */
export function portfolioPerformance(
  w: readonly number[],
  annualReturns: readonly number[],
  sigmaDaily: readonly (readonly number[])[],
  riskFreeRate: number = DEFAULT_RISK_FREE_RATE,
): PortfolioPerformance {
  const n = w.length;
  if (annualReturns.length !== n || sigmaDaily.length !== n)
    throw new PortfolioError('INVALID_PROBLEM', `weights: ${n} weights for ${annualReturns.length} returns and a ${sigmaDaily.length} x ${sigmaDaily.length} covariance`, {
      field: 'weights',
    });
  if (!Number.isFinite(riskFreeRate))
    throw new PortfolioError('INVALID_PROBLEM', `riskFreeRate: ${riskFreeRate} is not a finite number; give an annual rate such as 0.02`, { field: 'riskFreeRate' });
  let expectedReturn = 0;
  let variance = 0;
  for (let i = 0; i < n; i++) {
    expectedReturn += w[i]! * annualReturns[i]!;
    for (let j = 0; j < n; j++) variance += w[i]! * w[j]! * sigmaDaily[i]![j]!;
  }
  const volatility = Math.sqrt(Math.max(variance, 0) * TRADING_DAYS_PER_YEAR);
  return { expectedReturn, volatility, sharpeRatio: volatility > 0 ? (expectedReturn - riskFreeRate) / volatility : null };
}

/** Equal weights 1/B on the selected assets (qpo's binary portfolio), shape n. */
export function equalWeights(selection: readonly number[]): number[] {
  const count = selection.reduce((s, x) => s + (x === 1 ? 1 : 0), 0);
  return selection.map((x) => (x === 1 && count > 0 ? 1 / count : 0));
}
