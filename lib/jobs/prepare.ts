/**
 * ValidateAndPrepare: turn a validated JobSpec into a PortfolioProblem (from a price dataset or an
 * explicit mu/Sigma) and check up front that the chosen path can run (qubits, memory), so a bad
 * request fails before anything runs or is written.
 */
import { compoundedAnnualReturns, computeReturnStatistics, createProblem, MIN_PRICE_ROWS_FOR_STATISTICS, parsePriceCsv, selectPrices, type PortfolioModel, type PriceTable } from '../portfolio';
import { resolveWeights, type PriceSummary, type WeightModelChoice } from './weights-model';
import { PortfolioError } from '../portfolio/errors';
import type { PortfolioProblem } from '../portfolio/types';
import type { DataProvenance } from './result';
import type { JobSpec } from './spec';
import { isMarketSource, marketRange, type MarketProvenance } from './market/prices';

/** What a dataset is read for: the job's tickers and date range (market sources fetch only these). */
export interface DatasetRequest {
  readonly tickers: readonly string[];
  readonly start?: string;
  readonly end?: string;
}

/** A dataset's CSV text, with the provenance of market data. */
export interface DatasetContent {
  readonly csv: string;
  readonly market?: MarketProvenance;
}

/**
 * Reads a dataset reference ('bundled', a file path, a market source such as 'tiingo', an S3 key) to
 * CSV text. Provided by the runner.
 */
export type DatasetReader = (dataset: string, request?: DatasetRequest) => Promise<string | DatasetContent>;

/**
 * The spec with a market source's date range made explicit (marketRange: default the five years up
 * to yesterday), so every step of a job reads the same series. Other datasets are left as they are.
 */
export function withMarketRange<S extends Pick<JobSpec, 'portfolio'>>(spec: S, nowMs: number): S {
  const p = spec.portfolio;
  if (!isMarketSource(p.dataset) || (p.mu && p.sigma) || (p.start !== undefined && p.end !== undefined)) return spec;
  return { ...spec, portfolio: { ...p, ...marketRange(p.start, p.end, nowMs) } };
}

export interface PreparedJob {
  readonly problem: PortfolioProblem;
  readonly data: DataProvenance;
  /** The weighted model (spec.weights), with how its encoding and risk factor were chosen. */
  readonly weights?: WeightModelChoice;
  readonly prices?: PriceSummary;
}

/** The solver input of a prepared job: its weighted model, else the binary-selection problem. */
export function solverInputOf(p: PreparedJob): PortfolioProblem | PortfolioModel {
  return p.weights ? p.weights.model : p.problem;
}

/** The spec's weights resolved on the problem (encoding; max-Sharpe risk factor), when given. */
function withWeights(spec: JobSpec & { budget: number }, job: Omit<PreparedJob, 'weights'>): PreparedJob {
  return spec.weights ? { ...job, weights: resolveWeights(spec.weights, job.problem, spec.quantum.seed ?? 0) } : job;
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

/**
 * Build the problem. A market source without explicit dates reads the default range up to the day
 * before `nowMs` (validateAndPrepareTask fixes the range in the spec first, so steps agree).
 * @throws PortfolioError (bad prices, unknown ticker, bad problem), the dataset reader's errors.
 */
export async function prepareJob(spec: JobSpec & { budget: number }, readDataset: DatasetReader, nowMs: number = Date.now()): Promise<PreparedJob> {
  const { portfolio } = withMarketRange(spec, nowMs);
  if (portfolio.mu && portfolio.sigma) {
    return withWeights(spec, {
      problem: createProblem({
        tickers: portfolio.tickers,
        mu: portfolio.mu,
        sigma: portfolio.sigma,
        riskFactor: spec.riskFactor,
        budget: spec.budget,
      }),
      data: { source: 'explicit', start: null, end: null, observations: null, droppedRows: null },
    });
  }
  const content = await readDataset(portfolio.dataset, {
    tickers: portfolio.tickers,
    ...(portfolio.start === undefined ? {} : { start: portfolio.start }),
    ...(portfolio.end === undefined ? {} : { end: portfolio.end }),
  });
  const { csv, market } = typeof content === 'string' ? { csv: content, market: undefined } : content;
  let stats;
  let prices: PriceSummary | undefined;
  try {
    const selected = selectPrices(priceTableOf(csv), {
      tickers: portfolio.tickers,
      ...(portfolio.start === undefined ? {} : { start: portfolio.start }),
      ...(portfolio.end === undefined ? {} : { end: portfolio.end }),
      minRows: MIN_PRICE_ROWS_FOR_STATISTICS,
    });
    stats = computeReturnStatistics(selected);
    const last = selected.dates.length - 1;
    if (spec.weights) prices = { latest: selected.prices.map((c) => c[last]!), date: selected.dates[last]!, compoundedAnnual: compoundedAnnualReturns(selected) };
  } catch (error) {
    // The bundled file has 20 tickers up to 2018: point at market data for the others.
    if (portfolio.dataset === 'bundled' && error instanceof PortfolioError && error.code === 'UNKNOWN_TICKER')
      throw new PortfolioError('UNKNOWN_TICKER', `${error.message}; for other tickers use market data (--prices tiingo) or your own CSV (--prices FILE)`, {
        field: 'portfolio.tickers',
        details: error.details,
        cause: error,
      });
    throw error;
  }
  return withWeights(spec, {
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
      ...(market ? { market } : {}),
    },
    ...(prices ? { prices } : {}),
  });
}
