/**
 * The job report of a weighted job (spec.weights, from runJobLocally on the bundled prices): the
 * answer's whole-lot weights and the continuous optimum beside them, in the table and the chart, and
 * the performance of those weights (not equal weights).
 */
import { buildReportModel, renderJobReport } from '../../lib/reports';
import { portfolioPerformance } from '../../lib/portfolio';
import type { ResultRecord } from '../../lib/jobs/result';
import { readBundled, recordOf, REPORT_TICKERS } from '../helpers/records';

let record: ResultRecord;
beforeAll(async () => {
  record = await recordOf({ portfolio: { tickers: REPORT_TICKERS }, weights: { lots: 5, maxWeight: 0.6 }, quantum: { seed: 7 } });
}, 120_000);

it('shows the whole-lot weights, the continuous optimum beside them, and their performance', async () => {
  const model = await buildReportModel(record, { readDataset: readBundled, riskFreeRate: 0.02 });
  const w = record.weights!;
  expect(model.assets.map((a) => a.weight)).toEqual(w.weights);
  expect(model.assets.map((a) => a.continuousWeight)).toEqual(w.continuous!.weights);
  const expected = portfolioPerformance(w.weights, record.problem.mu.map((m) => m * 252), record.problem.sigma, 0.02);
  expect(model.performance.arithmetic.sharpeRatio).toBeCloseTo(expected.sharpeRatio!, 12);
  expect(model.answers).toEqual([]);
  const html = await renderJobReport(model);
  expect(html).toMatch(/<th>Continuous optimum<\/th>/);
  expect(html).toMatch(/Expected performance \(the whole-lot weights\)/);
  expect(html).toMatch(/5 lots over \d+ assets \((unary|binary) encoding, \d+ qubits\)/);
  const chart = /<figure class="chart" data-chart="weights">(<svg[\s\S]*?<\/svg>)/.exec(html)![1]!;
  expect(chart).toMatch(/continuous optimum/);
  expect(chart).toMatch(/whole lots \(answer\)/);
  // one bar per asset and series
  expect((chart.match(/<path[^>]*aria-roledescription="bar"/g) ?? []).length).toBe(2 * REPORT_TICKERS.length);
}, 120_000);
