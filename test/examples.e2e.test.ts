/**
 * Every file of examples/ as the README's "Try next" runs it: `node bin/qpo.js ...` from the
 * repository root (results go to a temporary folder). Answers are checked against brute force.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createProblem } from '../lib/portfolio';
import { bruteForce } from './helpers/problems';

const ROOT = path.join(__dirname, '..');
const example = (file: string) => path.join(ROOT, 'examples', file);

function qpo(args: string[]) {
  const output = mkdtempSync(path.join(tmpdir(), 'qpo-ex-'));
  const withOutput = args[0] === 'optimize' ? [...args, '--output', output] : args;
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'qpo.js'), ...withOutput, '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  expect(r.stderr.replace(/^note: .*\n/gm, '')).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

/** The brute-force optimum of a record's own problem. */
const oracleOf = (record: { problem: { tickers: string[]; mu: number[]; sigma: number[][]; riskFactor: number; budget: number } }) =>
  bruteForce(createProblem({ tickers: record.problem.tickers, mu: record.problem.mu, sigma: record.problem.sigma, riskFactor: record.problem.riskFactor, budget: record.problem.budget }));

describe('examples/', () => {
  it('vqe_config.yaml: the runbook layout with an initial point from a file', () => {
    const record = qpo(['optimize', '--config', 'examples/vqe_config.yaml', '--seed', '1']);
    const point = JSON.parse(readFileSync(example('initial_point.json'), 'utf8'));
    expect(record.request.quantum).toMatchObject({ ansatz: 'realamplitudes', reps: 1, optimizer: 'cobyla', maxIterations: 200, shots: 2048, tolerance: 1e-4, maxEvaluations: 400, timeoutSeconds: 120, initialPoint: point });
    expect(record.variational.initialParameters).toEqual(point);
    expect(record.riskFactor ?? record.request.riskFactor).toBe(0.5);
    expect(record.solution.bitstring).toBe(oracleOf(record).bitstring);
  });

  it('fallback_config.yaml --test-mode: triggers, the annealing schedule, notification reported as ignored', () => {
    const record = qpo(['optimize', '--config', 'examples/fallback_config.yaml', '--test-mode', '--seed', '1']);
    expect(record.fallback).toMatchObject({ activated: true, reason: 'test-mode' });
    expect(record.request.fallback).toMatchObject({ queueThreshold: 20, annealing: { numSweeps: 2000, betaSchedule: 'geometric' } });
    expect(record.request.quantum.timeoutSeconds).toBe(300);
    expect(record.request.origin.ignored.map((i: { key: string }) => i.key)).toContain('fallback.notification');
    expect(record.solution.bitstring).toBe(oracleOf(record).bitstring);
  });

  it('runtime_override.yaml: classical now', () => {
    const record = qpo(['optimize', '--config', 'examples/runtime_override.yaml', '--stocks', 'AAPL,AMZN,JPM,XOM']);
    expect(record.solver).toBe('annealing');
    expect(record.solution.bitstring).toBe(oracleOf(record).bitstring);
  });

  it('problem.json: an explicit mu and Sigma', () => {
    const record = qpo(['optimize', '--problem', 'examples/problem.json', '--seed', '1']);
    const file = JSON.parse(readFileSync(example('problem.json'), 'utf8'));
    expect(record.problem).toMatchObject({ tickers: file.tickers, mu: file.mu, sigma: file.sigma, riskFactor: 2, budget: 2 });
    expect(record.solution.bitstring).toBe(oracleOf(record).bitstring);
  });

  it('ghz.qasm: 000 and 111, each with probability 1/2', () => {
    const out = qpo(['simulate', 'examples/ghz.qasm']);
    expect(Object.keys(out.probabilities).sort()).toEqual(['000', '111']);
    expect(out.probabilities['000']).toBeCloseTo(0.5, 12);
  });

  it('prices.csv: your own price file', () => {
    const record = qpo(['optimize', '--prices', 'examples/prices.csv', '--tickers', 'AAPL,AMZN,JPM,XOM,WMT', '--budget', '2', '--seed', '1']);
    expect(record.problem.data).toMatchObject({ source: 'examples/prices.csv', start: '2017-01-03', end: '2018-04-11' });
    expect(record.solution.bitstring).toBe(oracleOf(record).bitstring);
  });
});
