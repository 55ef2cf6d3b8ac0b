/**
 * Instances of the quality benchmark, all from the bundled daily prices (data/stock_prices.csv):
 *
 * - `real`: n of the 20 stocks drawn at random (seeded), a window of 1-4 years ending between
 *   2015 and 2018 (rows where a chosen stock has no price are dropped, as `qpo optimize` does), a
 *   budget between 0.3 n and 0.7 n and a risk factor q from 0.1 to 5;
 * - `funds` (n > 20): the 20 stocks plus n - 20 equal-weight two-stock funds (daily returns of
 *   the fund = mean of its two stocks' returns), over the windows where all 20 trade;
 * - `paper`: the 6-asset instance of Barkoutsos et al. (Quantum 4, 256 (2020)) used by Qiskit's CVaR
 *   tutorial (mu and Sigma as printed there, q = 0.5, B = 3).
 *
 * Every instance has its exact optimum by brute force (lib/solvers exact.ts).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { computeReturnStatistics, createProblem, parsePriceCsv, selectPrices, type PriceTable } from '../../lib/portfolio';
import type { PortfolioProblem } from '../../lib/portfolio/types';
import { bitstringOf, mulberry32, solveExactly } from '../../lib/solvers';

export const ALL_TICKERS = ['GOOG', 'AAPL', 'FB', 'BABA', 'AMZN', 'GE', 'AMD', 'WMT', 'BAC', 'GM', 'T', 'UAA', 'SHLD', 'XOM', 'RRC', 'BBY', 'MA', 'PFE', 'JPM', 'SBUX'];
export const RISK_FACTORS = [0.1, 0.25, 0.5, 1, 2, 5];

export interface QualityInstance {
  /** e.g. `n12-3`. */
  readonly id: string;
  readonly kind: 'real' | 'funds' | 'paper';
  readonly problem: PortfolioProblem;
  readonly start: string | null;
  readonly end: string | null;
  readonly optimum: number;
  readonly worstFeasible: number;
  readonly optimalBitstring: string;
}

let table: PriceTable | undefined;
function prices(): PriceTable {
  table ??= parsePriceCsv(readFileSync(path.join(__dirname, '..', '..', 'data', 'stock_prices.csv'), 'utf8'));
  return table;
}

function withOptimum(base: Omit<QualityInstance, 'optimum' | 'worstFeasible' | 'optimalBitstring'>): QualityInstance {
  const exact = solveExactly(base.problem);
  return { ...base, optimum: exact.optimum, worstFeasible: exact.worstFeasible, optimalBitstring: bitstringOf(exact.optimalSelection) };
}

const pad = (v: number): string => String(v).padStart(2, '0');

/** Instance `index` (1, 2, ...) of size n: reproducible from (n, index) alone. */
export function realInstance(n: number, index: number): QualityInstance {
  if (n > ALL_TICKERS.length) return fundsInstance(n, index);
  const rng = mulberry32(7919 * n + index);
  const rand = (): number => rng.next();
  const pool = [...ALL_TICKERS];
  const tickers: string[] = [];
  while (tickers.length < n) tickers.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]!);
  // Windows where the chosen stocks have too few common prices (FB from 2012, BABA from 2014) are drawn again.
  for (;;) {
    const endYear = 2015 + Math.floor(rand() * 4);
    const years = 1 + Math.floor(rand() * 4);
    const end = endYear === 2018 ? `2018-0${1 + Math.floor(rand() * 3)}-${pad(1 + Math.floor(rand() * 28))}` : `${endYear}-${pad(1 + Math.floor(rand() * 12))}-${pad(1 + Math.floor(rand() * 28))}`;
    const start = `${endYear - years}-${end.slice(5)}`;
    const budget = Math.min(n - 1, Math.max(1, Math.round(n * (0.3 + 0.4 * rand()))));
    const riskFactor = RISK_FACTORS[Math.floor(rand() * RISK_FACTORS.length)]!;
    let selected;
    try {
      selected = selectPrices(prices(), { tickers, start, end, minRows: 120 });
    } catch {
      continue;
    }
    const stats = computeReturnStatistics(selected);
    const problem = createProblem({ tickers: stats.tickers, mu: stats.mu, sigma: stats.sigma, riskFactor, budget });
    return withOptimum({ id: `n${n}-${index}`, kind: 'real', problem, start: selected.dates[0]!, end: selected.dates[selected.dates.length - 1]! });
  }
}

/** The 20 stocks and n - 20 two-stock funds (see the module doc). */
export function fundsInstance(n: number, index: number): QualityInstance {
  const rng = mulberry32(7919 * n + index);
  const rand = (): number => rng.next();
  const windows: [string, string][] = [['2014-09-22', '2016-09-21'], ['2015-04-13', '2017-04-12'], ['2016-04-11', '2018-04-11'], ['2014-09-22', '2018-04-11']];
  const [start, end] = windows[(index - 1) % windows.length]!;
  const selected = selectPrices(prices(), { tickers: ALL_TICKERS, start, end });
  const columns = [...selected.prices];
  const tickers = [...ALL_TICKERS];
  const used = new Set<string>();
  while (tickers.length < n) {
    const a = Math.floor(rand() * 20);
    const b = Math.floor(rand() * 20);
    const key = `${Math.min(a, b)}+${Math.max(a, b)}`;
    if (a === b || used.has(key)) continue;
    used.add(key);
    // A fund holding equal values of both: its price relative moves are the mean of the two.
    const pa = selected.prices[a]!;
    const pb = selected.prices[b]!;
    const fund = new Float64Array(pa.length);
    fund[0] = 1;
    for (let t = 1; t < pa.length; t++) fund[t] = fund[t - 1]! * (1 + 0.5 * (pa[t]! / pa[t - 1]! - 1) + 0.5 * (pb[t]! / pb[t - 1]! - 1));
    columns.push(fund);
    tickers.push(`${ALL_TICKERS[a]}+${ALL_TICKERS[b]}`);
  }
  const stats = computeReturnStatistics({ tickers, dates: selected.dates, prices: columns });
  const budget = Math.min(n - 1, Math.max(1, Math.round(n * (0.3 + 0.4 * rand()))));
  const riskFactor = RISK_FACTORS[Math.floor(rand() * RISK_FACTORS.length)]!;
  const problem = createProblem({ tickers: stats.tickers, mu: stats.mu, sigma: stats.sigma, riskFactor, budget });
  return withOptimum({ id: `n${n}-${index}`, kind: 'funds', problem, start, end });
}

/** The instance of Barkoutsos et al. 2020 as printed in Qiskit's CVaR tutorial. */
export function paperInstance(): QualityInstance {
  const mu = [0.7313, 0.9893, 0.2725, 0.875, 0.7667, 0.3622];
  const sigma = [
    [0.7312, -0.6233, 0.4689, -0.5452, -0.0082, -0.3809],
    [-0.6233, 2.4732, -0.7538, 2.4659, -0.0733, 0.8945],
    [0.4689, -0.7538, 1.1543, -1.4095, 0.0007, -0.4301],
    [-0.5452, 2.4659, -1.4095, 3.5067, 0.2012, 1.0922],
    [-0.0082, -0.0733, 0.0007, 0.2012, 0.6231, 0.1509],
    [-0.3809, 0.8945, -0.4301, 1.0922, 0.1509, 0.8992],
  ];
  const problem = createProblem({ tickers: ['A0', 'A1', 'A2', 'A3', 'A4', 'A5'], mu, sigma, riskFactor: 0.5, budget: 3 });
  return withOptimum({ id: 'barkoutsos2020', kind: 'paper', problem, start: null, end: null });
}
