/**
 * Market data for the runbook's tickers (`--prices tiingo`) against a Tiingo server on 127.0.0.1
 * (test/fakes/tiingo-server.ts): adjusted closes across splits, gaps, unknown tickers, rate limits,
 * a rejected or missing token, retries; the disk cache and the S3 cache; what a job records.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describeError } from '../../lib/jobs/errors';
import { FilePriceCache, FileResultStore, marketRange, parseJobSpec, prepareJob, readMarketPrices, type MarketReaderOptions } from '../../lib/jobs';
import { s3DatasetReader } from '../../lib/jobs/s3-store';
import { computeReturnStatistics, parsePriceCsv, selectPrices } from '../../lib/portfolio';
import { createDatasetReader } from '../../bin/cli/runtime';
import { runJobLocally } from '../../lib/workflow/run-local';
import { GAPS, history, SPLITS, startTiingoServer } from '../fakes/tiingo-server';
import type { FakeServer } from '../fakes/http-server';
import { startS3 } from '../helpers/s3rver';
import { bruteForce } from '../helpers/problems';
import { createProblem } from '../../lib/portfolio';

const TOKEN = 'test-token-0123';
const RUNBOOK_TICKERS = ['AAPL', 'GOOGL', 'MSFT', 'AMZN'];
const RANGE = { start: '2020-01-01', end: '2022-12-30' };
const NOW = Date.parse('2024-06-01T12:00:00Z');
const tmp = () => mkdtempSync(path.join(tmpdir(), 'qpo-md-'));
const noWait = { retry: { sleep: async () => undefined } };

/** Reader options against `server`; `token: null` means no token. */
function options(server: FakeServer, cacheDir = tmp(), token: string | null = TOKEN): MarketReaderOptions {
  return { cache: new FilePriceCache(cacheDir), now: () => NOW, tiingo: { baseUrl: server.url, ...(token ? { token } : {}), ...noWait } };
}

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeDefined();
  return { error: error as Error, ...describeError(error) };
}

describe('Tiingo daily prices', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startTiingoServer({ token: TOKEN });
  });
  afterAll(() => server.close());

  it('reads the runbook\'s tickers as adjusted closes: no split shows as a crash in the returns', async () => {
    const { csv, market } = await readMarketPrices('tiingo', RUNBOOK_TICKERS, RANGE, options(server));
    const table = parsePriceCsv(csv);
    expect(table.tickers).toEqual(RUNBOOK_TICKERS);
    expect(market).toMatchObject({ service: 'tiingo', tickers: RUNBOOK_TICKERS, requestedStart: RANGE.start, requestedEnd: RANGE.end, priceField: 'adjClose', cachedTickers: [] });
    // The prices are the adjusted closes the server holds, on the server's dates.
    const aapl = history('AAPL').filter((b) => b.date >= RANGE.start && b.date <= RANGE.end);
    const column = table.prices[0]!;
    aapl.forEach((b) => expect(column[table.dates.indexOf(b.date)]).toBeCloseTo(b.adjClose, 9));
    // Across AAPL's 4:1 split (raw close / 4) the return is an ordinary day's.
    const k = table.dates.indexOf(SPLITS.AAPL![0]![0]);
    expect(Math.abs(column[k]! / column[k - 1]! - 1)).toBeLessThan(0.1);
    const raw = aapl.find((b) => b.date === SPLITS.AAPL![0]![0])!;
    expect(raw.close / aapl[aapl.indexOf(raw) - 1]!.close).toBeLessThan(0.3); // what a raw-close reader would see
    // The token went in the Authorization header, never the URL.
    expect(server.log.every((r) => r.headers.authorization === `Token ${TOKEN}` && !r.query.has('token'))).toBe(true);
  });

  it('drops the days a ticker is missing (a gap in the feed), as for the bundled file', async () => {
    const { csv } = await readMarketPrices('tiingo', ['MSFT', 'AAPL'], RANGE, options(server));
    const selected = selectPrices(parsePriceCsv(csv), { tickers: ['MSFT', 'AAPL'] });
    expect(selected.droppedRows).toBe(GAPS.MSFT!.length);
    expect(GAPS.MSFT!.some((d) => selected.dates.includes(d))).toBe(false);
  });

  it('serves a second run from the cache, without a token and without a request', async () => {
    const dir = tmp();
    await readMarketPrices('tiingo', RUNBOOK_TICKERS, RANGE, options(server, dir));
    const before = server.log.length;
    const again = await readMarketPrices('tiingo', RUNBOOK_TICKERS, RANGE, options(server, dir, null));
    expect(server.log.length).toBe(before);
    expect(again.market.cachedTickers).toEqual(RUNBOOK_TICKERS);
    expect(readdirSync(path.join(dir, 'tiingo')).sort()).toEqual([...RUNBOOK_TICKERS].sort());
  });

  it('an unknown ticker is the user\'s error, naming it', async () => {
    const f = await failure(readMarketPrices('tiingo', ['AAPL', 'XYZQ'], RANGE, options(server)));
    expect(f.body.code).toBe('UNKNOWN_TICKER');
    expect(f.exitCode).toBe(2);
    expect(f.error.message).toMatch(/Tiingo does not know the ticker 'XYZQ' \(Error: Ticker 'XYZQ' not found\)/);
  });

  it('a rejected token, or none with nothing cached, says to set TIINGO_API_KEY', async () => {
    const bad = await failure(readMarketPrices('tiingo', ['AAPL', 'MSFT'], RANGE, options(server, tmp(), 'wrong')));
    expect(bad.body.code).toBe('MARKET_DATA_NOT_CONFIGURED');
    expect(bad.error.message).toMatch(/Tiingo rejected the API token \(HTTP 401: Invalid token.\); set TIINGO_API_KEY/);
    const none = await failure(readMarketPrices('tiingo', ['AAPL', 'MSFT'], RANGE, options(server, tmp(), null)));
    expect(none.body.code).toBe('MARKET_DATA_NOT_CONFIGURED');
    expect(none.error.message).toMatch(/'tiingo' needs an API token for AAPL, MSFT \(2020-01-01..2022-12-30 is not in the cache .*\); set TIINGO_API_KEY/);
  });

  it('no prices in the range is too little data, naming the ticker and the range', async () => {
    const f = await failure(readMarketPrices('tiingo', ['AAPL', 'MSFT'], { start: '2030-01-01', end: '2030-12-31' }, options(server)));
    expect(f.body.code).toBe('INSUFFICIENT_DATA');
    expect(f.error.message).toMatch(/Tiingo has no prices for AAPL between 2030-01-01 and 2030-12-31/);
  });

  it('the default range is the five years up to yesterday', () => {
    expect(marketRange(undefined, undefined, NOW)).toEqual({ start: '2019-06-01', end: '2024-05-31' });
    expect(marketRange('2021-01-01', undefined, NOW)).toEqual({ start: '2021-01-01', end: '2024-05-31' });
    expect(marketRange(undefined, '2020-12-31', NOW)).toEqual({ start: '2016-01-01', end: '2020-12-31' });
  });
});

describe('Tiingo rate limits and outages', () => {
  it('over the hourly allocation (429): the message says to wait or use the cache', async () => {
    const server = await startTiingoServer({ token: TOKEN, hourlyLimit: 1 });
    try {
      const f = await failure(readMarketPrices('tiingo', ['AAPL', 'MSFT'], RANGE, options(server)));
      expect(f.body.code).toBe('MARKET_DATA_RATE_LIMITED');
      expect(f.exitCode).toBe(2);
      expect(f.error.message).toMatch(/tiingo MSFT 2020-01-01..2022-12-30: Tiingo's usage limit was reached \(You have run over your hourly request allocation/);
    } finally {
      await server.close();
    }
  });

  it('the symbol allocation message sent with status 200 is a rate limit too, not prices', async () => {
    const server = await startTiingoServer({ token: TOKEN, symbolLimitReached: true });
    try {
      const f = await failure(readMarketPrices('tiingo', ['AAPL', 'MSFT'], RANGE, options(server)));
      expect(f.body.code).toBe('MARKET_DATA_RATE_LIMITED');
      expect(f.error.message).toMatch(/500 symbol look up for this month/);
    } finally {
      await server.close();
    }
  });

  it('a 429 with Retry-After and a passing 503 are retried; a lasting outage names the host', async () => {
    const flaky = await startTiingoServer({ token: TOKEN, retryAfterFirst: 1, unavailableFirst: 0 });
    const down = await startTiingoServer({ token: TOKEN, unavailableFirst: 1000 });
    try {
      const waits: number[] = [];
      const opts = options(flaky);
      const { market } = await readMarketPrices('tiingo', ['AAPL', 'MSFT'], RANGE, { ...opts, tiingo: { ...opts.tiingo, retry: { sleep: async (ms: number) => void waits.push(ms) } } });
      expect(market.tickers).toEqual(['AAPL', 'MSFT']);
      expect(waits).toEqual([1000]); // Retry-After: 1
      const f = await failure(readMarketPrices('tiingo', ['AAPL', 'MSFT'], RANGE, options(down)));
      expect(f.body.code).toBe('MARKET_DATA_UNAVAILABLE');
      expect(f.error.message).toMatch(/Tiingo answered HTTP 503/);
      expect(down.log.length).toBe(3); // 1 + 2 retries
    } finally {
      await Promise.all([flaky.close(), down.close()]);
    }
  });
});

describe('a job on market data', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startTiingoServer({ token: TOKEN });
  });
  afterAll(() => server.close());

  it('records the service, tickers and exact range, and answers the problem\'s exact optimum', async () => {
    const env = { TIINGO_API_KEY: TOKEN, QPO_TIINGO_URL: server.url, QPO_CACHE_DIR: tmp() };
    const record = await runJobLocally(
      { portfolio: { tickers: RUNBOOK_TICKERS, dataset: 'tiingo', start: '2021-01-01', end: '2022-12-30' }, budget: 2, solver: 'exact' },
      {
        readDataset: createDatasetReader(env, () => NOW),
        store: new FileResultStore(tmp()),
        now: () => NOW,
        newJobId: () => `md-${process.hrtime.bigint()}`,
        randomSeed: () => 3,
        software: { qpo: 'test', node: process.version },
      },
    );
    expect(record.problem.data).toMatchObject({ source: 'tiingo', start: '2021-01-01', end: '2022-12-30' });
    expect(record.problem.data.market).toMatchObject({ service: 'tiingo', tickers: RUNBOOK_TICKERS, requestedStart: '2021-01-01', requestedEnd: '2022-12-30', priceField: 'adjClose' });
    const oracle = bruteForce(createProblem({ tickers: RUNBOOK_TICKERS, mu: record.problem.mu as number[], sigma: record.problem.sigma as number[][], riskFactor: 0.5, budget: 2 }));
    expect(record.solution.bitstring).toBe(oracle.bitstring);
  });

  it('fixes the default range in the job before any step reads it', async () => {
    const env = { TIINGO_API_KEY: TOKEN, QPO_TIINGO_URL: server.url, QPO_CACHE_DIR: tmp() };
    const spec = parseJobSpec({ portfolio: { tickers: ['AAPL', 'MSFT'], dataset: 'tiingo' } });
    const prepared = await prepareJob(spec, createDatasetReader(env, () => NOW), NOW);
    expect(prepared.data.market).toMatchObject({ requestedStart: '2019-06-01', requestedEnd: '2024-05-31' });
    // mu and Sigma are those of the adjusted closes in that range.
    const msft = new Map(history('MSFT').map((b) => [b.date, b.adjClose]));
    const rows = history('AAPL').filter((b) => b.date >= '2019-06-01' && b.date <= '2024-05-31' && msft.has(b.date));
    const table = parsePriceCsv(['date,AAPL,MSFT', ...rows.map((b) => `${b.date},${b.adjClose},${msft.get(b.date)}`)].join('\n'));
    const stats = computeReturnStatistics(selectPrices(table, { tickers: ['AAPL', 'MSFT'] }));
    expect(prepared.problem.mu[0]).toBeCloseTo(stats.mu[0]!, 12);
    expect(prepared.problem.sigma[1]![1]).toBeCloseTo(stats.sigma[1]![1]!, 14);
  });

  it('on AWS the series are cached in the results bucket, so later steps need no token', async () => {
    const local = await startS3(['results']);
    try {
      const s3 = local.client;
      const bundled = async () => 'unused';
      const withToken = s3DatasetReader(s3, 'results', bundled, { now: () => NOW, tiingo: { token: TOKEN, baseUrl: server.url, ...noWait } });
      const first = await withToken('tiingo', { tickers: ['AAPL', 'MSFT'], ...RANGE });
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'results', Prefix: 'datasets/cache/' }));
      expect(listed.Contents?.map((o) => o.Key).sort()).toEqual(['datasets/cache/tiingo/AAPL/2020-01-01_2022-12-30.json', 'datasets/cache/tiingo/MSFT/2020-01-01_2022-12-30.json']);
      const requests = server.log.length;
      const tokenless = s3DatasetReader(s3, 'results', bundled, { now: () => NOW, tiingo: { baseUrl: server.url } });
      const second = await tokenless('tiingo', { tickers: ['AAPL', 'MSFT'], ...RANGE });
      expect(server.log.length).toBe(requests);
      expect(typeof second === 'string' ? second : second.csv).toBe(typeof first === 'string' ? first : first.csv);
      const missing = await failure(tokenless('tiingo', { tickers: ['AAPL', 'TSLA'], ...RANGE }));
      expect(missing.error.message).toMatch(/needs an API token for TSLA .* not in the cache s3:\/\/results\/datasets\/cache\//);
    } finally {
      await local.close();
    }
  });
});
