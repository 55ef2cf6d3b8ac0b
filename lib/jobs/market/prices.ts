/**
 * `portfolio.dataset: tiingo` (the CLI's `--prices tiingo`): daily adjusted closes of the job's
 * tickers from Tiingo, each series cached by its exact date range, merged into the price-table CSV
 * that lib/portfolio reads (`date,T1,T2,...`, an empty cell where a ticker has no price that day, so
 * gaps are dropped as for the bundled file). The job records the service, tickers, requested range,
 * price field and download time (`problem.data.market`); the kept range is `problem.data.start/end`.
 */
import { parse } from 'csv-parse/sync';
import { QpoError } from '../../contracts/errors';
import { seriesKey, type CachedSeries, type PriceCache } from './cache';
import { fetchTiingoDaily, type TiingoOptions } from './tiingo';

/** The market-data sources `portfolio.dataset` accepts. */
export const MARKET_SOURCES = ['tiingo'] as const;
export type MarketSource = (typeof MARKET_SOURCES)[number];

export const isMarketSource = (dataset: string): dataset is MarketSource => (MARKET_SOURCES as readonly string[]).includes(dataset);

/** Years of history when no start date is given. */
export const DEFAULT_HISTORY_YEARS = 5;

/** What a job records about market data it used. */
export interface MarketProvenance {
  readonly service: MarketSource;
  readonly tickers: readonly string[];
  /** The date range asked of the service (inclusive, ISO). */
  readonly requestedStart: string;
  readonly requestedEnd: string;
  /** Split- and dividend-adjusted close (CRSP method). */
  readonly priceField: 'adjClose';
  /** Earliest download time of the series used (ISO); cached series keep their original time. */
  readonly retrievedAt: string;
  /** Tickers served from the cache rather than downloaded now. */
  readonly cachedTickers: readonly string[];
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The range of a market request: the given dates, else `end` = the day before `nowMs` (UTC; the
 * last day whose close is final) and `start` = `end` minus DEFAULT_HISTORY_YEARS years.
 */
export function marketRange(start: string | undefined, end: string | undefined, nowMs: number): { start: string; end: string } {
  const e = end ?? isoDay(nowMs - 86_400_000);
  if (start !== undefined) return { start, end: e };
  const d = new Date(`${e}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - DEFAULT_HISTORY_YEARS);
  return { start: isoDay(d.getTime() + 86_400_000), end: e };
}

export interface MarketReaderOptions {
  /** Tiingo settings; without a token only cached series can be used. */
  readonly tiingo: Omit<TiingoOptions, 'token'> & { readonly token?: string };
  readonly cache: PriceCache;
  readonly now: () => number;
}

/** date -> adjusted close of one Tiingo CSV; rows without a positive adjClose are left out (gaps). */
function adjustedCloses(series: CachedSeries): Map<string, number> {
  const rows = parse(series.csv, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  const out = new Map<string, number>();
  for (const row of rows) {
    const date = (row.date ?? '').slice(0, 10);
    const price = Number(row.adjClose);
    if (/^\d{4}-\d{2}-\d{2}$/.test(date) && Number.isFinite(price) && price > 0) out.set(date, price);
  }
  return out;
}

/**
 * The merged price CSV of `tickers` over the range, from the cache or the service.
 * @throws QpoError MARKET_DATA_NOT_CONFIGURED (no token and not cached), INSUFFICIENT_DATA (a ticker
 *   has no price in the range), and the service's errors (fetchTiingoDaily).
 */
export async function readMarketPrices(
  source: MarketSource,
  tickers: readonly string[],
  range: { start: string; end: string },
  options: MarketReaderOptions,
): Promise<{ csv: string; market: MarketProvenance }> {
  const today = isoDay(options.now());
  const series: CachedSeries[] = [];
  const cachedTickers: string[] = [];
  const missing: string[] = [];
  for (const ticker of tickers) {
    const key = seriesKey(source, ticker, range.start, range.end);
    const hit = await options.cache.get(key);
    if (hit) {
      series.push(hit);
      cachedTickers.push(ticker);
      continue;
    }
    if (!options.tiingo.token) {
      missing.push(ticker);
      continue;
    }
    const csv = await fetchTiingoDaily(ticker, range.start, range.end, { ...options.tiingo, token: options.tiingo.token });
    const fresh: CachedSeries = { service: source, ticker, start: range.start, end: range.end, retrievedAt: new Date(options.now()).toISOString(), csv };
    if (adjustedCloses(fresh).size === 0)
      throw new QpoError('INSUFFICIENT_DATA', `prices: Tiingo has no prices for ${ticker} between ${range.start} and ${range.end}; choose dates after its first trade (--start) or another ticker`, {
        path: 'prices',
        details: { ticker, ...range },
      });
    // A range reaching today is not final yet (closes arrive after the market closes): not cached.
    if (range.end < today) await options.cache.put(key, fresh);
    series.push(fresh);
  }
  if (missing.length)
    throw new QpoError(
      'MARKET_DATA_NOT_CONFIGURED',
      `portfolio.dataset: '${source}' needs an API token for ${missing.join(', ')} (${range.start}..${range.end} is not in the cache ${options.cache.location}); set TIINGO_API_KEY (a free Tiingo account has one), or use the bundled prices or --prices FILE`,
      { path: 'portfolio.dataset', details: { missing, ...range } },
    );
  const closes = series.map(adjustedCloses);
  const dates = [...new Set(closes.flatMap((c) => [...c.keys()]))].sort();
  const lines = [`date,${tickers.join(',')}`, ...dates.map((d) => `${d},${closes.map((c) => (c.has(d) ? String(c.get(d)) : '')).join(',')}`)];
  return {
    csv: `${lines.join('\n')}\n`,
    market: {
      service: source,
      tickers: [...tickers],
      requestedStart: range.start,
      requestedEnd: range.end,
      priceField: 'adjClose',
      retrievedAt: series.map((s) => s.retrievedAt).sort()[0]!,
      cachedTickers,
    },
  };
}
