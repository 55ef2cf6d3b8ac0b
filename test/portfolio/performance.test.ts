/**
 * Annualised performance: compounded (PyPortfolioOpt's mean_historical_return) against a direct
 * product of daily growth factors, arithmetic against 252 x mu, volatility and Sharpe by hand.
 */
import { readFileSync } from 'node:fs';
import { compoundedAnnualReturns, equalWeights, parsePriceCsv, portfolioPerformance, returnStatisticsFromCsv, selectPrices, PortfolioError } from '../../lib/portfolio';
import { PRICES_CSV } from '../helpers/problems';

const csv = readFileSync(PRICES_CSV, 'utf8');

describe('compoundedAnnualReturns', () => {
  it('is the geometric mean growth of the daily simple returns, annualised over 252 days', () => {
    const tickers = ['AAPL', 'JPM', 'XOM', 'BAC'];
    const selected = selectPrices(parsePriceCsv(csv), { tickers, start: '2010-01-01', end: '2015-12-31' });
    const cagr = compoundedAnnualReturns(selected);
    selected.prices.forEach((column, k) => {
      let growth = 1;
      for (let t = 1; t < column.length; t++) growth *= 1 + (column[t]! / column[t - 1]! - 1);
      expect(cagr[k]).toBeCloseTo(growth ** (252 / (column.length - 1)) - 1, 10);
    });
  });

  it('differs from the arithmetic annualisation by about sigma^2/2 for a volatile asset (BAC over the whole file)', () => {
    const tickers = ['AAPL', 'AMZN', 'GOOG', 'JPM', 'XOM', 'BAC'];
    const selected = selectPrices(parsePriceCsv(csv), { tickers });
    const stats = returnStatisticsFromCsv(csv, { tickers });
    const bac = tickers.indexOf('BAC');
    const arithmetic = stats.mu[bac]! * 252;
    const compounded = compoundedAnnualReturns(selected)[bac]!;
    // Finding 19: positive arithmetic, negative compounded return for BAC over this window.
    expect(arithmetic).toBeGreaterThan(0.1);
    expect(compounded).toBeLessThan(0);
    // log-normal approximation: log(1 + g) ~ 252 (mu - var/2)
    const variance = stats.sigma[bac]![bac]!;
    expect(Math.log(1 + compounded)).toBeCloseTo(252 * (stats.mu[bac]! - variance / 2), 1);
  });

  it('needs two rows', () => {
    expect(() => compoundedAnnualReturns({ tickers: ['A'], dates: ['2020-01-01'], prices: [[1]] })).toThrow(PortfolioError);
  });
});

describe('portfolioPerformance', () => {
  it('gives w.r, sqrt(252 w S w) and the Sharpe ratio', () => {
    const sigma = [
      [4e-4, 1e-4],
      [1e-4, 9e-4],
    ];
    const p = portfolioPerformance([0.25, 0.75], [0.1, 0.2], sigma, 0.03);
    const variance = 0.25 * 0.25 * 4e-4 + 2 * 0.25 * 0.75 * 1e-4 + 0.75 * 0.75 * 9e-4;
    expect(p.expectedReturn).toBeCloseTo(0.175, 15);
    expect(p.volatility).toBeCloseTo(Math.sqrt(252 * variance), 15);
    expect(p.sharpeRatio).toBeCloseTo((0.175 - 0.03) / Math.sqrt(252 * variance), 12);
  });

  it('has no Sharpe ratio without volatility, and rejects mismatched shapes and a non-finite rate', () => {
    expect(portfolioPerformance([1, 0], [0.1, 0.2], [[0, 0], [0, 0]]).sharpeRatio).toBeNull();
    expect(() => portfolioPerformance([1], [0.1, 0.2], [[0, 0], [0, 0]])).toThrow(/weights: 1 weights for 2 returns/);
    expect(() => portfolioPerformance([1, 0], [0.1, 0.2], [[0, 0], [0, 0]], Number.NaN)).toThrow(/riskFreeRate/);
  });

  it('equal weights put 1/B on each selected asset', () => {
    expect(equalWeights([1, 0, 1, 1])).toEqual([1 / 3, 0, 1 / 3, 1 / 3]);
    expect(equalWeights([0, 0])).toEqual([0, 0]);
  });
});
