/**
 * From bits back to a portfolio: lot counts, weights, feasibility and the exact objective of a
 * PortfolioModel (lib/portfolio/model.ts). The QUBO (model-qubo.ts) agrees with these on every bit
 * vector up to the encoding of the transaction cost, which it never under-states.
 */
import { encodeInteger } from './encoding';
import { invalidProblem } from './errors';
import type { PortfolioModel } from './model';

export interface LotEvaluation {
  /** Lots per asset, shape (n). */
  readonly lots: readonly number[];
  /** Weights k_i / L, shape (n). */
  readonly weights: readonly number[];
  /** Sum of lots equals L and every sector within its cap (bounds hold by the encoding). */
  readonly feasible: boolean;
  /** What is violated, when infeasible: `budget` and the names of sectors over their cap. */
  readonly violations: readonly string[];
  /** f(k) = q k^T Sigma k - mu^T k + sum c_i |k_i - h_i| (lot units, daily). */
  readonly objective: number;
  /** The mean-variance part q k^T Sigma k - mu^T k alone. */
  readonly meanVariance: number;
  /** The transaction cost part sum c_i |k_i - h_i| (lot units). */
  readonly transactionCost: number;
  /** Trades in lots, k_i - h_i (null without holdings). */
  readonly trades: readonly number[] | null;
}

/** Lots per asset of bit vector x (0/1 per model bit). */
export function lotsOfBits(model: PortfolioModel, x: ArrayLike<number>): number[] {
  return model.assets.map((a) => a.terms.reduce((k, t) => k + (x[t.bit] ? t.coefficient : 0), a.base));
}

/** Evaluate a lot vector (no bounds check beyond the model's constraints). */
export function evaluateLots(model: PortfolioModel, lots: readonly number[]): LotEvaluation {
  const n = model.tickers.length;
  let quad = 0;
  let lin = 0;
  for (let i = 0; i < n; i++) {
    const ki = lots[i]!;
    if (ki === 0) continue;
    lin += model.mu[i]! * ki;
    const row = model.sigma[i]!;
    for (let j = 0; j < n; j++) if (lots[j]) quad += row[j]! * ki * lots[j]!;
  }
  const meanVariance = model.riskFactor * quad - lin;
  const h = model.holdingsLots;
  const trades = h ? lots.map((k, i) => k - h[i]!) : null;
  const transactionCost = trades ? trades.reduce((c, t, i) => c + model.costPerLot[i]! * Math.abs(t), 0) : 0;
  const violations: string[] = [];
  const total = lots.reduce((a, b) => a + b, 0);
  if (total !== model.lots) violations.push('budget');
  for (const s of model.sectors) if (s.assets.reduce((a, i) => a + lots[i]!, 0) > s.maxLots) violations.push(s.name);
  lots.forEach((k, i) => {
    const a = model.assets[i]!;
    if (k < a.minLots || k > a.maxLots) violations.push(`bounds:${model.tickers[i]}`);
  });
  return {
    lots: [...lots],
    weights: lots.map((k) => k / model.lots),
    feasible: violations.length === 0,
    violations,
    objective: meanVariance + transactionCost,
    meanVariance,
    transactionCost,
    trades,
  };
}

/** Decode and evaluate bit vector x. */
export function decodeBits(model: PortfolioModel, x: ArrayLike<number>): LotEvaluation {
  return evaluateLots(model, lotsOfBits(model, x));
}

/**
 * The constraint residuals of bit vector x, as the QUBO penalises them: the lot budget (sum k - L),
 * then each binding sector (sum of its lots + its slack - its cap). All zero: x is a feasible bit
 * vector; a feasible portfolio may also decode from an x whose slack bits are off (not all zero).
 */
export function constraintResiduals(model: PortfolioModel, x: ArrayLike<number>): number[] {
  const lots = lotsOfBits(model, x);
  const out = [lots.reduce((a, b) => a + b, 0) - model.lots];
  model.sectors.forEach((s, si) => {
    const slack = model.slack[si]!;
    if (slack.length === 0 && s.assets.reduce((a, i) => a + model.assets[i]!.maxLots, 0) <= s.maxLots) return;
    out.push(s.assets.reduce((a, i) => a + lots[i]!, 0) + slack.reduce((a, b) => a + (x[b.bit] ? b.coefficient : 0), 0) - s.maxLots);
  });
  return out;
}

/**
 * The cheapest bit vector of a feasible lot vector: lots by the encoding (with holdings: the step
 * bit and buys above the holding, sells below; unary: a thermometer code), slack bits filling each
 * binding sector up to its cap. Its QUBO energy is the exact objective of `lots`.
 * @throws PortfolioError INVALID_PROBLEM when a lot count is outside its bounds.
 */
export function encodeLots(model: PortfolioModel, lots: readonly number[]): number[] {
  const x = new Array<number>(model.bits.length).fill(0);
  model.assets.forEach((a, i) => {
    const k = lots[i]!;
    if (k < a.minLots || k > a.maxLots) throw invalidProblem('lots', `lots: ${model.tickers[i]} holds ${k} lots; must be between ${a.minLots} and ${a.maxLots}`, { asset: i, lots: k });
    const own = a.terms.map((t) => t.bit);
    const kinds = own.map((b) => model.bits[b]!.kind);
    const pick = (kind: string, value: number) => {
      const bits = own.filter((_, j) => kinds[j] === kind);
      const coefficients = bits.map((b) => model.bits[b]!.coefficient);
      encodeInteger(coefficients, value).forEach((v, j) => (x[bits[j]!] = v));
    };
    if (model.encoding === 'unary') {
      own.slice(0, k - a.base).forEach((b) => (x[b] = 1));
      return;
    }
    if (a.holdings === null) return pick('lots', k - a.base);
    const stepBit = own.find((_, j) => kinds[j] === 'step');
    if (k > a.base) {
      let up = k - a.base;
      if (stepBit !== undefined) {
        x[stepBit] = 1;
        up -= 1;
      }
      pick('buy', up);
    } else if (k < a.base) pick('sell', a.base - k);
  });
  model.sectors.forEach((s, si) => {
    const slack = model.slack[si]!;
    if (slack.length === 0) return;
    const used = s.assets.reduce((acc, i) => acc + lots[i]!, 0);
    encodeInteger(slack.map((b) => b.coefficient), Math.max(0, s.maxLots - used)).forEach((v, j) => (x[slack[j]!.bit] = v));
  });
  return x;
}
