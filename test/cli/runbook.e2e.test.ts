/**
 * The runbook's invocations (../shared/runbook/README.md) as a user runs them: `node bin/qpo.js
 * optimize ...` in a child process, with the runbook's own config files read from ../shared as
 * printed, its environment switches, and market data from a Tiingo server on 127.0.0.1.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createProblem } from '../../lib/portfolio';
import { bruteForce } from '../helpers/problems';
import { startTiingoServer } from '../fakes/tiingo-server';
import type { FakeServer } from '../fakes/http-server';

const QPO = path.join(__dirname, '..', '..', 'bin', 'qpo.js');
const RUNBOOK = path.join(__dirname, '..', '..', '..', 'shared', 'runbook');
const TOKEN = 'e2e-token';
const tmp = () => mkdtempSync(path.join(tmpdir(), 'qpo-rb-cli-'));

function qpo(args: string[], env: Record<string, string> = {}) {
  const cwd = tmp();
  const r = spawnSync(process.execPath, [QPO, 'optimize', ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, record: () => JSON.parse(r.stdout) };
}

/** The same, asynchronously: the Tiingo server in this process must keep answering. */
function qpoAsync(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const cwd = tmp();
  return new Promise((resolve) => {
    execFile(process.execPath, [QPO, 'optimize', ...args], { cwd, timeout: 120_000, env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('the runbook\'s invocations', () => {
  let server: FakeServer;
  let market: Record<string, string>;
  beforeAll(async () => {
    server = await startTiingoServer({ token: TOKEN });
    market = { TIINGO_API_KEY: TOKEN, QPO_TIINGO_URL: server.url, QPO_CACHE_DIR: tmp() };
  });
  afterAll(() => server.close());

  it('--stocks AAPL,GOOGL,MSFT,AMZN --risk-tolerance 0.5 --backend ibmq_qasm_simulator, on market data', async () => {
    const r = await qpoAsync(['--stocks', 'AAPL,GOOGL,MSFT,AMZN', '--risk-tolerance', '0.5', '--backend', 'ibmq_qasm_simulator', '--prices', 'tiingo', '--start', '2021-01-01', '--end', '2023-12-29', '--seed', '4', '--json'], market);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/note: quantum.backend: 'ibmq_qasm_simulator' was retired by IBM \(May 2024\); qpo's local state-vector simulator runs instead/);
    const record = JSON.parse(r.stdout);
    expect(record.backend.name).toBe('local');
    expect(record.problem.data.market).toMatchObject({ service: 'tiingo', tickers: ['AAPL', 'GOOGL', 'MSFT', 'AMZN'], requestedStart: '2021-01-01', requestedEnd: '2023-12-29' });
    const oracle = bruteForce(createProblem({ tickers: record.problem.tickers, mu: record.problem.mu, sigma: record.problem.sigma, riskFactor: 0.5, budget: 2 }));
    expect(record.solution.bitstring).toBe(oracle.bitstring);
  });

  it('--stocks AAPL,GOOGL on the bundled file points at market data', () => {
    const r = qpo(['--stocks', 'AAPL,GOOGL,MSFT,AMZN']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/UNKNOWN_TICKER.*"GOOGL", "MSFT".*for other tickers use market data \(--prices tiingo\)/s);
  });

  it('--config vqe_config.yaml --stocks ...: loads as printed, every setting in the request', () => {
    const r = qpo(['--config', path.join(RUNBOOK, 'vqe_config.yaml'), '--stocks', 'AAPL,AMZN,GOOG,JPM', '--seed', '2', '--json']);
    expect(r.code).toBe(0);
    const { request, variational } = r.record();
    expect(request.quantum).toMatchObject({ ansatz: 'efficientsu2', optimizer: 'cobyla', maxIterations: 100, shots: 1024, mitigation: true, tolerance: 1e-6, maxEvaluations: 1000, timeoutSeconds: 600 });
    expect(request.origin.config).toMatch(/vqe_config.yaml$/);
    expect(variational.evaluations).toBeLessThanOrEqual(100);
  });

  it('--config fallback_config.yaml --force-fallback --test-mode: ignored keys on stderr and in the result', () => {
    const r = qpo(['--config', path.join(RUNBOOK, 'fallback_config.yaml'), '--stocks', 'AAPL,AMZN,GOOG,JPM', '--test-mode', '--seed', '2', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/note: .*fallback_config.yaml: ignored fallback.notification: notifications are the platform's/);
    expect(r.stderr).toMatch(/note: .*ignored fallback.trigger_conditions.quantum_backend_unavailable: always a trigger/);
    const record = r.record();
    expect(record.fallback).toMatchObject({ activated: true, reason: 'test-mode' });
    expect(record.request.origin.ignored.map((i: { key: string }) => i.key)).toEqual(['fallback.trigger_conditions.quantum_backend_unavailable', 'fallback.notification']);
    expect(record.request.fallback).toMatchObject({ queueThreshold: 100, method: 'simulated_annealing', testMode: true });
  });

  it('--config config/runtime_override.yaml and FORCE_CLASSICAL_FALLBACK=true run classical now', () => {
    const override = qpo(['--config', path.join(RUNBOOK, 'runtime_override.yaml'), '--stocks', 'AAPL,AMZN,GOOG,JPM', '--json']);
    expect(override.code).toBe(0);
    expect(override.record()).toMatchObject({ solver: 'annealing', fallback: { activated: false } });
    const forced = qpo(['--stocks', 'AAPL,AMZN,GOOG,JPM', '--json'], { FORCE_CLASSICAL_FALLBACK: 'true', VQE_SHOTS: '2048' });
    expect(forced.code).toBe(0);
    const record = forced.record();
    expect(record.fallback).toMatchObject({ activated: true, reason: 'forced' });
    expect(record.request.quantum.shots).toBe(2048);
    expect(record.request.origin.environment).toEqual(['FORCE_CLASSICAL_FALLBACK=true', 'VQE_SHOTS=2048']);
  });

  it('--solver classical --method simulated_annealing; --solver auto --fallback-threshold 50 --max-queue-wait 300', () => {
    const classical = qpo(['--stocks', 'AAPL,AMZN,GOOG', '--solver', 'classical', '--method', 'simulated_annealing', '--json']);
    expect(classical.code).toBe(0);
    expect(classical.record().solver).toBe('annealing');
    const auto = qpo(['--stocks', 'AAPL,AMZN,GOOG,JPM', '--solver', 'auto', '--fallback-threshold', '50', '--max-queue-wait', '300', '--dry-run', '--json']);
    expect(auto.code).toBe(0);
    expect(auto.record().spec.fallback).toMatchObject({ queueThreshold: 50, maxQueueWaitSeconds: 300 });
  });

  it.each([
    [['--optimizer', 'SLSQP'], /--optimizer.*'slsqp' is not supported; use one of lbfgs, cobyla, spsa, nelder-mead/i],
    [['--backend', 'nairobi'], /INVALID_BACKEND.*'nairobi' is not a backend; use local, auto, ibm:<device>/],
    [['--method', 'genetic'], /--method.*'genetic' is not valid; use one of simulated_annealing, exact/],
  ])('%j exits 2 with the list of valid values', (args, message) => {
    const r = qpo(['--stocks', 'AAPL,AMZN,GOOG,JPM', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('VQE_SHOTS=lots exits 2 naming the variable', () => {
    const r = qpo(['--stocks', 'AAPL,AMZN,GOOG,JPM'], { VQE_SHOTS: 'lots' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/VQE_SHOTS: 'lots' is out of range; must be an integer between 1 and 100000/);
  });
});
