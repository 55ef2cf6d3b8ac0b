/**
 * Tiingo's end-of-day prices, through its documented CSV endpoint
 * (https://www.tiingo.com/documentation/end-of-day):
 *
 *   GET {base}/tiingo/daily/{ticker}/prices?startDate=YYYY-MM-DD&endDate=YYYY-MM-DD&format=csv
 *   Authorization: Token {TIINGO_API_KEY}
 *   -> date,close,high,low,open,volume,adjClose,adjHigh,adjLow,adjOpen,adjVolume,divCash,splitFactor
 *
 * `adjClose` is split- and dividend-adjusted (CRSP method), so returns across a split are the real
 * ones. Responses mapped: 404 `{"detail": "Error: Ticker 'X' not found"}` -> UNKNOWN_TICKER;
 * 401/403 -> MARKET_DATA_NOT_CONFIGURED (token rejected); 429, or a 200 whose body is Tiingo's
 * plain-text allocation message ("You have run over your ... allocation") -> MARKET_DATA_RATE_LIMITED;
 * 5xx and network errors are retried (bounded, Retry-After honoured up to 5 s), then
 * MARKET_DATA_UNAVAILABLE. Every request has a timeout.
 */
import { QpoError } from '../../contracts/errors';
import { httpRequest, type FetchLike } from '../../backends/http';
import type { RetryPolicy } from '../../backends/retry';

export const TIINGO_DEFAULT_URL = 'https://api.tiingo.com';
export const TIINGO_CSV_HEADER = 'date,close,high,low,open,volume,adjClose,adjHigh,adjLow,adjOpen,adjVolume,divCash,splitFactor';
const FIELD = 'portfolio.dataset';

export interface TiingoOptions {
  readonly token: string;
  /** API base (no trailing slash). @default https://api.tiingo.com */
  readonly baseUrl?: string;
  readonly fetch?: FetchLike;
  readonly retry?: RetryPolicy;
  /** Per-request timeout, seconds. @default 30 */
  readonly timeoutSeconds?: number;
}

/**
 * The daily price CSV of `ticker` between `start` and `end` (inclusive, ISO dates), as Tiingo sends it.
 * @throws QpoError UNKNOWN_TICKER, MARKET_DATA_NOT_CONFIGURED, MARKET_DATA_RATE_LIMITED, MARKET_DATA_UNAVAILABLE
 */
export async function fetchTiingoDaily(ticker: string, start: string, end: string, options: TiingoOptions): Promise<string> {
  const base = (options.baseUrl ?? TIINGO_DEFAULT_URL).replace(/\/+$/, '');
  const url = `${base}/tiingo/daily/${encodeURIComponent(ticker)}/prices?startDate=${start}&endDate=${end}&format=csv&resampleFreq=daily`;
  const where = `tiingo ${ticker} ${start}..${end}`;
  let response;
  try {
    response = await httpRequest(
      url,
      { method: 'GET', headers: { authorization: `Token ${options.token}`, accept: 'text/csv' } },
      { ...(options.fetch ? { fetch: options.fetch } : {}), retry: { retries: 2, baseDelayMs: 500, ...options.retry }, signal: AbortSignal.timeout((options.timeoutSeconds ?? 30) * 1000) },
    );
  } catch (error) {
    throw new QpoError('MARKET_DATA_UNAVAILABLE', `${FIELD}: ${where}: ${new URL(base).host} could not be reached (${(error as Error).message}); try again later, or use --prices with a CSV file`, { path: FIELD, cause: error });
  }
  const detail = detailOf(response.text);
  if (response.status === 404)
    throw new QpoError('UNKNOWN_TICKER', `portfolio.tickers: Tiingo does not know the ticker '${ticker}' (${detail ?? 'not found'}); check the symbol (share classes use a dash, e.g. BRK-B)`, {
      path: 'portfolio.tickers',
      details: { unknown: [ticker], source: 'tiingo' },
    });
  if (response.status === 401 || response.status === 403)
    throw new QpoError('MARKET_DATA_NOT_CONFIGURED', `${FIELD}: Tiingo rejected the API token (HTTP ${response.status}${detail ? `: ${detail}` : ''}); set TIINGO_API_KEY to the token of your Tiingo account`, { path: FIELD });
  if (response.status === 429 || (response.status === 200 && /run over your|allocation|rate limit/i.test(response.text) && !response.text.startsWith('date,')))
    throw new QpoError('MARKET_DATA_RATE_LIMITED', `${FIELD}: ${where}: Tiingo's usage limit was reached (${detail ?? response.text.trim().slice(0, 200)}); wait for the allocation to renew, or use prices already cached`, { path: FIELD, details: { status: response.status } });
  if (response.status !== 200)
    throw new QpoError('MARKET_DATA_UNAVAILABLE', `${FIELD}: ${where}: Tiingo answered HTTP ${response.status}${detail ? ` (${detail})` : ''}; try again later`, { path: FIELD, details: { status: response.status } });
  const firstLine = response.text.split(/\r?\n/, 1)[0]!.trim();
  const columns = firstLine.split(',');
  if (!columns.includes('date') || !columns.includes('adjClose'))
    throw new QpoError('MARKET_DATA_UNAVAILABLE', `${FIELD}: ${where}: the response is not Tiingo's price CSV (first line ${JSON.stringify(firstLine.slice(0, 120))})`, { path: FIELD });
  return response.text;
}

/** The `detail` (or `error`) of a JSON error body, if the body is one. */
function detailOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { detail?: unknown; error?: unknown };
    const d = body.detail ?? body.error;
    return typeof d === 'string' ? d : undefined;
  } catch {
    return undefined;
  }
}
