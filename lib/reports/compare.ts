/**
 * `qpo compare`: stored results side by side (quantum against classical against the exact optimum),
 * one row per answer, and whether they solved the same problem (same tickers, mu, Sigma, q, B), the
 * only case where objectives and approximation ratios compare.
 */
import { evaluateSelection, portfolioPerformance, equalWeights, TRADING_DAYS_PER_YEAR, DEFAULT_RISK_FREE_RATE } from '../portfolio';
import type { ResultRecord } from '../jobs/result';
import { problemOfRecord } from './model';

export interface ComparisonRow {
  readonly jobId: string | null;
  /** vqe | qaoa | annealing | exact. */
  readonly solver: string;
  readonly backend: string;
  readonly fallbackReason: string | null;
  readonly selectedTickers: readonly string[];
  readonly bitstring: string;
  readonly objective: number;
  readonly approximationRatio: number | null;
  /** Equal-weight annual return (arithmetic), volatility and Sharpe ratio. */
  readonly annualReturn: number;
  readonly volatility: number;
  readonly sharpeRatio: number | null;
  readonly seconds: number | null;
  readonly shots: number;
  readonly costUsd: number;
}

export interface Comparison {
  /** True when every record solved the same problem (objectives comparable). */
  readonly sameProblem: boolean;
  /** The differences that make problems differ, for a note. */
  readonly differences: readonly string[];
  readonly rows: readonly ComparisonRow[];
}

const key = (r: ResultRecord) => JSON.stringify([r.problem.tickers, r.problem.budget, r.problem.riskFactor, r.problem.mu, r.problem.sigma]);

function differencesOf(records: readonly ResultRecord[]): string[] {
  const first = records[0]!.problem;
  const out = new Set<string>();
  for (const r of records.slice(1)) {
    const p = r.problem;
    if (p.tickers.join() !== first.tickers.join()) out.add('tickers');
    if (p.budget !== first.budget) out.add('budget');
    if (p.riskFactor !== first.riskFactor) out.add('risk factor');
    if (JSON.stringify([p.mu, p.sigma]) !== JSON.stringify([first.mu, first.sigma])) out.add('mu/Sigma (data window)');
  }
  return [...out];
}

/**
 * Compare records; with `exact` (default true) and a known optimum, a row for the exact optimum is
 * added when no record is already the exact solver's.
 * @throws Error on an empty list (the CLI asks for at least one).
 */
export function compareRecords(records: readonly ResultRecord[], options: { exact?: boolean; riskFreeRate?: number } = {}): Comparison {
  if (records.length === 0) throw new Error('compareRecords: no records');
  const rf = options.riskFreeRate ?? DEFAULT_RISK_FREE_RATE;
  const sameProblem = new Set(records.map(key)).size === 1;
  const perf = (r: ResultRecord, selection: readonly number[]) => {
    const annual = r.problem.mu.map((m) => m * TRADING_DAYS_PER_YEAR);
    return portfolioPerformance(equalWeights(selection), annual, r.problem.sigma, rf);
  };
  const rows: ComparisonRow[] = records.map((r) => {
    const p = perf(r, r.solution.selection);
    return {
      jobId: r.jobId,
      solver: r.solver,
      backend: r.backend.name,
      fallbackReason: r.fallback.activated ? r.fallback.reason : null,
      selectedTickers: r.solution.selectedTickers,
      bitstring: r.solution.bitstring,
      objective: r.solution.objective,
      approximationRatio: r.quality.approximationRatio,
      annualReturn: p.expectedReturn,
      volatility: p.volatility,
      sharpeRatio: p.sharpeRatio,
      seconds: r.durations.totalSeconds,
      shots: r.cost.shotsUsed,
      costUsd: r.cost.estimatedCostUsd,
    };
  });
  const first = records[0]!;
  if (options.exact !== false && sameProblem && first.quality.optimalBitstring && !records.some((r) => r.solver === 'exact')) {
    const e = evaluateSelection(problemOfRecord(first), first.quality.optimalBitstring);
    const p = perf(first, e.selection);
    rows.push({
      jobId: null,
      solver: 'exact',
      backend: 'brute force',
      fallbackReason: null,
      selectedTickers: e.selectedTickers,
      bitstring: e.bitstring,
      objective: e.objective,
      approximationRatio: 1,
      annualReturn: p.expectedReturn,
      volatility: p.volatility,
      sharpeRatio: p.sharpeRatio,
      seconds: null,
      shots: 0,
      costUsd: 0,
    });
  }
  return { sameProblem, differences: sameProblem ? [] : differencesOf(records), rows };
}
