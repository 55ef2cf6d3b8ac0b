/**
 * `qpo report --html/--csv/--list`, `qpo compare` and `qpo frontier` as a user runs them (child
 * processes of bin/qpo.js), checked against brute force and the records they read.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { bruteForce, realProblem } from '../helpers/problems';

const QPO = path.join(__dirname, '..', '..', 'bin', 'qpo.js');
const TICKERS = ['AAPL', 'AMZN', 'GOOG', 'JPM', 'XOM'];

function qpo(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [QPO, ...args], { cwd, encoding: 'utf8', timeout: 240_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(path.join(tmpdir(), 'qpo-reports-'));
let vqe: { jobId: string; solution: { bitstring: string } };
let classical: { jobId: string };
beforeAll(() => {
  vqe = JSON.parse(qpo(['optimize', '--tickers', TICKERS.join(','), '--budget', '2', '--seed', '5', '--json'], dir).stdout);
  classical = JSON.parse(qpo(['optimize', '--tickers', TICKERS.join(','), '--budget', '2', '--seed', '5', '--solver', 'classical', '--json'], dir).stdout);
});

describe('qpo report', () => {
  it('--html writes the self-contained report and --csv the selection', () => {
    const r = qpo(['report', vqe.jobId, '--html', 'report.html', '--csv', 'selection.csv', '--risk-free-rate', '0.03'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/wrote .*selection\.csv\nwrote .*report\.html/);
    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    expect(html).toContain(`qpo report ${vqe.jobId}`);
    expect(html).toMatch(/Sharpe ratio \(risk-free 3\.00 %\)/);
    expect(html.match(/<figure class="chart"/g)!.length).toBe(5);
    const rows = parse(readFileSync(path.join(dir, 'selection.csv'), 'utf8'), { columns: true }) as { ticker: string; selected: string }[];
    expect(rows.map((row) => row.ticker)).toEqual(TICKERS);
    const optimum = bruteForce(realProblem(TICKERS, 2)).bitstring;
    expect(rows.filter((row) => row.selected === '1').map((row) => row.ticker)).toEqual(TICKERS.filter((_, i) => optimum[TICKERS.length - 1 - i] === '1'));
  });

  it('--csv - prints the CSV; --list lists the results newest first', () => {
    expect(qpo(['report', vqe.jobId, '--csv', '-', '--no-annealing'], dir).stdout).toMatch(/^ticker,selected,weight,/);
    const list = JSON.parse(qpo(['report', '--list', '--json'], dir).stdout) as { jobId: string }[];
    expect(list.map((l) => l.jobId)).toEqual([classical.jobId, vqe.jobId]);
    expect(qpo(['report', '--list'], dir).stdout).toMatch(new RegExp(`${classical.jobId}[\\s\\S]*${vqe.jobId}`));
  });

  it.each([
    [['report', 'nope'], /no result 'nope'/],
    [['report'], /JOB: give a job id/],
    [['report', 'x', '--list'], /--list: lists every result/],
    [['report', 'VQE', '--risk-free-rate', 'abc'], /--risk-free-rate: 'abc' must be an annual rate/],
    [['report', 'VQE', '--html', 'missing/dir/r.html'], /--html: cannot write 'missing\/dir\/r\.html': its folder .* does not exist/],
  ])('%j exits 2 with the field and the fix', (args, message) => {
    const r = qpo(args.map((a) => (a === 'VQE' ? vqe.jobId : a)), dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('qpo compare', () => {
  it('puts the quantum, classical and exact answers side by side', () => {
    const r = qpo(['compare', vqe.jobId, classical.jobId, '--json'], dir);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout) as { sameProblem: boolean; rows: { solver: string; bitstring: string; approximationRatio: number }[] };
    expect(c.sameProblem).toBe(true);
    expect(c.rows.map((row) => row.solver)).toEqual(['vqe', 'annealing', 'exact']);
    const optimum = bruteForce(realProblem(TICKERS, 2)).bitstring;
    expect(c.rows[2]!.bitstring).toBe(optimum);
    expect(qpo(['compare', vqe.jobId, classical.jobId], dir).stdout).toMatch(/\(exact optimum\)/);
    expect(qpo(['compare', 'nope'], dir).code).toBe(2);
  });
});

describe('qpo frontier', () => {
  it('solves one job per point on worker threads, each optimal, and writes CSV, HTML and the records', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'qpo-frontier-'));
    const qs = [0, 2, 64];
    const r = qpo(['frontier', '--tickers', TICKERS.join(','), '--budgets', '2,3', '--risk-factors', qs.join(','), '--threads', '2', '--csv', 'f.csv', '--html', 'f.html', '--json'], out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { points: { riskFactor: number; budget: number; bitstring: string; jobId: string }[]; failed: unknown[] };
    expect(json.failed).toEqual([]);
    expect(json.points.map((p) => [p.budget, p.riskFactor])).toEqual([2, 3].flatMap((b) => qs.map((q) => [b, q])));
    for (const p of json.points) expect(p.bitstring).toBe(bruteForce(realProblem(TICKERS, p.budget, p.riskFactor)).bitstring);
    expect(readdirSync(path.join(out, 'results')).filter((f) => f.endsWith('.json')).sort()).toEqual(json.points.map((p) => `${p.jobId}.json`).sort());
    expect(readFileSync(path.join(out, 'f.csv'), 'utf8').trim().split('\n')).toHaveLength(7);
    expect(readFileSync(path.join(out, 'f.html'), 'utf8')).toMatch(/data-chart="frontier"><svg/);
  });

  it.each([
    [['--budgets', '5'], /budget.*5 is out of range; must be between 1 and 4/],
    [['--budgets', '2,5'], /budget.*5 is out of range; must be between 1 and 4/],
    [['--risk-factors', '1,-2'], /--risk-factors: '1,-2' must be a comma-separated list of risk factors q >= 0/],
    [['--threads', '0'], /--threads: '0'/],
  ])('%j exits 2 before any point runs', (extra, message) => {
    const out = mkdtempSync(path.join(tmpdir(), 'qpo-frontier-'));
    const r = qpo(['frontier', '--tickers', TICKERS.join(','), ...extra], out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(path.join(out, 'results'))).toBe(false);
  });
});
