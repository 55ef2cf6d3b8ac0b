/**
 * ValidateAndPrepare: turn a validated JobSpec into a PortfolioProblem (from a price dataset or an
 * explicit mu/Sigma) and check up front that the chosen path can run (qubits, memory), so a bad
 * request fails before anything runs or is written.
 */
import { computeReturnStatistics, createProblem, MIN_PRICE_ROWS_FOR_STATISTICS, parsePriceCsv, selectPrices, type PriceTable } from '../portfolio';
import type { PortfolioProblem } from '../portfolio/types';
import type { DataProvenance } from './result';
import type { JobSpec } from './spec';

/** Reads a dataset reference ('bundled', a file path, ...) to CSV text. Provided by the runner. */
export type DatasetReader = (dataset: string) => Promise<string>;

export interface PreparedJob {
  readonly problem: PortfolioProblem;
  readonly data: DataProvenance;
}

/**
 * Parsed price tables by CSV text (the last few): parsing the bundled 7,000 x 20 file takes
 * 0.2-0.9 s, and one process (a test run, `qpo` in-process, a warm Lambda) reads the same file again
 * and again. Keyed by the text itself, so a changed file is parsed anew.
 */
const tables = new Map<string, PriceTable>();
const TABLES_KEPT = 2;

function priceTableOf(csv: string): PriceTable {
  let table = tables.get(csv);
  if (!table) {
    table = parsePriceCsv(csv);
    tables.set(csv, table);
    if (tables.size > TABLES_KEPT) tables.delete(tables.keys().next().value!);
  }
  return table;
}

/** Build the problem. @throws PortfolioError (bad prices, unknown ticker, bad problem). */
export async function prepareJob(spec: JobSpec & { budget: number }, readDataset: DatasetReader): Promise<PreparedJob> {
  const { portfolio } = spec;
  if (portfolio.mu && portfolio.sigma) {
    return {
      problem: createProblem({
        tickers: portfolio.tickers,
        mu: portfolio.mu,
        sigma: portfolio.sigma,
        riskFactor: spec.riskFactor,
        budget: spec.budget,
      }),
      data: { source: 'explicit', start: null, end: null, observations: null, droppedRows: null },
    };
  }
  const csv = await readDataset(portfolio.dataset);
  const selected = selectPrices(priceTableOf(csv), {
    tickers: portfolio.tickers,
    ...(portfolio.start === undefined ? {} : { start: portfolio.start }),
    ...(portfolio.end === undefined ? {} : { end: portfolio.end }),
    minRows: MIN_PRICE_ROWS_FOR_STATISTICS,
  });
  const stats = computeReturnStatistics(selected);
  return {
    problem: createProblem({
      tickers: stats.tickers,
      mu: stats.mu,
      sigma: stats.sigma,
      riskFactor: spec.riskFactor,
      budget: spec.budget,
    }),
    data: {
      source: portfolio.dataset,
      start: stats.dates[0] ?? null,
      end: stats.dates[stats.dates.length - 1] ?? null,
      observations: stats.observations,
      droppedRows: stats.droppedRows,
    },
  };
}
