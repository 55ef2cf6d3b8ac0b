/**
 * The weights flags of `qpo optimize` (--lots, --min-weight, --max-weight, --sectors FILE,
 * --sector-cap, --holdings FILE, --cost-bps, --capital, --risk-free-rate, --weights-encoding,
 * --objective) onto the JobSpec's `weights` section. The sector and holdings files are parsed here
 * (YAML/JSON, or CSV for holdings) into the spec's plain shapes; the JobSpec validates the values.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { JobValidationError } from '../../lib/jobs/errors';

export interface WeightFlags {
  lots?: string;
  minWeight?: string;
  maxWeight?: string;
  sectors?: string;
  sectorCap?: string;
  holdings?: string;
  costBps?: string;
  holdingDays?: string;
  capital?: string;
  riskFreeRate?: string;
  weightsEncoding?: string;
  objective?: string;
}

/** JobSpec path -> flag, for error messages. */
export const WEIGHT_FLAG_OF_PATH: Record<string, string> = {
  'weights.lots': '--lots',
  'weights.minWeight': '--min-weight',
  'weights.maxWeight': '--max-weight',
  'weights.sectors': '--sectors',
  'weights.sectorCap': '--sector-cap',
  'weights.holdings': '--holdings',
  'weights.costBps': '--cost-bps',
  'weights.holdingDays': '--holding-days',
  'weights.capitalUsd': '--capital',
  'weights.riskFreeRate': '--risk-free-rate',
  'weights.encoding': '--weights-encoding',
  'weights.objective': '--objective',
};

const num = (v: string | undefined): number | string | undefined => {
  if (v === undefined) return undefined;
  const x = Number(v);
  return v.trim() !== '' && Number.isFinite(x) ? x : v;
};

/**
 * A sector file: YAML or JSON mapping each sector name to its tickers, or to `{ tickers, maxWeight }`.
 * @throws JobValidationError naming --sectors and the entry.
 */
export function parseSectors(text: string, file: string): { name: string; tickers: string[]; maxWeight?: number }[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw new JobValidationError(`--sectors: '${file}' is not YAML or JSON: ${(error as Error).message.split('\n')[0]}`, 'weights.sectors');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new JobValidationError(`--sectors: '${file}' must map sector names to tickers, e.g. tech: [AAPL, GOOG] or tech: { tickers: [AAPL, GOOG], maxWeight: 0.5 }`, 'weights.sectors');
  return Object.entries(doc).map(([name, v]) => {
    if (Array.isArray(v)) return { name, tickers: v.map(String) };
    if (typeof v === 'object' && v !== null && Array.isArray((v as { tickers?: unknown }).tickers)) {
      const o = v as { tickers: unknown[]; maxWeight?: unknown };
      return { name, tickers: o.tickers.map(String), ...(o.maxWeight === undefined ? {} : { maxWeight: o.maxWeight as number }) };
    }
    throw new JobValidationError(`--sectors: '${name}' in '${file}' must be a list of tickers or { tickers: [...], maxWeight: w }`, 'weights.sectors');
  });
}

/**
 * A holdings file: CSV with columns `ticker,weight` (a header row), or YAML/JSON `{ TICKER: weight }`.
 * @throws JobValidationError naming --holdings and the row.
 */
export function parseHoldings(text: string, file: string): Record<string, number> {
  const out: Record<string, number> = {};
  if (/\.csv$/i.test(file)) {
    let rows: Record<string, string>[];
    try {
      rows = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
    } catch (error) {
      throw new JobValidationError(`--holdings: '${file}' is not a CSV file: ${(error as Error).message}`, 'weights.holdings');
    }
    rows.forEach((row, i) => {
      if (row.ticker === undefined || row.weight === undefined)
        throw new JobValidationError(`--holdings: '${file}' needs the columns ticker,weight (row ${i + 2} has ${Object.keys(row).join(', ')})`, 'weights.holdings');
      const w = Number(row.weight);
      if (row.weight === '' || !Number.isFinite(w)) throw new JobValidationError(`--holdings: '${file}' row ${i + 2}: weight '${row.weight}' of ${row.ticker} is not a number (a fraction such as 0.25)`, 'weights.holdings');
      out[row.ticker] = w;
    });
    return out;
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw new JobValidationError(`--holdings: '${file}' is not CSV, YAML or JSON: ${(error as Error).message.split('\n')[0]}`, 'weights.holdings');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new JobValidationError(`--holdings: '${file}' must map tickers to current weights, e.g. {"AAPL": 0.25, "XOM": 0.5}, or be a CSV with ticker,weight`, 'weights.holdings');
  for (const [t, v] of Object.entries(doc)) out[t] = v as number;
  return out;
}

/** Set the weights flags on a JobSpec input (files already read: `files.sectors`, `files.holdings`). */
export function applyWeightFlags(spec: Record<string, unknown>, flags: WeightFlags, files: { sectors?: ReturnType<typeof parseSectors>; holdings?: Record<string, number> }): void {
  const values: Record<string, unknown> = {
    lots: num(flags.lots),
    minWeight: num(flags.minWeight),
    maxWeight: num(flags.maxWeight),
    sectors: files.sectors,
    sectorCap: num(flags.sectorCap),
    holdings: files.holdings,
    costBps: num(flags.costBps),
    holdingDays: num(flags.holdingDays),
    capitalUsd: num(flags.capital),
    riskFreeRate: num(flags.riskFreeRate),
    encoding: flags.weightsEncoding,
    objective: flags.objective,
  };
  const current = spec.weights;
  // --risk-free-rate alone is not a weighted job (qpo frontier and report take it for the Sharpe ratio).
  if (current === undefined && Object.entries(values).every(([k, v]) => v === undefined || k === 'riskFreeRate')) return;
  const weights: Record<string, unknown> = typeof current === 'object' && current !== null && !Array.isArray(current) ? { ...(current as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined) weights[k] = v;
  spec.weights = weights;
}
