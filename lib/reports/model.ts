/**
 * What a job report shows, computed from a ResultRecord: the weights, annual performance both
 * compounded (PyPortfolioOpt's default) and arithmetic, the comparison of the answer with the
 * annealing answer and the exact optimum, and the circuit that ran. The price file (for compounded
 * returns) comes through a reader port; nothing here touches a file or the network.
 */
import {
  approximationRatio,
  compoundedAnnualReturns,
  createProblem,
  equalWeights,
  evaluateSelection,
  parsePriceCsv,
  portfolioPerformance,
  selectPrices,
  TRADING_DAYS_PER_YEAR,
  DEFAULT_RISK_FREE_RATE,
  type PortfolioPerformance,
} from '../portfolio';
import type { PortfolioProblem } from '../portfolio/types';
import type { Circuit } from '../quantum';
import type { DatasetReader } from '../jobs/prepare';
import type { ResultRecord } from '../jobs/result';
import { runAnnealingStep } from '../jobs/steps';
import { plannedCircuitOf } from '../jobs/method';

/** One asset row of the report. */
export interface AssetRow {
  readonly ticker: string;
  readonly selected: boolean;
  readonly weight: number;
  /** The continuous Markowitz optimum's weight (weighted jobs), else null. */
  readonly continuousWeight: number | null;
  /** 252 x mean daily return. */
  readonly annualReturnArithmetic: number;
  /** Compound annual growth rate over the data window; null without the prices. */
  readonly annualReturnCompounded: number | null;
  /** sqrt(252 Sigma_ii). */
  readonly volatility: number;
}

/** One answer of the comparison (this job's, simulated annealing's, the exact optimum). */
export interface AnswerRow {
  readonly label: string;
  readonly solver: string;
  readonly bitstring: string;
  readonly tickers: readonly string[];
  readonly objective: number;
  readonly feasible: boolean;
  readonly approximationRatio: number | null;
  readonly annualReturn: number;
  readonly volatility: number;
  readonly note: string;
}

export interface ReportModel {
  readonly record: ResultRecord;
  readonly generatedAt: string;
  /** Annual risk-free rate of the Sharpe ratios. */
  readonly riskFreeRate: number;
  readonly assets: readonly AssetRow[];
  readonly performance: {
    readonly compounded: PortfolioPerformance | null;
    readonly arithmetic: PortfolioPerformance;
    /** Why the compounded figures are missing, when they are. */
    readonly compoundedNote: string | null;
  };
  readonly answers: readonly AnswerRow[];
  /** The circuit of the quantum path that answered, null when no circuit ran. */
  readonly circuit: Circuit | null;
}

export interface ReportOptions {
  /** Reads the record's dataset for the compounded returns; without it only arithmetic figures. */
  readonly readDataset?: DatasetReader;
  /** Annual risk-free rate (default 0.02, PyPortfolioOpt's). */
  readonly riskFreeRate?: number;
  /** Run simulated annealing on the record's problem for the comparison (default true). */
  readonly annealing?: boolean;
  readonly now?: () => Date;
}

/** The PortfolioProblem of a record (its mu, Sigma, q and B as they were solved). */
export function problemOfRecord(record: ResultRecord): PortfolioProblem {
  const p = record.problem;
  return createProblem({ tickers: p.tickers, mu: p.mu, sigma: p.sigma, riskFactor: p.riskFactor, budget: p.budget });
}

/**
 * Compounded annual returns over the record's own data window, or null with the reason (explicit
 * mu/Sigma, no reader, the prices changed or cannot be read).
 */
export async function recordCompoundedReturns(record: ResultRecord, readDataset?: DatasetReader): Promise<{ values: number[] | null; note: string | null }> {
  const d = record.problem.data;
  if (d.source === 'explicit' || !d.start || !d.end) return { values: null, note: 'the job was given mu and Sigma, not prices: only the arithmetic figures exist' };
  if (!readDataset) return { values: null, note: 'the price file was not read: only the arithmetic figures are shown' };
  try {
    // Read as the job read it (a market source by its tickers and fixed range), then keep its window.
    const p = record.request.portfolio;
    const content = await readDataset(p.dataset, { tickers: record.problem.tickers, ...(p.start === undefined ? {} : { start: p.start }), ...(p.end === undefined ? {} : { end: p.end }) });
    const csv = typeof content === 'string' ? content : content.csv;
    const selected = selectPrices(parsePriceCsv(csv), { tickers: record.problem.tickers, start: d.start, end: d.end });
    if (d.observations !== null && selected.dates.length - 1 !== d.observations)
      return { values: null, note: `the price file '${d.source}' has changed since the run (${selected.dates.length - 1} returns now, ${d.observations} then)` };
    return { values: compoundedAnnualReturns(selected), note: null };
  } catch (error) {
    return { values: null, note: `the prices of '${d.source}' could not be read again (${(error as Error).message})` };
  }
}

function circuitOf(record: ResultRecord, problem: PortfolioProblem): Circuit | null {
  // The circuit that ran: lib/jobs/method builds it from the normalized request as the solver did.
  return record.variational ? plannedCircuitOf(record.request, problem) : null;
}

function answerRow(label: string, solver: string, problem: PortfolioProblem, record: ResultRecord, bitstring: string, note: string): AnswerRow {
  const e = evaluateSelection(problem, bitstring);
  const q = record.quality;
  return {
    label,
    solver,
    bitstring: e.bitstring,
    tickers: e.selectedTickers,
    objective: e.objective,
    feasible: e.feasible,
    approximationRatio: q.optimum !== null && q.worstFeasible !== null && e.feasible ? approximationRatio(e.objective, q.optimum, q.worstFeasible) : null,
    annualReturn: e.expectedReturnAnnual,
    volatility: e.volatilityAnnual,
    note,
  };
}

/** This job's answer, the annealing answer (the record's own when annealing answered) and the exact optimum. */
async function answersOf(record: ResultRecord, problem: PortfolioProblem, annealing: boolean): Promise<AnswerRow[]> {
  const rows = [answerRow(`this job (${record.solver})`, record.solver, problem, record, record.solution.bitstring, record.fallback.activated ? `fallback: ${record.fallback.reason}` : '')];
  if (record.solver !== 'annealing' && annealing) {
    const seed = record.request.quantum.seed ?? 0;
    const a = await runAnnealingStep(record.request, seed, problem, {}, record.quality.optimalBitstring ? { optimalBitstring: record.quality.optimalBitstring } : {});
    const s = record.request.fallback.annealing;
    rows.push(answerRow('simulated annealing', 'annealing', problem, record, a.bitstring, `run for this report: ${s.numReads} reads x ${s.numSweeps} sweeps, seed ${s.seed ?? seed}`));
  }
  if (record.quality.optimalBitstring && record.solver !== 'exact')
    rows.push(answerRow('exact optimum', 'exact', problem, record, record.quality.optimalBitstring, `brute force over the C(${problem.tickers.length},${problem.budget}) feasible selections`));
  return rows;
}

/**
 * Everything a report shows, from a stored record.
 * @throws PortfolioError when the record's problem is malformed (not a qpo record).
 */
export async function buildReportModel(record: ResultRecord, options: ReportOptions = {}): Promise<ReportModel> {
  const problem = problemOfRecord(record);
  const riskFreeRate = options.riskFreeRate ?? DEFAULT_RISK_FREE_RATE;
  // A weighted job's whole-lot weights; binary selection's equal weights.
  const weights = record.weights ? [...record.weights.weights] : equalWeights(record.solution.selection);
  const arithmeticReturns = problem.mu.map((m) => m * TRADING_DAYS_PER_YEAR);
  const compounded = await recordCompoundedReturns(record, options.readDataset);
  const assets = problem.tickers.map((ticker, i) => ({
    ticker,
    selected: record.solution.selection[i] === 1,
    weight: weights[i]!,
    continuousWeight: record.weights?.continuous?.weights[i] ?? null,
    annualReturnArithmetic: arithmeticReturns[i]!,
    annualReturnCompounded: compounded.values?.[i] ?? null,
    volatility: Math.sqrt(problem.sigma[i]![i]! * TRADING_DAYS_PER_YEAR),
  }));
  return {
    record,
    generatedAt: (options.now?.() ?? new Date()).toISOString(),
    riskFreeRate,
    assets,
    performance: {
      arithmetic: portfolioPerformance(weights, arithmeticReturns, problem.sigma, riskFreeRate),
      compounded: compounded.values ? portfolioPerformance(weights, compounded.values, problem.sigma, riskFreeRate) : null,
      compoundedNote: compounded.note,
    },
    // Weighted jobs: the other answers and the planned circuit are of binary selection; not shown.
    answers: record.weights ? [] : await answersOf(record, problem, options.annealing !== false),
    circuit: record.weights ? null : circuitOf(record, problem),
  };
}
