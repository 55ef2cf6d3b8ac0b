/** Real-data portfolio problems for tests, built from the bundled prices (one loader for every test). */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { computeReturnStatistics, createProblem, objective, parsePriceCsv, selectPrices, type PriceTable } from '../../lib/portfolio';
import type { PortfolioProblem } from '../../lib/portfolio/types';

export const PRICES_CSV = path.join(__dirname, '..', '..', 'data', 'stock_prices.csv');
let table: PriceTable | undefined;

/** All 20 tickers of the bundled data, in file order. */
export const ALL_TICKERS = ['GOOG', 'AAPL', 'FB', 'BABA', 'AMZN', 'GE', 'AMD', 'WMT', 'BAC', 'GM', 'T', 'UAA', 'SHLD', 'XOM', 'RRC', 'BBY', 'MA', 'PFE', 'JPM', 'SBUX'];

/** The problem of the first `n` of a ticker list on the bundled data. */
export function realProblem(tickers: readonly string[], budget: number, riskFactor = 0.5, range: { start?: string; end?: string } = {}): PortfolioProblem {
  table ??= parsePriceCsv(readFileSync(PRICES_CSV, 'utf8'));
  const stats = computeReturnStatistics(selectPrices(table, { tickers: [...tickers], ...range }));
  return createProblem({ tickers: stats.tickers, mu: stats.mu, sigma: stats.sigma, riskFactor, budget });
}

/** Brute-force oracle by plain enumeration of every bitmask (independent of the solvers' Gray code). */
export function bruteForce(problem: PortfolioProblem): { optimum: number; worst: number; bitstring: string } {
  const n = problem.tickers.length;
  let optimum = Infinity;
  let worst = -Infinity;
  let best = 0;
  for (let mask = 0; mask < 2 ** n; mask++) {
    const x = Array.from({ length: n }, (_, i) => (mask >> i) & 1);
    if (x.reduce((a, b) => a + b, 0) !== problem.budget) continue;
    const f = objective(problem, x);
    if (f < optimum) {
      optimum = f;
      best = mask;
    }
    worst = Math.max(worst, f);
  }
  return { optimum, worst, bitstring: best.toString(2).padStart(n, '0') };
}
