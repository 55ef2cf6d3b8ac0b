/**
 * The job report from real records (runJobLocally on the bundled prices): the model's figures
 * against independent computations and brute force, the page's sections, charts from vega, the
 * circuit, the fallback story, escaping, and the selection CSV.
 */
import { parse } from 'csv-parse/sync';
import { approximationRatio, createProblem, evaluateSelection } from '../../lib/portfolio';
import { buildReportModel, fallbackStory, renderJobReport, selectionCsv, SELECTION_CSV_COLUMNS } from '../../lib/reports';
import type { ResultRecord } from '../../lib/jobs/result';
import { bruteForce, realProblem } from '../helpers/problems';
import { readBundled, recordOf, REPORT_TICKERS } from '../helpers/records';

let vqe: ResultRecord;
let qaoa: ResultRecord;
let forced: ResultRecord;
beforeAll(async () => {
  vqe = await recordOf({ portfolio: { tickers: REPORT_TICKERS }, budget: 3, quantum: { seed: 7 } });
  qaoa = await recordOf({ portfolio: { tickers: REPORT_TICKERS.slice(0, 5) }, budget: 2, quantum: { seed: 3, algorithm: 'qaoa', mixer: 'xy', reps: 2 } });
  forced = await recordOf({ portfolio: { tickers: REPORT_TICKERS }, budget: 3, fallback: { force: true, annealing: { numReads: 20, numSweeps: 300 } } });
});

/** Every chart figure holds a vega SVG with marks. */
function charts(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<figure class="chart" data-chart="([^"]+)">(<svg[\s\S]*?<\/svg>)/g)) out[m[1]!] = m[2]!;
  return out;
}

describe('buildReportModel', () => {
  it('weights, compounded and arithmetic performance, and the comparison against brute force', async () => {
    const model = await buildReportModel(vqe, { readDataset: readBundled, riskFreeRate: 0.01 });
    const oracle = bruteForce(realProblem(REPORT_TICKERS, 3));
    expect(model.assets.map((a) => a.ticker)).toEqual(REPORT_TICKERS);
    expect(model.assets.reduce((s, a) => s + a.weight, 0)).toBeCloseTo(1, 15);
    expect(model.assets.filter((a) => a.selected).map((a) => a.weight)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    // arithmetic performance = the record's own equal-weight figures
    expect(model.performance.arithmetic.expectedReturn).toBeCloseTo(vqe.solution.expectedReturnAnnual, 12);
    expect(model.performance.arithmetic.volatility).toBeCloseTo(vqe.solution.volatilityAnnual, 12);
    expect(model.performance.arithmetic.sharpeRatio).toBeCloseTo((vqe.solution.expectedReturnAnnual - 0.01) / vqe.solution.volatilityAnnual, 12);
    expect(model.performance.compounded).not.toBeNull();
    expect(model.performance.compounded!.volatility).toBeCloseTo(model.performance.arithmetic.volatility, 15);
    expect(model.assets.every((a) => a.annualReturnCompounded !== null)).toBe(true);
    // answers: this job, annealing run for the report, the exact optimum
    expect(model.answers.map((a) => a.solver)).toEqual(['vqe', 'annealing', 'exact']);
    const exact = model.answers[2]!;
    expect(exact.bitstring).toBe(oracle.bitstring);
    expect(exact.approximationRatio).toBe(1);
    const annealing = model.answers[1]!;
    const problem = createProblem({ tickers: REPORT_TICKERS, mu: vqe.problem.mu, sigma: vqe.problem.sigma, riskFactor: 0.5, budget: 3 });
    expect(annealing.approximationRatio).toBeCloseTo(approximationRatio(evaluateSelection(problem, annealing.bitstring).objective, oracle.optimum, oracle.worst), 12);
    expect(model.circuit?.numQubits).toBe(6);
  });

  it('says why compounded returns are missing for an explicit mu/Sigma problem, and skips annealing on request', async () => {
    const record = await recordOf({ portfolio: { tickers: ['A', 'B', 'C'], mu: [0.001, 0.002, 0.0015], sigma: [[1e-4, 0, 0], [0, 2e-4, 0], [0, 0, 1.5e-4]] }, budget: 1, solver: 'exact' });
    const model = await buildReportModel(record, { readDataset: readBundled, annealing: false });
    expect(model.performance.compounded).toBeNull();
    expect(model.performance.compoundedNote).toMatch(/mu and Sigma/);
    expect(model.answers.map((a) => a.solver)).toEqual(['exact']);
    expect(model.circuit).toBeNull();
  });

  it('notices a price file that changed since the run', async () => {
    const model = await buildReportModel(forced, { readDataset: async () => (await readBundled('bundled')).split('\n').slice(0, -200).join('\n'), annealing: false });
    expect(model.performance.compounded).toBeNull();
    expect(model.performance.compoundedNote).toMatch(/has changed since the run/);
  });
});

describe('renderJobReport', () => {
  it('renders every section with vega charts, the circuit and no script or external resource', async () => {
    const html = await renderJobReport(await buildReportModel(vqe, { readDataset: readBundled }));
    for (const id of ['summary', 'selection', 'performance', 'data', 'convergence', 'distribution', 'circuit', 'fallback', 'plan', 'comparison']) expect(html).toContain(`<section id="${id}">`);
    const svgs = charts(html);
    expect(Object.keys(svgs).sort()).toEqual(['comparison', 'convergence', 'distribution', 'risk-return', 'weights']);
    for (const svg of Object.values(svgs)) {
      expect(svg).toMatch(/class="marks"/);
      expect(svg).toMatch(/<path|<rect|<line/);
    }
    expect(html).toContain('★ optimum');
    expect(html).toContain('data-circuit');
    expect(html).not.toMatch(/<script/i);
    // the only URLs are XML namespaces
    expect([...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]).filter((u) => !u.startsWith('http://www.w3.org/'))).toEqual([]);
    expect(html).toMatch(/compounded \(CAGR, PyPortfolioOpt default\)/);
    expect(html).toMatch(/arithmetic \(252 × mean daily return\)/);
  });

  it('names the QAOA mixer, and tells the fallback story of a forced run', async () => {
    const q = await renderJobReport(await buildReportModel(qaoa, { annealing: false }));
    expect(q).toMatch(/QAOA, p = 2, XY mixer/);
    expect(fallbackStory(forced)).toMatch(/^The classical fallback answered because the run was forced/);
    const f = await renderJobReport(await buildReportModel(forced, { annealing: false }));
    expect(f).toContain('Annealing reads');
    expect(f).not.toContain('<section id="convergence">');
    expect(f).not.toContain('P(optimum)');
  });

  it('renders a recorded plan against what happened', async () => {
    const withPlan = { ...vqe, plan: { mode: 'batch', providerJobs: 4, shots: 4000, expectedQueueSeconds: 10, expectedWallSeconds: 2, expectedCostUsd: 0.5, fits: true }, actual: { providerJobs: 5, wallSeconds: 3 } };
    const html = await renderJobReport(await buildReportModel(withPlan, { annealing: false }));
    const plan = /<section id="plan">([\s\S]*?)<\/section>/.exec(html)![1]!;
    expect(plan).toMatch(/Provider jobs<\/td><td>4<\/td><td>5<\/td><td>1\.25x/);
    expect(plan).toMatch(/Wall time<\/td><td>2\.00 s<\/td><td>3\.00 s<\/td><td>1\.50x/);
  });

  it('escapes text from the record (a record file is user input)', async () => {
    const base = await recordOf({ portfolio: { tickers: ['A', 'B', 'C'], mu: [0.001, 0.002, 0.0015], sigma: [[1e-4, 0, 0], [0, 2e-4, 0], [0, 0, 1.5e-4]] }, budget: 1, solver: 'exact' });
    const tickers = ['<b>x</b>', 'B&C', 'D'];
    const record = { ...base, problem: { ...base.problem, tickers }, solution: { ...base.solution, selectedTickers: tickers.filter((_, i) => base.solution.selection[i] === 1) } };
    const html = await renderJobReport(await buildReportModel(record, { annealing: false }));
    expect(html).not.toContain('<b>x</b>');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
  });
});

describe('selectionCsv', () => {
  it('one row per asset with the model figures', async () => {
    const model = await buildReportModel(vqe, { readDataset: readBundled, annealing: false });
    const rows = parse(selectionCsv(model), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...SELECTION_CSV_COLUMNS]);
    rows.forEach((row, i) => {
      const a = model.assets[i]!;
      expect(row.ticker).toBe(a.ticker);
      expect(Number(row.selected)).toBe(a.selected ? 1 : 0);
      expect(Number(row.weight)).toBe(a.weight);
      expect(Number(row.annual_return_compounded)).toBe(a.annualReturnCompounded);
      expect(Number(row.annual_volatility)).toBe(a.volatility);
    });
  });
});
