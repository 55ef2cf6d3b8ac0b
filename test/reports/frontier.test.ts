/** Frontier specs, points, chart grouping, CSV and page, from records of real jobs. */
import { parse } from 'csv-parse/sync';
import { chartPoints, frontierCsv, frontierPoint, frontierSpecs, renderFrontierHtml, FRONTIER_CSV_COLUMNS, type FrontierPoint } from '../../lib/reports';
import { bruteForce, realProblem } from '../helpers/problems';
import { recordOf } from '../helpers/records';

const TICKERS = ['AAPL', 'AMZN', 'GOOG', 'JPM', 'XOM'];

describe('frontier', () => {
  it('makes one spec per (budget, risk factor), budgets outer, without sharing objects', () => {
    const base = { portfolio: { tickers: TICKERS }, solver: 'exact' };
    const specs = frontierSpecs(base, [0, 1], [2, 3]);
    expect(specs.map((s) => [s.budget, s.riskFactor])).toEqual([[2, 0], [2, 1], [3, 0], [3, 1]]);
    (specs[0]!.portfolio as { tickers: string[] }).tickers.push('X');
    expect((specs[1]!.portfolio as { tickers: string[] }).tickers).toEqual(TICKERS);
    expect(frontierSpecs(base, [0.5], [undefined])[0]).not.toHaveProperty('budget');
  });

  it('turns records into points, groups equal selections for the chart, and writes CSV and HTML', async () => {
    const qs = [0, 4, 64];
    const points: FrontierPoint[] = [];
    for (const q of qs) points.push(frontierPoint(await recordOf({ portfolio: { tickers: TICKERS }, budget: 2, riskFactor: q, solver: 'exact' })));
    points.forEach((p, i) => expect(p.bitstring).toBe(bruteForce(realProblem(TICKERS, 2, qs[i])).bitstring));
    // a higher risk factor never buys a more volatile portfolio
    for (let i = 1; i < points.length; i++) expect(points[i]!.volatility).toBeLessThanOrEqual(points[i - 1]!.volatility + 1e-12);
    const doubled = [...points, { ...points[2]!, riskFactor: 128, jobId: 'x' }];
    const grouped = chartPoints(doubled);
    expect(grouped).toHaveLength(new Set(points.map((p) => p.bitstring)).size);
    expect(grouped.find((g) => g.label.includes('128'))!.label).toBe('q 64–128');
    const rows = parse(frontierCsv(points), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...FRONTIER_CSV_COLUMNS]);
    expect(rows.map((r) => Number(r.risk_factor))).toEqual(qs);
    expect(Number(rows[1]!.annual_volatility)).toBe(points[1]!.volatility);
    const html = await renderFrontierHtml(points, { tickers: TICKERS, dataWindow: 'bundled', generatedAt: 'now', riskFreeRate: 0.02 });
    expect(html).toMatch(/<figure class="chart" data-chart="frontier"><svg[\s\S]*class="marks"/);
    expect(html).not.toMatch(/<script/i);
  });
});
