/**
 * The runbook's settings change what runs: convergence.tolerance stops the optimizer, max_evals caps
 * the evaluations, --test-mode makes the quantum path fail as a provider would (reason test-mode),
 * `method: exact` answers by brute force, and --max-queue-wait stops a job whose provider requests
 * wait too long. Answers are checked against brute force.
 */
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fallbackReasonOf, FileResultStore, parseJobSpec, runQuantumStep } from '../../lib/jobs';
import { guardSampler } from '../../lib/backends/guard';
import type { Sampler } from '../../lib/quantum/ports';
import { runJobLocally, type LocalRunDeps } from '../../lib/workflow/run-local';
import { bruteForce, PRICES_CSV, realProblem } from '../helpers/problems';

const TICKERS = ['AAPL', 'AMZN', 'GOOG', 'JPM', 'XOM'];
const FAST = { annealing: { numReads: 10, numSweeps: 300 } };

function deps(): LocalRunDeps {
  let id = 0;
  return {
    readDataset: async () => readFile(PRICES_CSV, 'utf8'),
    store: new FileResultStore(mkdtempSync(path.join(tmpdir(), 'qpo-rb-'))),
    now: () => Date.now(),
    newJobId: () => `rb-${process.hrtime.bigint()}-${++id}`,
    randomSeed: () => 99,
    software: { qpo: 'test', node: process.version },
  };
}

async function vqe(quantum: Record<string, unknown>) {
  const spec = parseJobSpec({ portfolio: { tickers: TICKERS }, budget: 2, quantum: { seed: 5, maxIterations: 2000, ...quantum } });
  const result = await runQuantumStep(spec, 5, realProblem(TICKERS, 2), {}, {});
  return result.variational!;
}

describe('convergence settings reach the optimizer', () => {
  it('a loose convergence.tolerance stops COBYLA early, converged; a tight one runs on', async () => {
    const loose = await vqe({ optimizer: 'cobyla', tolerance: 0.5 });
    const tight = await vqe({ optimizer: 'cobyla', tolerance: 1e-8 });
    expect(loose.stopReason).toBe('converged');
    expect(loose.evaluations).toBeLessThan(tight.evaluations);
    expect(tight.evaluations).toBeLessThanOrEqual(2000);
  });

  it('the default method (L-BFGS, one start) stops on the tolerance as its gradient tolerance', async () => {
    const loose = await vqe({ restarts: 1, tolerance: 0.5 });
    const tight = await vqe({ restarts: 1, tolerance: 1e-9 });
    expect(loose.method).toBe('subspace-gradient');
    expect(loose.evaluations).toBeLessThan(tight.evaluations);
  });

  it('Nelder-Mead stops on the tolerance too', async () => {
    const loose = await vqe({ optimizer: 'nelder-mead', tolerance: 0.1 });
    expect(loose.stopReason).toBe('converged');
    expect(loose.evaluations).toBeLessThan(2000);
  });

  it('max_evals caps the evaluations of COBYLA and of SPSA (even inside its calibration)', async () => {
    expect((await vqe({ optimizer: 'cobyla', maxEvaluations: 17 })).evaluations).toBe(17);
    // The default method: every start's value-and-gradient evaluations together.
    expect((await vqe({ maxEvaluations: 17 })).evaluations).toBeLessThanOrEqual(17);
    const spsa = await vqe({ optimizer: 'spsa', maxIterations: 100, maxEvaluations: 30 });
    expect(spsa.evaluations).toBe(30);
    expect(spsa.stopReason).toBe('max-iterations');
  });
});

describe('the runbook\'s switches in a whole job', () => {
  const oracle = bruteForce(realProblem(TICKERS, 2));

  it('--test-mode: the quantum path fails as simulated, annealing answers, recorded as test-mode', async () => {
    const record = await runJobLocally({ portfolio: { tickers: TICKERS }, budget: 2, fallback: { ...FAST, testMode: true } }, deps());
    expect(record.fallback).toMatchObject({ activated: true, reason: 'test-mode' });
    expect(record.fallback.message).toMatch(/test mode: simulated quantum-path failure/);
    expect(record.solver).toBe('annealing');
    expect(record.request.fallback.testMode).toBe(true);
    expect(record.cost.shotsUsed).toBe(0);
    expect(record.solution.bitstring).toBe(oracle.bitstring);
  });

  it('--test-mode with the fallback disabled fails the job', async () => {
    await expect(runJobLocally({ portfolio: { tickers: TICKERS }, budget: 2, fallback: { testMode: true, enabled: false } }, deps())).rejects.toThrow(
      /quantum path failed \(test-mode\) and the fallback is disabled/,
    );
  });

  it('--solver classical --method exact answers by brute force', async () => {
    const record = await runJobLocally({ portfolio: { tickers: TICKERS }, budget: 2, solver: 'classical', fallback: { method: 'exact' } }, deps());
    expect(record.solver).toBe('exact');
    expect(record.solution.objective).toBeCloseTo(oracle.optimum, 15);
    expect(record.fallback.activated).toBe(false);
  });

  it('FORCE_CLASSICAL_FALLBACK / runtime_override: the record keeps where the setting came from', async () => {
    const record = await runJobLocally(
      { portfolio: { tickers: TICKERS }, budget: 2, fallback: { ...FAST, force: true }, origin: { config: 'config/runtime_override.yaml', environment: ['FORCE_CLASSICAL_FALLBACK=true'] } },
      deps(),
    );
    expect(record.fallback.reason).toBe('forced');
    expect(record.request.origin).toEqual({ config: 'config/runtime_override.yaml', environment: ['FORCE_CLASSICAL_FALLBACK=true'] });
  });
});

describe('--max-queue-wait', () => {
  /** A provider whose every request waited `queueSeconds` in its queue. */
  const queued = (queueSeconds: number): Sampler => ({
    name: 'slow-queue',
    kind: 'hardware',
    maxQubits: 127,
    supportsExactProbabilities: false,
    run: async (r) => ({ distributions: r.parameterSets.map(() => ({ kind: 'counts' as const, counts: new Map([[0, r.shots ?? 1]]), shots: r.shots ?? 1 })), queueSeconds, shotsUsed: r.shots ?? 0, estimatedCostUsd: 0 }),
  });

  it('stops the quantum path once the requests waited longer in total, as a queue overflow', async () => {
    const sampler = guardSampler(queued(100), { estimateCostUsd: () => 0, maxQueueWaitSeconds: 150 });
    const request = { circuit: { numQubits: 1, parameters: [], operations: [] } as never, parameterSets: [[]], shots: 10 };
    await expect(sampler.run(request)).resolves.toMatchObject({ queueSeconds: 100 });
    const error = await sampler.run(request).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BACKEND_QUEUE_TOO_LONG' });
    expect((error as Error).message).toMatch(/waited 200.0 s in the provider queue, more than fallback.maxQueueWaitSeconds \(150 s\)/);
    expect(fallbackReasonOf(error, 'auto')).toBe('queue-overflow');
  });
});
