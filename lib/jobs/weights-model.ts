/**
 * The weighted model of a job: the spec's `weights` section (tickers by name) laid onto the job's
 * problem (mu, Sigma, risk factor) as a PortfolioModel (lib/portfolio/model.ts), with the encoding
 * chosen and, for `objective: max-sharpe`, the risk factor picked by a sweep. Pure.
 */
import { createPortfolioModel, DEFAULT_RISK_FREE_RATE, exactModelOptimum, countLotVectors, portfolioPerformance, TRADING_DAYS_PER_YEAR, type PortfolioModel, type PortfolioModelInput } from '../portfolio';
import type { PortfolioProblem } from '../portfolio/types';
import { annealLots } from '../solvers/lot-anneal';
import { PortfolioError } from '../portfolio/errors';
import type { WeightsSpecValue } from './weights-spec';

/**
 * Largest Hamming-weight subspace, C(qubits, weight), for which `encoding: auto` picks the unary
 * encoding (the givens VQE evolves a vector of that length per evaluation: 2^18 doubles = 2 MiB).
 */
export const UNARY_MAX_SUBSPACE = 1 << 18;
/** Largest number of lot vectors the exact reference enumerates (about 1 s). */
export const EXACT_MAX_LOT_VECTORS = 2_000_000;
/** Risk factors of the max-Sharpe sweep (q on lots), log-spaced from 0.01 to 100. */
export const SHARPE_SWEEP = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100] as const;

/** The latest prices and compounded returns of the dataset (absent for explicit mu and Sigma). */
export interface PriceSummary {
  /** Last close per ticker (ticker order), USD, on `date`. */
  readonly latest: readonly number[];
  readonly date: string;
  /** Compound annual growth rate per ticker over the window (PyPortfolioOpt's compounding). */
  readonly compoundedAnnual: readonly number[];
}

/** What the job's weights resolved to: the model, and how the encoding and risk factor were chosen. */
export interface WeightModelChoice {
  readonly model: PortfolioModel;
  readonly encodingReason: string;
  /** The max-Sharpe sweep: each risk factor's best weights' Sharpe ratio (arithmetic, annual). */
  readonly sweep: readonly { readonly riskFactor: number; readonly sharpeRatio: number | null; readonly weights: readonly number[] }[] | null;
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

const byTicker = (tickers: readonly string[], v: number | Record<string, number> | undefined, fallback: number): number | number[] | undefined =>
  v === undefined || typeof v === 'number' ? v : tickers.map((t) => v[t] ?? fallback);

/** The model input of a weights section for a problem (risk factor from the problem). */
export function modelInputOf(w: WeightsSpecValue, problem: PortfolioProblem, encoding: 'unary' | 'binary'): PortfolioModelInput {
  const t = problem.tickers;
  const minWeight = byTicker(t, w.minWeight, 0);
  const maxWeight = byTicker(t, w.maxWeight, 1);
  // A one-off cost spread over the holding period (the objective is a daily return).
  const given = byTicker(t, w.costBps, 0);
  const costBps = given === undefined ? undefined : typeof given === 'number' ? given / w.holdingDays : given.map((c) => c / w.holdingDays);
  return {
    tickers: t,
    mu: problem.mu,
    sigma: problem.sigma,
    riskFactor: problem.riskFactor,
    lots: w.lots,
    encoding,
    ...(minWeight === undefined ? {} : { minWeight }),
    ...(maxWeight === undefined ? {} : { maxWeight }),
    ...(costBps === undefined ? {} : { costBps }),
    ...(w.holdings ? { holdings: t.map((x) => w.holdings![x] ?? 0) } : {}),
    ...(w.sectors
      ? { sectors: w.sectors.map((s) => ({ name: s.name, assets: s.tickers.map((x) => t.indexOf(x)), maxWeight: s.maxWeight ?? w.sectorCap ?? 1 })) }
      : {}),
  };
}

/**
 * The model with its encoding: `unary` or `binary` as asked; `auto` takes unary when its Hamming
 * weight exists (no binding sector cap) and the subspace has at most UNARY_MAX_SUBSPACE states.
 * @throws PortfolioError INVALID_PROBLEM naming the field (lib/portfolio createPortfolioModel).
 */
export function chooseEncoding(w: WeightsSpecValue, problem: PortfolioProblem): { model: PortfolioModel; reason: string } {
  if (w.encoding !== 'auto') return { model: createPortfolioModel(modelInputOf(w, problem, w.encoding)), reason: `weights.encoding: ${w.encoding}` };
  const unary = createPortfolioModel(modelInputOf(w, problem, 'unary'));
  if (unary.hammingWeight === null)
    return { model: createPortfolioModel(modelInputOf(w, problem, 'binary')), reason: 'auto: binary (a binding sector cap needs slack bits, so the unary encoding has no fixed Hamming weight)' };
  const dim = binomial(unary.bits.length, unary.hammingWeight);
  if (dim > UNARY_MAX_SUBSPACE)
    return { model: createPortfolioModel(modelInputOf(w, problem, 'binary')), reason: `auto: binary (the unary subspace C(${unary.bits.length}, ${unary.hammingWeight}) = ${dim} exceeds ${UNARY_MAX_SUBSPACE})` };
  return { model: unary, reason: `auto: unary (${unary.bits.length} qubits, Hamming weight ${unary.hammingWeight}, subspace ${dim})` };
}

/** The best lot vector of a model: enumeration where it fits, else lot annealing (seeded). */
export function bestLots(model: PortfolioModel, seed: number): readonly number[] {
  return countLotVectors(model) <= EXACT_MAX_LOT_VECTORS ? exactModelOptimum(model, EXACT_MAX_LOT_VECTORS).best.lots : annealLots(model, { seed }).best.lots;
}

/**
 * Resolve a job's weights: the encoding, and for `max-sharpe` the risk factor of SHARPE_SWEEP whose
 * best weights have the largest Sharpe ratio (arithmetic annual return 252 mu, risk-free rate from
 * the spec), the job then solving at that risk factor.
 */
export function resolveWeights(w: WeightsSpecValue, problem: PortfolioProblem, seed: number): WeightModelChoice {
  try {
    return resolve(w, problem, seed);
  } catch (error) {
    // The model names its own fields (maxWeight, sectors[0].maxWeight): in a JobSpec they sit under weights.
    if (error instanceof PortfolioError && error.code === 'INVALID_PROBLEM' && !error.field.startsWith('weights.'))
      throw new PortfolioError('INVALID_PROBLEM', `weights.${error.message}`, { field: `weights.${error.field}`, details: error.details, cause: error });
    throw error;
  }
}

function resolve(w: WeightsSpecValue, problem: PortfolioProblem, seed: number): WeightModelChoice {
  if (w.objective !== 'max-sharpe') {
    const { model, reason } = chooseEncoding(w, problem);
    return { model, encodingReason: reason, sweep: null };
  }
  const rf = w.riskFreeRate ?? DEFAULT_RISK_FREE_RATE;
  const annual = problem.mu.map((m) => m * TRADING_DAYS_PER_YEAR);
  const sweep = SHARPE_SWEEP.map((q) => {
    const model = createPortfolioModel({ ...modelInputOf(w, { ...problem, riskFactor: q }, 'binary') });
    const lots = bestLots(model, seed);
    const weights = lots.map((k) => k / model.lots);
    return { riskFactor: q, sharpeRatio: portfolioPerformance(weights, annual, problem.sigma, rf).sharpeRatio, weights };
  });
  const best = sweep.reduce((a, b) => ((b.sharpeRatio ?? -Infinity) > (a.sharpeRatio ?? -Infinity) ? b : a));
  const { model, reason } = chooseEncoding(w, { ...problem, riskFactor: best.riskFactor });
  return { model, encodingReason: reason, sweep };
}
