/**
 * Daily simple returns and their mean / sample covariance (the pandas convention
 * `df[tickers].dropna().pct_change().dropna()` then `.mean()` and `.cov()`, i.e. ddof = 1).
 *
 * Numerics: the corrected two-pass algorithm (Chan, Golub & LeVeque, "Algorithms for computing the
 * sample variance", The American Statistician 37(3), 1983): first the mean, then sums of products of
 * deviations with the rounding error of the first pass subtracted. Sigma is computed once per pair
 * i <= j and mirrored, so it is exactly symmetric.
 */

import { PortfolioError } from './errors';
import { insufficientData, parsePriceCsv, selectPrices, type PriceSelection } from './prices';
import type { ReturnStatistics } from './types';

/** Input of `computeReturnStatistics`: a `SelectedPrices` or any table of that shape. */
export interface PriceColumns {
  readonly tickers: readonly string[];
  /** Dates of the rows, ascending, length T. */
  readonly dates: readonly string[];
  /** `prices[k][t]` for ticker k on dates[t]; finite and > 0. */
  readonly prices: readonly ArrayLike<number>[];
  /** Rows dropped before (reported through); default 0. */
  readonly droppedRows?: number;
}

/** Fewest price rows for a sample covariance: 3 rows give 2 returns, the minimum for ddof = 1. */
export const MIN_PRICE_ROWS_FOR_STATISTICS = 3;

/**
 * Daily simple returns r[k][t] = p[k][t+1] / p[k][t] - 1 between consecutive rows.
 * @returns one Float64Array of length T - 1 per ticker.
 */
export function simpleReturns(prices: readonly ArrayLike<number>[]): Float64Array[] {
  return prices.map((column) => {
    const out = new Float64Array(Math.max(column.length - 1, 0));
    for (let t = 0; t < out.length; t++) out[t] = column[t + 1]! / column[t]! - 1;
    return out;
  });
}

function checkColumns(input: PriceColumns): void {
  const rows = input.dates.length;
  if (input.prices.length !== input.tickers.length) {
    throw new PortfolioError(
      'INVALID_PRICES',
      `prices: ${input.prices.length} price columns for ${input.tickers.length} tickers; give one column per ticker`,
      { field: 'prices', details: { columns: input.prices.length, tickers: input.tickers.length } },
    );
  }
  input.prices.forEach((column, k) => {
    const ticker = input.tickers[k];
    if (column.length !== rows) {
      throw new PortfolioError(
        'INVALID_PRICES',
        `prices: column ${ticker} has ${column.length} prices for ${rows} dates; give one price per date`,
        { field: 'prices', details: { ticker, prices: column.length, dates: rows } },
      );
    }
    for (let t = 0; t < rows; t++) {
      const p = column[t]!;
      if (!(Number.isFinite(p) && p > 0)) {
        throw new PortfolioError(
          'INVALID_PRICES',
          `prices: ${ticker} on ${input.dates[t]}: ${p} is not a valid price; must be a finite number > 0 ` +
            '(drop rows with missing prices first, e.g. with selectPrices)',
          { field: 'prices', details: { ticker, date: input.dates[t], value: String(p) } },
        );
      }
    }
  });
}

/**
 * mu (mean daily simple return, shape n) and Sigma (sample covariance, ddof = 1, shape n x n) of the
 * returns between consecutive rows of `selected`.
 *
 * @throws PortfolioError `INSUFFICIENT_DATA` with fewer than 3 rows (2 returns); `INVALID_PRICES` when
 *   the columns are mis-shaped or hold a missing / non-positive price.
 * @example computeReturnStatistics(selectPrices(parsePriceCsv(csv), { tickers: ['AAPL', 'JPM'] }))
 */
export function computeReturnStatistics(selected: PriceColumns): ReturnStatistics {
  const rows = selected.dates.length;
  const droppedRows = selected.droppedRows ?? 0;
  if (rows < MIN_PRICE_ROWS_FOR_STATISTICS) {
    throw insufficientData(selected.tickers, selected.dates[0], selected.dates[rows - 1], {
      rowsInRange: rows + droppedRows,
      rowsKept: rows,
      droppedRows,
      minRows: MIN_PRICE_ROWS_FOR_STATISTICS,
    });
  }
  checkColumns(selected);
  const returns = simpleReturns(selected.prices);
  const m = rows - 1;
  const n = returns.length;
  const deviations: Float64Array[] = [];
  const deviationSums: number[] = [];
  const mu: number[] = [];
  for (const r of returns) {
    let sum = 0;
    for (let t = 0; t < m; t++) sum += r[t]!;
    const mean = sum / m;
    const d = new Float64Array(m);
    let dSum = 0;
    for (let t = 0; t < m; t++) {
      d[t] = r[t]! - mean;
      dSum += d[t]!;
    }
    deviations.push(d);
    deviationSums.push(dSum);
    mu.push(mean + dSum / m);
  }
  const sigma: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const di = deviations[i]!;
    for (let j = i; j < n; j++) {
      const dj = deviations[j]!;
      let sum = 0;
      for (let t = 0; t < m; t++) sum += di[t]! * dj[t]!;
      const value = (sum - (deviationSums[i]! * deviationSums[j]!) / m) / (m - 1);
      sigma[i]![j] = value;
      sigma[j]![i] = value;
    }
  }
  return {
    tickers: [...selected.tickers],
    dates: [...selected.dates],
    mu,
    sigma,
    observations: m,
    droppedRows,
  };
}

/**
 * Convenience: parse a price CSV, select tickers / range, and compute mu and Sigma.
 * Errors as `parsePriceCsv`, `selectPrices` (with at least 3 rows required) and `computeReturnStatistics`.
 */
export function returnStatisticsFromCsv(text: string, selection: PriceSelection): ReturnStatistics {
  const selected = selectPrices(parsePriceCsv(text), {
    ...selection,
    minRows: Math.max(selection.minRows ?? 0, MIN_PRICE_ROWS_FOR_STATISTICS),
  });
  return computeReturnStatistics(selected);
}
