/**
 * A Tiingo end-of-day server on 127.0.0.1 reproducing the documented CSV endpoint
 * (https://www.tiingo.com/documentation/end-of-day) and the responses clients meet:
 *
 *   GET /tiingo/daily/<ticker>/prices?startDate=&endDate=&format=csv   Authorization: Token <key>
 *   200 text/csv  date,close,high,low,open,volume,adjClose,adjHigh,adjLow,adjOpen,adjVolume,divCash,splitFactor
 *   401 {"detail":"Invalid token."}                       (missing or wrong token)
 *   404 {"detail":"Error: Ticker 'XYZ' not found"}         (unknown ticker)
 *   429 text "You have run over your hourly request allocation. ..."  (over the request allocation)
 *   200 text "You have run over your 500 symbol look up for this month. ..."  (the symbol allocation,
 *       sent with status 200, as reported in hydrosquall/tiingo-python#45)
 *
 * Prices are synthetic but shaped like the real ones: a seeded walk of adjusted closes on business
 * days, raw closes that drop by the split ratio on the real split dates of AAPL (4:1 2020-08-31),
 * TSLA (5:1 2020-08-31, 3:1 2022-08-25), AMZN (20:1 2022-06-06) and GOOGL (20:1 2022-07-18), and
 * MSFT missing three days (a gap in the feed).
 */
import { startJsonServer, type FakeServer, type Reply } from './http-server';

export interface Bar {
  readonly date: string;
  readonly close: number;
  readonly adjClose: number;
  readonly splitFactor: number;
}

export const SPLITS: Readonly<Record<string, readonly [string, number][]>> = {
  AAPL: [['2020-08-31', 4]],
  TSLA: [['2020-08-31', 5], ['2022-08-25', 3]],
  AMZN: [['2022-06-06', 20]],
  GOOGL: [['2022-07-18', 20]],
};
export const GAPS: Readonly<Record<string, readonly string[]>> = { MSFT: ['2021-03-02', '2021-03-03', '2021-03-04'] };

/** Business days (Mon-Fri) from `start` to `end`, inclusive. */
function businessDays(start: string, end: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${start}T00:00:00Z`); t <= Date.parse(`${end}T00:00:00Z`); t += 86_400_000) {
    const day = new Date(t).getUTCDay();
    if (day !== 0 && day !== 6) out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/** The synthetic history of `ticker` (2018-01-02 .. 2024-12-31). */
export function history(ticker: string): Bar[] {
  let state = [...ticker].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  const rand = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const splits = SPLITS[ticker] ?? [];
  const gaps = new Set(GAPS[ticker] ?? []);
  let adj = 50 + 100 * rand();
  const drift = 0.0002 + 0.0008 * rand();
  const vol = 0.01 + 0.015 * rand();
  const bars: Bar[] = [];
  for (const date of businessDays('2018-01-02', '2024-12-31')) {
    adj *= 1 + drift + vol * (rand() + rand() + rand() - 1.5) * 2;
    if (gaps.has(date)) continue;
    // Raw close = adjusted close times the splits still to come (no dividends here).
    const later = splits.filter(([d]) => d > date).reduce((f, [, r]) => f * r, 1);
    const split = splits.find(([d]) => d === date)?.[1] ?? 1;
    bars.push({ date, close: adj * later, adjClose: adj, splitFactor: split });
  }
  return bars;
}

export interface TiingoServerOptions {
  readonly token: string;
  readonly tickers?: readonly string[];
  /** Requests answered before the hourly allocation runs out (then 429). */
  readonly hourlyLimit?: number;
  /** Answer the symbol-allocation message with status 200 instead of prices. */
  readonly symbolLimitReached?: boolean;
  /** Answer the first N requests 429 with `Retry-After: 1`. */
  readonly retryAfterFirst?: number;
  /** Answer the first N requests 503. */
  readonly unavailableFirst?: number;
}

const CSV_HEADER = 'date,close,high,low,open,volume,adjClose,adjHigh,adjLow,adjOpen,adjVolume,divCash,splitFactor';

export async function startTiingoServer(options: TiingoServerOptions): Promise<FakeServer> {
  const known = new Set(options.tickers ?? ['AAPL', 'GOOGL', 'MSFT', 'AMZN', 'TSLA']);
  let served = 0;
  let seen = 0;
  const text = (status: number, body: string, type = 'text/plain', headers: Record<string, string> = {}): Reply => ({ status, body, headers: { 'Content-Type': type, ...headers } });
  return startJsonServer(() => [
    [
      'GET',
      /^\/tiingo\/daily\/([^/]+)\/prices$/,
      (req) => {
        seen++;
        const auth = req.headers.authorization ?? (req.query.get('token') ? `Token ${req.query.get('token')}` : undefined);
        if (auth !== `Token ${options.token}`) return { status: 401, body: { detail: 'Invalid token.' } };
        if (seen <= (options.unavailableFirst ?? 0)) return text(503, '<html><body><h1>503 Service Unavailable</h1></body></html>', 'text/html');
        if (seen <= (options.retryAfterFirst ?? 0)) return text(429, 'Too many requests, slow down.', 'text/plain', { 'Retry-After': '1' });
        if (options.symbolLimitReached)
          return text(200, 'You have run over your 500 symbol look up for this month. Please upgrade at https://api.tiingo.com/pricing to have your limits increased.');
        if (options.hourlyLimit !== undefined && served >= options.hourlyLimit)
          return text(429, 'You have run over your hourly request allocation. Please upgrade at https://api.tiingo.com/pricing to have your limits increased.');
        const ticker = req.params[0]!.toUpperCase();
        if (!known.has(ticker)) return { status: 404, body: { detail: `Error: Ticker '${req.params[0]}' not found` } };
        served++;
        const start = req.query.get('startDate') ?? '1900-01-01';
        const end = req.query.get('endDate') ?? '2100-01-01';
        const rows = history(ticker)
          .filter((b) => b.date >= start && b.date <= end)
          .map((b) => [b.date, b.close, b.close, b.close, b.close, 1000, b.adjClose, b.adjClose, b.adjClose, b.adjClose, 1000, 0, b.splitFactor].join(','));
        if (req.query.get('format') !== 'csv') return { status: 400, body: { detail: 'this fake serves format=csv only' } };
        return text(200, `${[CSV_HEADER, ...rows].join('\n')}\n`, 'text/csv');
      },
    ],
  ]);
}
