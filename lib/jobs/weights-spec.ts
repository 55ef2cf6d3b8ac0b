/**
 * The JobSpec's `weights` section (schemaVersion 2): integer weights in lots, weight limits, sector
 * caps, rebalancing from current holdings with proportional transaction costs, and the capital to
 * allocate into whole shares. Without it a job is binary selection (pick `budget` of n, equal weights).
 * Tickers are named, not indexed, so a spec reads on its own; lib/jobs/weights-model.ts maps them.
 */
import { z } from 'zod';

const show = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v));
const fraction = (what: string) =>
  z.number({ error: (iss) => (iss.input === undefined ? 'is required' : `${show(iss.input)} is not a number; ${what} is a fraction between 0 and 1`) }).min(0, { error: (iss) => `${show(iss.input)} is out of range; ${what} is a fraction between 0 and 1` }).max(1, { error: (iss) => `${show(iss.input)} is out of range; ${what} is a fraction between 0 and 1` });
/** One number for every asset, or one per ticker by name. */
const perTicker = (schema: z.ZodNumber) => z.union([schema, z.record(z.string(), schema)], { error: (iss) => `${show(iss.input)} is not valid; give one number, or an object of ticker: number` });

export const SectorSpec = z.strictObject({
  name: z.string().min(1).max(64),
  tickers: z.array(z.string()).min(1, { error: 'list at least one ticker of the sector' }),
  /** Largest total weight of the sector; default `weights.sectorCap`. */
  maxWeight: fraction('a sector cap').optional(),
});

export const WEIGHT_ENCODINGS = ['auto', 'unary', 'binary'] as const;
export const WEIGHT_OBJECTIVES = ['mean-variance', 'max-sharpe'] as const;

export const WeightsSpec = z.strictObject({
  /** Lot budget L: weights move in steps of 1 / L (`--lots`). */
  lots: z
    .number({ error: (iss) => `${show(iss.input)} is not a number; lots is an integer between 1 and 1000 (weights move in steps of 1/lots)` })
    .int({ error: (iss) => `${show(iss.input)} is not an integer; lots is an integer between 1 and 1000` })
    .min(1, { error: (iss) => `${show(iss.input)} is out of range; lots is an integer between 1 and 1000` })
    .max(1000, { error: (iss) => `${show(iss.input)} is out of range; lots is an integer between 1 and 1000` }),
  minWeight: perTicker(fraction('a minimum weight')).optional(),
  maxWeight: perTicker(fraction('a maximum weight')).optional(),
  sectors: z.array(SectorSpec).max(64).optional(),
  /** Default cap of sectors that give none (`--sector-cap`). */
  sectorCap: fraction('a sector cap').optional(),
  /** Current weights by ticker (fractions of the portfolio; the rest is cash): rebalancing. */
  holdings: z.record(z.string(), fraction('a holding')).optional(),
  /** Proportional transaction cost, basis points of the traded value. */
  costBps: perTicker(z.number().min(0, { error: 'a cost is at least 0 bps' }).max(10_000, { error: 'a cost is at most 10000 bps (100 %)' })).optional(),
  /**
   * Days a trade's cost is spread over. The objective is in daily returns, so a one-off cost c enters
   * as c / holdingDays; 252 (a year) matches PyPortfolioOpt's transaction_cost on annualised returns.
   */
  holdingDays: z.number().min(1, { error: 'holdingDays: at least 1 day' }).max(10_000).default(252),
  /** Capital to allocate into whole shares at the latest prices, USD. */
  capitalUsd: z.number().positive({ error: (iss) => `${show(iss.input)} must be a positive amount of USD` }).max(1e12).optional(),
  /** Annual risk-free rate of the Sharpe ratio (default 0.02, PyPortfolioOpt's). */
  riskFreeRate: z.number().min(-1).max(1).optional(),
  /** `auto`: unary (one qubit per lot, Hamming-weight subspace) when it fits, else binary. */
  encoding: z.enum(WEIGHT_ENCODINGS, { error: (iss) => `${show(iss.input)} is not valid; use one of ${WEIGHT_ENCODINGS.join(', ')}` }).default('auto'),
  /** `max-sharpe`: sweep the risk factor and keep the point of largest Sharpe ratio. */
  objective: z.enum(WEIGHT_OBJECTIVES, { error: (iss) => `${show(iss.input)} is not valid; use one of ${WEIGHT_OBJECTIVES.join(', ')}` }).default('mean-variance'),
});

export type WeightsSpecInput = z.input<typeof WeightsSpec>;
export type WeightsSpecValue = z.output<typeof WeightsSpec>;

/** Ticker names a weights section uses that are not among the job's tickers, with their field. */
export function unknownWeightTickers(w: WeightsSpecValue, tickers: readonly string[]): { path: (string | number)[]; ticker: string }[] {
  const known = new Set(tickers);
  const out: { path: (string | number)[]; ticker: string }[] = [];
  const byName = (field: string, v: unknown) => {
    if (v && typeof v === 'object') for (const t of Object.keys(v)) if (!known.has(t)) out.push({ path: ['weights', field, t], ticker: t });
  };
  byName('minWeight', w.minWeight);
  byName('maxWeight', w.maxWeight);
  byName('holdings', w.holdings);
  byName('costBps', w.costBps);
  w.sectors?.forEach((s, i) => s.tickers.forEach((t, j) => (known.has(t) ? undefined : out.push({ path: ['weights', 'sectors', i, 'tickers', j], ticker: t }))));
  return out;
}
