/**
 * The efficient frontier of the binary equal-weight portfolio: one job per (risk factor q,
 * budget B), each answer's annual volatility and return. Specs out (the local pool or the AWS sweep
 * machine runs them), records in; CSV, JSON and the HTML chart out.
 */
import { stringify } from 'csv-stringify/sync';
import { DEFAULT_RISK_FREE_RATE, equalWeights, portfolioPerformance, TRADING_DAYS_PER_YEAR } from '../portfolio';
import type { ResultRecord } from '../jobs/result';
import { frontierChart, type FrontierChartPoint } from './charts';
import { facts, figure, num, page, pct, section, table } from './html';
import { renderSvg } from './vega';

/** Default risk factors: 0 (return only) then doubling from 0.25 to 64 (daily units: the variance term dominates from about 10). */
export const DEFAULT_RISK_FACTORS: readonly number[] = [0, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64];

/** One point of the frontier. */
export interface FrontierPoint {
  readonly riskFactor: number;
  readonly budget: number;
  readonly jobId: string;
  readonly solver: string;
  readonly selectedTickers: readonly string[];
  readonly bitstring: string;
  readonly objective: number;
  readonly approximationRatio: number | null;
  /** Equal-weight annual return (252 x daily mean), volatility and Sharpe ratio. */
  readonly annualReturn: number;
  readonly volatility: number;
  readonly sharpeRatio: number | null;
}

/**
 * One JobSpec input per (budget, risk factor), budgets outer: `base` with riskFactor and budget set.
 * @example frontierSpecs({ portfolio: { tickers } }, [0, 1], [2]) // two specs, q = 0 and q = 1, B = 2
 */
export function frontierSpecs(base: Record<string, unknown>, riskFactors: readonly number[], budgets: readonly (number | undefined)[]): Record<string, unknown>[] {
  return budgets.flatMap((budget) => riskFactors.map((riskFactor) => ({ ...structuredClone(base), riskFactor, ...(budget === undefined ? {} : { budget }) })));
}

/** The frontier point of a record. */
export function frontierPoint(r: ResultRecord, riskFreeRate = DEFAULT_RISK_FREE_RATE): FrontierPoint {
  const perf = portfolioPerformance(equalWeights(r.solution.selection), r.problem.mu.map((m) => m * TRADING_DAYS_PER_YEAR), r.problem.sigma, riskFreeRate);
  return {
    riskFactor: r.problem.riskFactor,
    budget: r.problem.budget,
    jobId: r.jobId,
    solver: r.solver,
    selectedTickers: r.solution.selectedTickers,
    bitstring: r.solution.bitstring,
    objective: r.solution.objective,
    approximationRatio: r.quality.approximationRatio,
    annualReturn: perf.expectedReturn,
    volatility: perf.volatility,
    sharpeRatio: perf.sharpeRatio,
  };
}

export const FRONTIER_CSV_COLUMNS = ['risk_factor', 'budget', 'tickers', 'bitstring', 'annual_return', 'annual_volatility', 'sharpe_ratio', 'objective', 'approximation_ratio', 'solver', 'job_id'] as const;

/** The points as CSV (header row first; fractions, not percents). */
export function frontierCsv(points: readonly FrontierPoint[]): string {
  return stringify(
    points.map((p) => [p.riskFactor, p.budget, p.selectedTickers.join(' '), p.bitstring, p.annualReturn, p.volatility, p.sharpeRatio ?? '', p.objective, p.approximationRatio ?? '', p.solver, p.jobId]),
    { header: true, columns: [...FRONTIER_CSV_COLUMNS] },
  );
}

/** One chart point per distinct (budget, selection), labelled with the risk factors that chose it. */
export function chartPoints(points: readonly FrontierPoint[]): FrontierChartPoint[] {
  const groups = new Map<string, FrontierPoint[]>();
  for (const p of points) {
    const key = `${p.budget}:${p.bitstring}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()].map((g) => {
    const qs = g.map((p) => p.riskFactor).sort((a, b) => a - b);
    const p = g[0]!;
    return { label: qs.length === 1 ? `q ${num(qs[0])}` : `q ${num(qs[0])}–${num(qs[qs.length - 1])}`, budget: p.budget, volatility: p.volatility, annualReturn: p.annualReturn, tickers: p.selectedTickers.join(',') };
  });
}

/** The frontier page: the chart (one line per budget) and the table of points. */
export async function renderFrontierHtml(points: readonly FrontierPoint[], context: { tickers: readonly string[]; dataWindow: string; generatedAt: string; riskFreeRate: number }): Promise<string> {
  const svg = await renderSvg(frontierChart(chartPoints(points)));
  const body =
    section(
      'frontier',
      'Frontier',
      facts([
        ['Assets', context.tickers.join(', ')],
        ['Data window', context.dataWindow],
        ['Points', points.length],
      ]) + figure('frontier', svg, 'Each point is one selection, labelled with the risk factors q that chose it; lines join the points of one budget B in order of volatility.'),
    ) +
    section(
      'points',
      'Points',
      table(
        ['q', 'B', 'Assets', 'Return (annual)', 'Volatility (annual)', `Sharpe (rf ${pct(context.riskFreeRate)})`, 'Objective', 'Ratio', 'Solver', 'Job'],
        points.map((p) => [num(p.riskFactor), p.budget, p.selectedTickers.join(', '), pct(p.annualReturn), pct(p.volatility), p.sharpeRatio === null ? '–' : p.sharpeRatio.toFixed(3), num(p.objective), p.approximationRatio === null ? '–' : p.approximationRatio.toFixed(4), p.solver, p.jobId]),
      ),
    );
  return page('qpo efficient frontier', `${context.tickers.join(', ')} · ${points.length} points`, [], body, `Report generated ${context.generatedAt}. Equal weights over each selection; returns arithmetic (252 × mean daily return).`);
}
