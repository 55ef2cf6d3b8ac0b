/**
 * ValidateAndPrepare: turn a validated JobSpec into a PortfolioProblem (from a price dataset or an
 * explicit mu/Sigma) and check up front that the chosen path can run (qubits, memory), so a bad
 * request fails before anything runs or is written.
 */
import { createProblem, returnStatisticsFromCsv } from '../portfolio';
import type { PortfolioProblem } from '../portfolio/types';
import type { DataProvenance } from './result';
import type { JobSpec } from './spec';

/** Reads a dataset reference ('bundled', a file path, ...) to CSV text. Provided by the runner. */
export type DatasetReader = (dataset: string) => Promise<string>;

export interface PreparedJob {
  readonly problem: PortfolioProblem;
  readonly data: DataProvenance;
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
  const stats = returnStatisticsFromCsv(csv, {
    tickers: portfolio.tickers,
    ...(portfolio.start === undefined ? {} : { start: portfolio.start }),
    ...(portfolio.end === undefined ? {} : { end: portfolio.end }),
  });
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
