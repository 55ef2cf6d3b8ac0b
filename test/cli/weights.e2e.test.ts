/**
 * `qpo optimize` with weights, as a user runs it (the packaged CLI in a child process): the issue's
 * example answers on the quantum path with weights, shares, the Sharpe ratio and the exact optimum
 * of that model (independent brute force); --holdings with --cost-bps gives a trade list; bad files
 * are exit 2 naming the flag.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { bruteForceLots } from '../helpers/lots-oracle';
import { realProblem } from '../helpers/problems';

const QPO = path.join(__dirname, '..', '..', 'bin', 'qpo.js');
const TICKERS = ['AAPL', 'AMZN', 'GOOG', 'JPM', 'XOM', 'BAC'];

function qpo(args: string[], cwd = mkdtempSync(path.join(tmpdir(), 'qpo-wcli-'))) {
  const r = spawnSync(process.execPath, [QPO, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, cwd };
}

describe('qpo optimize --lots (CLI)', () => {
  const p = realProblem(TICKERS, 2, 0.5);

  it("answers the issue's example on the quantum path with weights, shares, Sharpe and the exact optimum", () => {
    const args = ['optimize', '--tickers', TICKERS.join(','), '--lots', '4', '--max-weight', '0.4', '--capital', '100000', '--seed', '7'];
    const json = qpo([...args, '--json']);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const record = JSON.parse(json.stdout);
    const oracle = bruteForceLots({ mu: p.mu, sigma: p.sigma, q: 0.5, lots: 4, maxWeight: 0.4 });
    expect(record.solver).toBe('vqe');
    expect(record.fallback.activated).toBe(false);
    expect(record.weights.lotsPerAsset).toEqual(oracle.lots);
    expect(record.quality.approximationRatio).toBe(1);
    expect(record.weights.allocation.shares.every((s: number) => Number.isInteger(s))).toBe(true);
    const text = qpo(args);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/│ Ticker │ Lots │ +Weight │ Continuous │ Shares │ +Value │/);
    expect(text.stdout).toMatch(/Sharpe +\d+\.\d\d compounded, \d+\.\d\d arithmetic \(risk-free rate 2\.00 %\)/);
    expect(text.stdout).toMatch(/Allocation +\$100,000\.00 at the 2018-04-11 closes/);
    expect(text.stdout).toMatch(/Quality +approximation ratio 1\.0000 against the exact optimum/);
  }, 120_000);

  it('--holdings FILE --cost-bps gives the trade list of the exact optimum', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qpo-wcli-'));
    writeFileSync(path.join(dir, 'holdings.csv'), 'ticker,weight\nAAPL,0.25\nJPM,0.5\nBAC,0.25\n');
    const r = qpo(['optimize', '--tickers', TICKERS.join(','), '--lots', '4', '--max-weight', '0.5', '--holdings', 'holdings.csv', '--cost-bps', '10', '--capital', '50000', '--seed', '3', '--json'], dir);
    expect(r.code).toBe(0);
    const record = JSON.parse(r.stdout);
    const h = [0.25, 0, 0, 0.5, 0, 0.25];
    const oracle = bruteForceLots({ mu: p.mu, sigma: p.sigma, q: 0.5, lots: 4, maxWeight: 0.5, holdings: h, costBps: 10 / 252 }); // the cost spread over holdingDays (252)
    expect(record.weights.lotsPerAsset).toEqual(oracle.lots);
    const trades = TICKERS.flatMap((t, i) => (oracle.lots[i]! / 4 === h[i] ? [] : [t]));
    expect(record.weights.trades.map((t: { ticker: string }) => t.ticker)).toEqual(trades);
    const text = qpo(['optimize', '--tickers', TICKERS.join(','), '--lots', '4', '--max-weight', '0.5', '--holdings', 'holdings.csv', '--cost-bps', '10', '--seed', '3'], dir);
    expect(text.stdout).toMatch(new RegExp(`Trades +${trades.length} \\(`));
  }, 120_000);

  it.each([
    [['--lots', '4', '--holdings', 'missing.csv'], /--holdings: 'missing.csv' does not exist/],
    [['--lots', '4', '--max-weight', 'lots'], /--max-weight.*'lots'/],
    [['--lots', '4', '--max-weight', '0.1'], /weights\.maxWeight \(--max-weight\): the maximum weights allow 0 lots in all but the budget is 4; raise them or add assets/],
  ])('%j exits 2 naming the flag', (extra, message) => {
    const r = qpo(['optimize', '--tickers', TICKERS.join(','), ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
