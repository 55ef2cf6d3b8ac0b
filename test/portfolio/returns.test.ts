import {
  PortfolioError,
  computeReturnStatistics,
  parsePriceCsv,
  returnStatisticsFromCsv,
  selectPrices,
  simpleReturns,
  type PriceSelection,
  type PriceTable,
} from '../../lib/portfolio';
import { bundledPricesCsv } from './fixtures';

/**
 * Reference values computed during development with Python 3.11 standard library only
 * (csv.reader, float(), statistics.fmean, statistics.covariance which uses ddof = 1), following
 * data/README.md: keep the chosen tickers, drop rows where any is empty, filter the date range,
 * r_t = p_t / p_{t-1} - 1, mu = mean, Sigma = sample covariance. That is the pandas convention
 * df[tickers].dropna().pct_change().dropna().mean() / .cov().
 */
const PYTHON_REFERENCE = {
  googAapl: {
    tickers: ['GOOG', 'AAPL'],
    rowsKept: 3435,
    dropped: 3691,
    observations: 3434,
    mu: [0.00106231284969892, 0.0016048098794703353],
    sigma: [
      [0.0003698854626043319, 0.00018334237766566005],
      [0.00018334237766566005, 0.0004391402924439622],
    ],
  },
  aaplJpmXom2015to2017: {
    tickers: ['AAPL', 'JPM', 'XOM'],
    start: '2015-01-01',
    end: '2017-12-31',
    rowsKept: 755,
    dropped: 0,
    observations: 754,
    mu: [0.00075613286828463, 0.0008983832524152711, 6.790181056515306e-5],
    sigma: [
      [0.00020775602000627614, 7.546022926371416e-5, 5.100745903108024e-5],
      [7.546022926371416e-5, 0.00018068324858359347, 7.97378216178031e-5],
      [5.100745903108024e-5, 7.97378216178031e-5, 0.0001320970195238209],
    ],
  },
  fbBaba2014: {
    tickers: ['FB', 'BABA'],
    start: '2014-01-01',
    end: '2014-12-31',
    rowsKept: 72,
    dropped: 180,
    observations: 71,
    mu: [0.0001688220682422792, 0.0016727840593435605],
    sigma: [
      [0.0003001673957217785, 0.00012063537257522629],
      [0.00012063537257522629, 0.0004852842197880632],
    ],
  },
} as const;

function expectClose(actual: number, expected: number, relative = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

/** Direct textbook formulas on the raw CSV lines (no csv-parse, no library code). */
function directStatistics(text: string, tickers: readonly string[], start = '', end = '9999') {
  const lines = text.trim().split('\n');
  const header = lines[0]!.split(',');
  const columns = tickers.map((t) => header.indexOf(t));
  const rows = lines
    .slice(1)
    .map((line) => line.split(','))
    .filter((cells) => cells[0]! >= start && cells[0]! <= end)
    .filter((cells) => columns.every((c) => cells[c] !== ''))
    .map((cells) => columns.map((c) => Number(cells[c])));
  const returns = rows.slice(1).map((row, t) => row.map((p, k) => p / rows[t]![k]! - 1));
  const m = returns.length;
  const mean = columns.map((_, k) => returns.reduce((s, r) => s + r[k]!, 0) / m);
  const cov = columns.map((_, i) =>
    columns.map((__, j) => returns.reduce((s, r) => s + (r[i]! - mean[i]!) * (r[j]! - mean[j]!), 0) / (m - 1)),
  );
  return { mean, cov, m };
}

describe('computeReturnStatistics on the bundled real prices', () => {
  let csv: string;
  let table: PriceTable;
  beforeAll(() => {
    csv = bundledPricesCsv();
    table = parsePriceCsv(csv);
  });
  const statistics = (selection: PriceSelection) => computeReturnStatistics(selectPrices(table, selection));

  it.each(Object.entries(PYTHON_REFERENCE))('matches the Python reference for %s', (_, reference) => {
    const range = 'start' in reference ? { start: reference.start, end: reference.end } : {};

    const stats = statistics({ tickers: reference.tickers, ...range });

    expect(stats.tickers).toEqual(reference.tickers);
    expect(stats.observations).toBe(reference.observations);
    expect(stats.dates).toHaveLength(reference.rowsKept);
    expect(stats.droppedRows).toBe(reference.dropped);
    reference.mu.forEach((m, i) => expectClose(stats.mu[i]!, m));
    reference.sigma.forEach((row, i) => row.forEach((s, j) => expectClose(stats.sigma[i]![j]!, s)));
  });

  it('matches direct formulas (mean, ddof = 1 covariance) for AAPL, AMZN, GOOG, JPM', () => {
    const tickers = ['AAPL', 'AMZN', 'GOOG', 'JPM'];
    const direct = directStatistics(csv, tickers);

    const stats = statistics({ tickers });

    expect(stats.observations).toBe(direct.m);
    direct.mean.forEach((m, i) => expectClose(stats.mu[i]!, m, 1e-11));
    direct.cov.forEach((row, i) => row.forEach((c, j) => expectClose(stats.sigma[i]![j]!, c, 1e-11)));
  });

  it('uses ddof = 1: the variance times (m-1)/m is the population variance', () => {
    const direct = directStatistics(csv, ['XOM'], '2016-01-01', '2016-12-31');
    const population = direct.cov[0]![0]! * ((direct.m - 1) / direct.m);

    const stats = statistics({ tickers: ['XOM'], start: '2016-01-01', end: '2016-12-31' });

    expectClose(stats.sigma[0]![0]!, direct.cov[0]![0]!, 1e-11);
    expect(Math.abs(stats.sigma[0]![0]! - population)).toBeGreaterThan(1e-3 * population);
  });

  it('returns an exactly symmetric Sigma with a non-negative diagonal', () => {
    const tickers = ['AAPL', 'AMZN', 'GE', 'AMD', 'WMT', 'BAC', 'T', 'XOM'];

    const { sigma } = statistics({ tickers });

    sigma.forEach((row, i) => {
      expect(row[i]!).toBeGreaterThan(0);
      row.forEach((v, j) => expect(v).toBe(sigma[j]![i]!));
    });
  });

  it('gives the same result through returnStatisticsFromCsv (parse -> select -> compute)', () => {
    const stats = returnStatisticsFromCsv(csv, { tickers: ['GOOG', 'AAPL'] });

    expect(stats.droppedRows).toBe(3691);
    expect(stats.dates[0]).toBe('2004-08-19');
    expectClose(stats.mu[0]!, PYTHON_REFERENCE.googAapl.mu[0]);
  });
});

describe('computeReturnStatistics on small inputs', () => {
  it('computes simple returns p_t / p_{t-1} - 1', () => {
    const [r] = simpleReturns([[100, 110, 99]]);

    expect(Array.from(r!)).toEqual([110 / 100 - 1, 99 / 110 - 1]);
  });

  it('computes mu and Sigma of a hand-checked 3-row example', () => {
    // returns A: [0.1, -0.1]; B: [0.5, -0.2] -> means 0, 0.15; cov(A,B) = (0.1*0.35 + -0.1*-0.35) / 1 = 0.07
    const stats = computeReturnStatistics({
      tickers: ['A', 'B'],
      dates: ['2020-01-01', '2020-01-02', '2020-01-03'],
      prices: [
        [10, 11, 9.9],
        [2, 3, 2.4],
      ],
    });

    expect(stats.mu[0]).toBeCloseTo(0, 14);
    expect(stats.mu[1]).toBeCloseTo(0.15, 14);
    expect(stats.sigma[0]![0]).toBeCloseTo(0.02, 14);
    expect(stats.sigma[0]![1]).toBeCloseTo(0.07, 14);
    expect(stats.sigma[1]![1]).toBeCloseTo(0.245, 14);
    expect(stats.observations).toBe(2);
    expect(stats.droppedRows).toBe(0);
  });

  it('is accurate for returns with a large common offset (two-pass)', () => {
    // prices growing 1 % a day with a tiny alternating wiggle: mean ~ 0.01, variance ~ 1e-12
    const prices = [1];
    for (let t = 1; t < 1000; t++) prices.push(prices[t - 1]! * (1.01 + (t % 2 === 0 ? 1e-6 : -1e-6)));
    const stats = computeReturnStatistics({ tickers: ['A'], dates: prices.map((_, t) => `d${t}`), prices: [prices] });
    const returns = Array.from(simpleReturns([prices])[0]!);
    const mean = returns.reduce((s, r) => s + r, 0) / returns.length;
    const variance = returns.reduce((s, r) => s + (r - mean) ** 2, 0) / (returns.length - 1);

    expectClose(stats.sigma[0]![0]!, variance, 1e-6);
  });

  it('needs 3 rows (2 returns) for a ddof = 1 covariance', () => {
    const act = () =>
      computeReturnStatistics({ tickers: ['A'], dates: ['2020-01-01', '2020-01-02'], prices: [[1, 2]] });

    expect(act).toThrow(PortfolioError);
    expect(act).toThrow(/only 2 rows with a price for all of A in 2020-01-01 .. 2020-01-02 .*need at least 3/);
  });

  it('asks returnStatisticsFromCsv for 3 rows when selecting', () => {
    const csv = 'date,A\n2020-01-01,1\n2020-01-02,2\n2020-01-03,3\n';

    expect(() => returnStatisticsFromCsv(csv, { tickers: ['A'], end: '2020-01-02' })).toThrow(
      expect.objectContaining({
        code: 'INSUFFICIENT_DATA',
        details: expect.objectContaining({ minRows: 3, rowsKept: 2 }),
      }),
    );
  });

  it('rejects a missing or non-positive price in hand-made columns', () => {
    const act = () =>
      computeReturnStatistics({ tickers: ['A'], dates: ['d1', 'd2', 'd3'], prices: [[1, Number.NaN, 2]] });

    expect(act).toThrow(expect.objectContaining({ code: 'INVALID_PRICES', field: 'prices' }));
    expect(act).toThrow(/A on d2: NaN is not a valid price/);
  });
});
