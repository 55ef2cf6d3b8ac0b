/**
 * The ResultRecord's `weights` section of a weighted job (spec.weights): lots and weights, the trade
 * list with its costs, annualised performance (PyPortfolioOpt's compounding, arithmetic beside it),
 * the continuous Markowitz reference with the distance to it, and whole shares for the capital.
 * Pure: every input is in the prepared job and the answer.
 */
import {
  DEFAULT_RISK_FREE_RATE,
  evaluateLots,
  greedyAllocation,
  portfolioPerformance,
  TRADING_DAYS_PER_YEAR,
  type DiscreteAllocation,
  type PortfolioModel,
  type PortfolioPerformance,
} from '../portfolio';
import type { SelectionEvaluation } from '../portfolio/types';
import { bitstringOf } from '../solvers/model';
import { continuousReference, distanceToContinuous } from '../solvers/continuous';
import type { PriceSummary, WeightModelChoice } from './weights-model';
import type { WeightsSpecValue } from './weights-spec';

/** One asset's trade: from the current weight to the answer's, in lots, with its cost. */
export interface Trade {
  readonly ticker: string;
  readonly fromWeight: number;
  readonly toWeight: number;
  /** Lots bought (> 0) or sold (< 0), k - h (h may be fractional). */
  readonly lots: number;
  readonly side: 'buy' | 'sell';
  readonly costBps: number;
  /** Cost as a fraction of the portfolio's value: costBps / 1e4 * |toWeight - fromWeight|. */
  readonly costFraction: number;
  /** The same in USD when the capital is given. */
  readonly costUsd: number | null;
}

export interface WeightsSection {
  readonly encoding: PortfolioModel['encoding'];
  readonly encodingReason: string;
  readonly qubits: number;
  /** Lot budget L: weights are multiples of 1 / L. */
  readonly lots: number;
  readonly riskFactor: number;
  readonly tickers: readonly string[];
  /** Whole lots per asset, shape (n). */
  readonly lotsPerAsset: readonly number[];
  /** k / L per asset, shape (n), summing to 1. */
  readonly weights: readonly number[];
  /** f(k) in lot units (daily): mean-variance plus transaction cost. */
  readonly objective: number;
  readonly transactionCost: number;
  readonly feasible: boolean;
  readonly violations: readonly string[];
  readonly sectors: readonly { readonly name: string; readonly tickers: readonly string[]; readonly maxWeight: number; readonly weight: number }[];
  /** The trades from the holdings (rebalancing), nonzero ones only; null without holdings. */
  readonly trades: readonly Trade[] | null;
  readonly performance: {
    readonly riskFreeRate: number;
    /** 252 * mu^T w, annual volatility and Sharpe. */
    readonly arithmetic: PortfolioPerformance;
    /** Compound annual growth per asset weighted by w (PyPortfolioOpt's default); null without prices. */
    readonly compounded: PortfolioPerformance | null;
  };
  /** The continuous long-only optimum of the same model (quadprog), null when it has none. */
  readonly continuous: {
    readonly weights: readonly number[];
    readonly objective: number;
    /** Whole-lot objective minus continuous objective (>= 0), lot units. */
    readonly objectiveGap: number;
    /** sqrt(252 d^T Sigma d) of the weight difference, annual fraction. */
    readonly trackingErrorAnnual: number;
    readonly solver: string;
    readonly performance: PortfolioPerformance;
  } | null;
  /** Whole shares at the latest prices (PyPortfolioOpt's greedy DiscreteAllocation); null without capital or prices. */
  readonly allocation: (DiscreteAllocation & { readonly capitalUsd: number; readonly pricesDate: string; readonly prices: readonly number[] }) | null;
  /** The max-Sharpe sweep of the risk factor (objective: max-sharpe), else null. */
  readonly sweep: readonly { readonly riskFactor: number; readonly sharpeRatio: number | null; readonly weights: readonly number[] }[] | null;
}

/** The SelectionEvaluation view of a lot vector: held assets, and the weighted portfolio's return and risk. */
export function evaluationOfLots(model: PortfolioModel, lots: readonly number[]): SelectionEvaluation {
  const e = evaluateLots(model, lots);
  const selection = lots.map((k) => (k > 0 ? 1 : 0));
  const w = e.weights;
  let mean = 0;
  let variance = 0;
  for (let i = 0; i < w.length; i++) {
    mean += w[i]! * model.mu[i]!;
    for (let j = 0; j < w.length; j++) variance += w[i]! * w[j]! * model.sigma[i]![j]!;
  }
  const vol = Math.sqrt(Math.max(0, variance));
  return {
    selection,
    bitstring: bitstringOf(selection),
    selectedTickers: model.tickers.filter((_, i) => selection[i]),
    objective: e.objective,
    feasible: e.feasible,
    expectedReturnDaily: mean,
    expectedReturnAnnual: mean * TRADING_DAYS_PER_YEAR,
    volatilityDaily: vol,
    volatilityAnnual: vol * Math.sqrt(TRADING_DAYS_PER_YEAR),
  };
}

/** Build the section for the answer's lots. */
export function weightsSectionOf(prepared: { readonly weights?: WeightModelChoice; readonly prices?: PriceSummary }, spec: WeightsSpecValue, lots: readonly number[]): WeightsSection {
  const choice = prepared.weights!;
  const model = choice.model;
  const e = evaluateLots(model, lots);
  const rf = spec.riskFreeRate ?? DEFAULT_RISK_FREE_RATE;
  const arithmeticReturns = model.mu.map((m) => m * TRADING_DAYS_PER_YEAR);
  const perf = (w: readonly number[]) => portfolioPerformance(w, arithmeticReturns, model.sigma, rf);
  const capital = spec.capitalUsd;
  const h = model.holdingsLots;
  const trades = h
    ? model.tickers.flatMap((ticker, i) => {
        const d = lots[i]! - h[i]!;
        if (Math.abs(d) < 1e-12) return [];
        const bps = model.costPerLot[i]! * 1e4 * spec.holdingDays; // the cost as given (the model spreads it over holdingDays)
        const costFraction = (bps / 1e4) * Math.abs(d / model.lots);
        return [{ ticker, fromWeight: h[i]! / model.lots, toWeight: lots[i]! / model.lots, lots: d, side: d > 0 ? ('buy' as const) : ('sell' as const), costBps: bps, costFraction, costUsd: capital === undefined ? null : costFraction * capital }];
      })
    : null;
  let continuous: WeightsSection['continuous'] = null;
  try {
    const c = continuousReference(model);
    const dist = distanceToContinuous(model, e, c);
    continuous = { weights: c.weights, objective: c.evaluation.objective, objectiveGap: dist.objectiveGap, trackingErrorAnnual: dist.trackingErrorAnnual, solver: c.solver, performance: perf(c.weights) };
  } catch {
    continuous = null; // a relaxation without a solution: the section says so by null
  }
  const prices = prepared.prices;
  const allocation =
    capital !== undefined && prices ? { ...greedyAllocation(e.weights, prices.latest, capital), capitalUsd: capital, pricesDate: prices.date, prices: prices.latest } : null;
  return {
    encoding: model.encoding,
    encodingReason: choice.encodingReason,
    qubits: model.bits.length,
    lots: model.lots,
    riskFactor: model.riskFactor,
    tickers: model.tickers,
    lotsPerAsset: [...lots],
    weights: e.weights,
    objective: e.objective,
    transactionCost: e.transactionCost,
    feasible: e.feasible,
    violations: e.violations,
    sectors: model.sectors.map((s) => ({ name: s.name, tickers: s.assets.map((i) => model.tickers[i]!), maxWeight: s.maxWeight, weight: s.assets.reduce((a, i) => a + e.weights[i]!, 0) })),
    trades,
    performance: {
      riskFreeRate: rf,
      arithmetic: perf(e.weights),
      compounded: prices ? portfolioPerformance(e.weights, prices.compoundedAnnual, model.sigma, rf) : null,
    },
    continuous,
    allocation,
    sweep: choice.sweep,
  };
}
