import { mkdtempSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileResultStore, JobFailedError, type JobDeps } from '../../lib/jobs';
import { localJobWorkflow } from '../../lib/workflow/local-runner';
import { runJobLocally } from '../../lib/workflow/run-local';

// One validated machine for the file (construction validates the definition once).
const workflow = localJobWorkflow();
const runJob = (input: unknown, deps: JobDeps) => runJobLocally(input, { ...deps, workflow });
import { bruteForce, PRICES_CSV, realProblem } from '../helpers/problems';

const TICKERS = ['AAPL', 'AMZN', 'GOOG', 'JPM', 'XOM', 'BAC'];

// Job ids are execution names: unique across the file, since the machine remembers its runs.
let id = 0;
function deps(dir: string, extra: Partial<JobDeps> = {}): JobDeps {
  return {
    readDataset: async (name) => (name === 'bundled' ? readFile(PRICES_CSV, 'utf8') : Promise.reject(new Error(`no dataset ${name}`))),
    store: new FileResultStore(dir),
    now: () => Date.UTC(2026, 10, 22, 12, 0, 0),
    newJobId: () => `job-${++id}`,
    randomSeed: () => 1234,
    software: { qpo: 'test', node: process.version },
    ...extra,
  };
}

const tmp = () => mkdtempSync(path.join(tmpdir(), 'qpo-job-'));

describe('a job through the local state machine (runJobLocally)', () => {
  it('answers with VQE on the quantum path, records quality against brute force, writes the result', async () => {
    const dir = tmp();
    const record = await runJob({ portfolio: { tickers: TICKERS }, budget: 3, quantum: { seed: 7 } }, deps(dir));
    const oracle = bruteForce(realProblem(TICKERS, 3));
    expect(record.solver).toBe('vqe');
    expect(record.fallback).toEqual({ activated: false, reason: null, message: null });
    expect(record.solution.bitstring).toBe(oracle.bitstring);
    expect(record.solution.objective).toBeCloseTo(oracle.optimum, 14);
    expect(record.quality.approximationRatio).toBe(1);
    expect(record.quality.optimalBitstring).toBe(oracle.bitstring);
    expect(record.quality.optimumProbability).toBeGreaterThan(0);
    expect(record.solution.selection).toEqual(oracle.bitstring.split('').reverse().map(Number));
    expect(record.request.quantum.seed).toBe(7);
    expect(record.variational?.evaluations).toBeGreaterThan(10);
    expect(JSON.parse(await readFile(path.join(dir, `${record.jobId}.json`), 'utf8'))).toEqual(JSON.parse(JSON.stringify(record)));
  });

  it('records the random seed it drew so the run can be repeated', async () => {
    const record = await runJob({ portfolio: { tickers: TICKERS.slice(0, 4) } }, deps(tmp()));
    expect(record.request.quantum.seed).toBe(1234);
  });

  it('falls back to annealing when forced, with reason forced', async () => {
    const record = await runJob({ portfolio: { tickers: TICKERS }, budget: 3, fallback: { force: true } }, deps(tmp()));
    expect(record.solver).toBe('annealing');
    expect(record.fallback).toMatchObject({ activated: true, reason: 'forced' });
    expect(record.quality.approximationRatio).toBe(1);
  });

  it('the platform-wide force-classical switch routes quantum jobs to annealing (forced-platform), even with the fallback disabled; classical jobs stay classical', async () => {
    const platformSwitch = { read: async () => ({ forced: true, reason: 'INC-1', setBy: 'oncall', setAt: '2026-12-07T00:00:00Z' }) };
    const forced = await runJobLocally({ portfolio: { tickers: TICKERS }, budget: 3, fallback: { enabled: false } }, { ...deps(tmp()), workflow, platformSwitch });
    expect(forced.solver).toBe('annealing');
    expect(forced.fallback).toMatchObject({ activated: true, reason: 'forced-platform', message: expect.stringMatching(/platform-wide force-classical switch/) });
    expect(forced.quality.approximationRatio).toBe(1);
    const classical = await runJobLocally({ portfolio: { tickers: TICKERS }, budget: 3, solver: 'classical' }, { ...deps(tmp()), workflow, platformSwitch });
    expect(classical.fallback).toEqual({ activated: false, reason: null, message: null });
    const off = await runJobLocally({ portfolio: { tickers: TICKERS.slice(0, 4) }, budget: 2 }, { ...deps(tmp()), workflow, platformSwitch: { read: async () => ({ forced: false, reason: null, setBy: null, setAt: null }) } });
    expect(off).toMatchObject({ solver: 'vqe', fallback: { activated: false } });
  });

  it('falls back with reason timeout when the quantum path exceeds its budget', async () => {
    const record = await runJob(
      { portfolio: { tickers: TICKERS }, budget: 3, quantum: { optimizer: 'spsa', maxIterations: 100000, seed: 1, timeoutSeconds: 0.2 } },
      deps(tmp()),
    );
    expect(record.fallback).toMatchObject({ activated: true, reason: 'timeout' });
    expect(record.solver).toBe('annealing');
    expect(record.durations.quantumSeconds).toBeGreaterThanOrEqual(0.15);
    expect(record.durations.quantumSeconds).toBeLessThan(5);
  });

  it('records the method that ran: the givens ansatz, L-BFGS, ascending CVaR, the starts and their evaluations', async () => {
    const record = await runJob({ portfolio: { tickers: TICKERS }, budget: 3, quantum: { seed: 7 } }, deps(tmp()));
    const v = record.variational!;
    expect(v).toMatchObject({ method: 'subspace-gradient', ansatz: 'givens', optimizer: 'lbfgs', warmStart: 'none', cvarSchedule: { kind: 'ascending', alphas: [0.05, 0.2, 0.5, 1] } });
    expect(v.restarts!.reduce((s, r) => s + r.evaluations, 0)).toBe(v.evaluations);
    expect(record.quality.optimumProbability).toBeGreaterThan(0.5);
    // The request keeps what the user set; the resolved settings live in `variational`.
    expect(record.request.quantum.ansatz).toBeUndefined();
  });

  it('with warmStart annealing starts the ansatz from the annealing answer (Egger et al. 2021)', async () => {
    const record = await runJob({ portfolio: { tickers: TICKERS }, budget: 3, quantum: { seed: 7, warmStart: 'annealing' } }, deps(tmp()));
    const oracle = bruteForce(realProblem(TICKERS, 3));
    expect(record.variational).toMatchObject({ warmStart: 'annealing', initialState: oracle.bitstring });
    expect(record.solution.bitstring).toBe(oracle.bitstring);
  });

  it('runs the XY-mixer QAOA from the Dicke state by default for algorithm qaoa', async () => {
    const record = await runJob({ portfolio: { tickers: TICKERS }, budget: 3, quantum: { seed: 2, algorithm: 'qaoa', reps: 2 } }, deps(tmp()));
    expect(record.solver).toBe('qaoa');
    expect(record.variational).toMatchObject({ ansatz: 'qaoa-xy', initialState: 'dicke', method: 'subspace-gradient', reps: 2 });
    expect(record.samples.every((s) => s.feasible)).toBe(true);
  });

  it('falls back with reason no-feasible-sample when the final readout misses the budget', async () => {
    const record = await runJob(
      { portfolio: { tickers: TICKERS.slice(0, 4) }, quantum: { ansatz: 'realamplitudes', initialPoint: Array(12).fill(0), maxIterations: 1, seed: 1 } },
      deps(tmp()),
    );
    expect(record.fallback).toMatchObject({ activated: true, reason: 'no-feasible-sample' });
  });

  it('fails loudly, writing nothing, when the quantum path fails and the fallback is disabled', async () => {
    const dir = tmp();
    const run = runJob(
      { portfolio: { tickers: TICKERS }, budget: 3, quantum: { optimizer: 'spsa', maxIterations: 100000, timeoutSeconds: 0.1 }, fallback: { enabled: false } },
      deps(dir),
    );
    await expect(run).rejects.toBeInstanceOf(JobFailedError);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('runs the classical and exact solvers when asked, without a fallback', async () => {
    const classical = await runJob({ portfolio: { tickers: TICKERS }, budget: 2, solver: 'classical' }, deps(tmp()));
    expect(classical).toMatchObject({ solver: 'annealing', fallback: { activated: false } });
    const exact = await runJob({ portfolio: { tickers: TICKERS }, budget: 2, solver: 'exact' }, deps(tmp()));
    expect(exact.solver).toBe('exact');
    expect(exact.solution.objective).toBeCloseTo(bruteForce(realProblem(TICKERS, 2)).optimum, 14);
  });

  it('accepts an explicit mu and Sigma and validates Sigma', async () => {
    const ok = await runJob(
      { portfolio: { tickers: ['A', 'B', 'C'], mu: [0.001, 0.002, 0.0015], sigma: [[1e-4, 0, 0], [0, 4e-4, 0], [0, 0, 2e-4]] }, budget: 1, riskFactor: 0 },
      deps(tmp()),
    );
    expect(ok.solution.selectedTickers).toEqual(['B']);
    expect(ok.problem.data.source).toBe('explicit');
    await expect(
      runJob({ portfolio: { tickers: ['A', 'B'], mu: [0, 0], sigma: [[1, 0.5], [0.2, 1]] }, budget: 1 }, deps(tmp())),
    ).rejects.toMatchObject({ code: 'INVALID_PROBLEM', path: 'sigma' });
  });

  it('rejects bad input before running anything and writes nothing', async () => {
    const dir = tmp();
    await expect(runJob({ portfolio: { tickers: ['AAPL', 'NOPE'] } }, deps(dir))).rejects.toMatchObject({ code: 'UNKNOWN_TICKER' });
    await expect(runJob({ portfolio: { tickers: TICKERS }, quantum: { shots: 0 } }, deps(dir))).rejects.toMatchObject({ code: 'INVALID_INPUT', path: 'quantum.shots' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a state vector that does not fit the memory budget, as a user error', async () => {
    const run = runJob({ portfolio: { tickers: TICKERS }, solver: 'quantum' }, deps(tmp(), { maxStateBytes: 512 }));
    await expect(run).rejects.toMatchObject({ code: 'STATE_TOO_LARGE' });
    await expect(run).rejects.toThrow(/cannot simulate 6 qubits: the state vector, probabilities and energies would take 2304 bytes/);
  });
});

describe('runJobLocally with solver auto', () => {
  it('sends a problem too large for the simulator to annealing (backend-unavailable)', async () => {
    const record = await runJob({ portfolio: { tickers: TICKERS }, budget: 3 }, deps(tmp(), { maxStateBytes: 512 }));
    expect(record.fallback).toMatchObject({ activated: true, reason: 'backend-unavailable' });
    expect(record.fallback.message).toMatch(/cannot simulate 6 qubits/);
    expect(record.quality.approximationRatio).toBe(1);
  });
});
