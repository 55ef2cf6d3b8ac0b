/**
 * The CLI end to end, as a user runs it: `node bin/qpo.js optimize ...` in a child process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { bruteForce, realProblem } from '../helpers/problems';

const QPO = path.join(__dirname, '..', '..', 'bin', 'qpo.js');
const tmp = () => mkdtempSync(path.join(tmpdir(), 'qpo-cli-'));

function qpo(args: string[], cwd = tmp()) {
  const r = spawnSync(process.execPath, [QPO, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, cwd };
}

describe('qpo optimize (CLI)', () => {
  it('answers the README example with the quantum path and approximation ratio 1.0', () => {
    const tickers = ['AAPL', 'AMZN', 'GOOG', 'JPM', 'XOM', 'BAC', 'WMT', 'PFE'];
    const r = qpo(['optimize', '--tickers', tickers.join(','), '--budget', '4', '--seed', '7', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const record = JSON.parse(r.stdout);
    const oracle = bruteForce(realProblem(tickers, 4));
    expect(record.solver).toBe('vqe');
    expect(record.fallback).toMatchObject({ activated: false, reason: null });
    expect(record.solution.selection).toHaveLength(8);
    expect(record.solution.bitstring).toBe(oracle.bitstring);
    expect(record.quality.approximationRatio).toBe(1);
    expect(record.quality.optimumProbability).toBeGreaterThan(0);
    // Written atomically under ./results/<jobId>.json, with the job's EMF metric lines beside it
    const files = readdirSync(path.join(r.cwd, 'results')).sort();
    expect(files).toEqual([`${record.jobId}.json`, "metrics.jsonl"].sort());
    const emf = readFileSync(path.join(r.cwd, 'results', 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(emf[0]._aws.CloudWatchMetrics[0].Namespace).toBe('QuantumComputing');
    expect(emf[0]).toMatchObject({ JobSucceeded: 1, ResultsPersisted: 1, OptimizationQuality: 1 });
  });

  it('--precision single runs the Sampler simulator in float32 (RealAmplitudes on 10 assets: a real float32 state) and finds the brute-force optimum', () => {
    const tickers = ['AAPL', 'AMZN', 'GOOG', 'JPM', 'XOM', 'BAC', 'WMT', 'PFE', 'GE', 'T'];
    const r = qpo(['optimize', '--tickers', tickers.join(','), '--budget', '5', '--seed', '2', '--ansatz', 'realamplitudes', '--precision', 'single', '--json']);
    expect(r.code).toBe(0);
    const record = JSON.parse(r.stdout);
    expect(record.variational.precision).toBe('single');
    expect(record.request.quantum.precision).toBe('single');
    expect(record.solution.bitstring).toBe(bruteForce(realProblem(tickers, 5)).bitstring);
    const bad = qpo(['optimize', '--tickers', 'AAPL,JPM,XOM,WMT', '--precision', 'half']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/quantum.precision \(--precision\): 'half' is not valid; use one of double, single/);
  });

  it('prints a human summary with the selected assets and the fallback reason', () => {
    const r = qpo(['optimize', '--stocks', 'AAPL,JPM,XOM,WMT', '--budget', '2', '--force-fallback', '--seed', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Ticker.*Selected/);
    expect(r.stdout).toMatch(/Fallback\s+activated \(forced\)/);
    expect(r.stdout).toMatch(/approximation ratio 1\.0000/);
  });

  it('--dry-run prints the plan and writes nothing', () => {
    const r = qpo(['optimize', '--tickers', 'AAPL,JPM,XOM,WMT', '--ansatz', 'realamplitudes', '--reps', '3', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/4 qubits, 16 parameters, depth \d+/);
    expect(r.stdout).toMatch(/ry: 16/);
    expect(r.stdout).toMatch(/Optimizer {5}cobyla, max 300 evaluations, exact probabilities, CVaR alpha 0.25/);
    expect(existsSync(path.join(r.cwd, 'results'))).toBe(false);
  });

  it('--dry-run shows the default method: the givens ansatz, L-BFGS with adjoint gradients, ascending CVaR', () => {
    const r = qpo(['optimize', '--tickers', 'AAPL,JPM,XOM,WMT,GOOG,AMZN', '--budget', '3', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Circuit {7}givens reps=4 from basis: 6 qubits, 24 parameters/);
    expect(r.stdout).toMatch(/Optimizer {5}lbfgs \(adjoint gradients in the feasible subspace\), max 4000 evaluations, up to 8 starts, exact probabilities, ascending CVaR alpha 0.05 > 0.2 > 0.5 > 1/);
  });

  it('reads a runbook YAML config, and flags override it', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'vqe_config.yaml'), 'portfolio:\n  stocks: [AAPL, JPM, XOM, WMT]\n  budget: 2\nvqe:\n  ansatz: EfficientSU2\n  reps: 1\n  maxiter: 80\n');
    const r = qpo(['optimize', '--config', 'vqe_config.yaml', '--reps', '2', '--seed', '3', '--json'], dir);
    expect(r.code).toBe(0);
    const record = JSON.parse(r.stdout);
    expect(record.request.quantum).toMatchObject({ ansatz: 'efficientsu2', reps: 2, maxIterations: 80 });
  });

  it('takes an explicit problem with --problem', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'p.json'), JSON.stringify({ tickers: ['A', 'B', 'C'], mu: [0.001, 0.003, 0.002], sigma: [[1e-4, 0, 0], [0, 1e-4, 0], [0, 0, 1e-4]], riskFactor: 0.1, budget: 1 }));
    const r = qpo(['optimize', '--problem', 'p.json', '--seed', '2', '--json'], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).solution.selectedTickers).toEqual(['B']);
  });

  it.each([
    [['--tickers', 'AAPL,XYZ'], /UNKNOWN_TICKER.*--tickers.*"XYZ"/],
    [['--tickers', 'AAPL,JPM,XOM', '--budget', '3'], /--budget.*3 is out of range; must be between 1 and 2 for 3 assets/],
    [['--tickers', 'AAPL,JPM,XOM', '--budget', '0'], /--budget.*0 is out of range/],
    [['--tickers', 'AAPL,JPM', '--risk-factor', '-0.5'], /--risk-factor.*-0.5 is out of range/],
    [['--tickers', 'AAPL,JPM', '--risk-tolerance', '1.2'], /--risk-tolerance: '1.2' is out of range/],
    [['--tickers', 'AAPL,JPM,XOM', '--shots', '0'], /--shots.*0 is out of range; must be between 1 and 100000/],
    [['--tickers', 'AAPL,JPM,XOM', '--shots', '100001'], /--shots.*100001 is out of range/],
    [['--tickers', 'AAPL,JPM', '--start', '2018-04-10'], /INSUFFICIENT_DATA/],
    [['--tickers', 'AAPL,JPM', '--prices', 'missing.csv'], /--prices.*does not exist/],
  ])('bad input %j: exit 2, a clear message, no stack trace, no files', (args, message) => {
    const r = qpo(['optimize', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(r.cwd, 'results'))).toBe(false);
  });

  it.each([
    ['empty.csv', '', /INVALID_PRICES/],
    ['text.csv', 'date,AAA,BBB\n2020-01-01,1,2\n2020-01-02,abc,3\n2020-01-03,2,4\n', /INVALID_PRICES.*abc/],
  ])('bad price file %s: exit 2', (name, content, message) => {
    const dir = tmp();
    writeFileSync(path.join(dir, name), content);
    const r = qpo(['optimize', '--prices', name, '--tickers', 'AAA,BBB'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('rejects a non-symmetric Sigma in --problem', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'p.json'), JSON.stringify({ tickers: ['A', 'B'], mu: [0, 0], sigma: [[1, 0.5], [0.1, 1]], budget: 1 }));
    const r = qpo(['optimize', '--problem', 'p.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/INVALID_PROBLEM.*sigma/i);
  });

  it('refuses a problem whose state vector does not fit in memory', () => {
    const dir = tmp();
    const n = 31;
    const tickers = Array.from({ length: n }, (_, i) => `T${i}`);
    const sigma = tickers.map((_, i) => tickers.map((__, j) => (i === j ? 1e-4 : 0)));
    writeFileSync(path.join(dir, 'p.json'), JSON.stringify({ tickers, mu: Array(n).fill(0.001), sigma, budget: 3 }));
    const r = qpo(['optimize', '--problem', 'p.json', '--solver', 'quantum'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/STATE_TOO_LARGE.*31 qubits.*GiB/);
  });
});

describe('qpo report (CLI)', () => {
  it('prints a stored result by job id, and refuses an unknown one', () => {
    const run = qpo(['optimize', '--tickers', 'AAPL,JPM,XOM,WMT', '--budget', '2', '--seed', '1', '--job-id', 'report-me', '--json']);
    expect(run.code).toBe(0);
    const shown = qpo(['report', 'report-me'], run.cwd);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/Portfolio\s+\w+, \w+/);
    expect(shown.stdout).toContain(path.join('results', 'report-me.json'));
    const missing = qpo(['report', 'nope'], run.cwd);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no result 'nope'/);
  });
});

describe('usage errors exit 2 (commander, every subcommand)', () => {
  it.each([
    [['optimize', '--bogus'], /unknown option '--bogus'/],
    [['optimize', '--tickers'], /argument missing/],
    [['optimize', '--tikers', 'A,B'], /Did you mean --tickers\?/],
    [['report'], /JOB: give a job id or a result .json file \(or --list\)/],
    [['simulate'], /missing required argument/],
    [['report', 'a', 'b'], /too many arguments/],
    [['optimise'], /unknown command 'optimise'[\s\S]*Did you mean optimize\?/],
  ])('qpo %j', (args, message) => {
    const r = qpo(args as string[]);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(2);
  });
});
