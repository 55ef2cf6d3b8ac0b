/**
 * The provider fault matrix's shared parts: the expected fallback reason of every call and fault,
 * the scaled-down provider deadlines, a job run against a provider environment, and the checks of
 * every case (test/workflow/provider-faults-*.test.ts; the rules are in their module docs and in
 * docs/reliability.md, "Providers").
 *
 * `npm test` runs a covering subset (every call with two faults, every fault on every provider's
 * calls); `npm run test:faults` (QPO_FAULT_MATRIX=full) runs all of it.
 */
import type { BackendEnvironment } from '../../lib/backends';
import type { ResultRecord } from '../../lib/jobs/result';
import { FAULTS, type Fault } from '../fakes/http-server';
import type { IbmCall } from '../fakes/ibm-server';
import type { BraketCall } from '../fakes/braket-server';
import { runProviderJob } from './provider-job';

export const TIMEOUTS = { requestSeconds: 0.5, callSeconds: 1.5, probeSeconds: 2, cleanupSeconds: 1 };
/** quantum.timeoutSeconds of a case; the cancel cases wait on a job that never ends and use the short one. */
export const BUDGET = 5;
/** (the per-evaluation plan of the matrix's job takes about 1.8 s of this side's own work: 6 requests x 0.3 s) */
export const CANCEL_BUDGET = 2.5;
export const SLACK = 1.5;
export const BUCKET = 'amazon-braket-us-east-1-123456789012';

export type Expected = 'quantum' | 'backend-unavailable' | 'backend-error' | 'timeout';
const all = (e: Expected): Record<Fault, Expected> => Object.fromEntries(FAULTS.map((f) => [f, e])) as Record<Fault, Expected>;
/** After submission: no answer, or throttled past the call's deadline -> backend-unavailable; an error answer -> backend-error. */
const afterSubmission: Record<Fault, Expected> = { hang: 'backend-unavailable', drop: 'backend-unavailable', truncated: 'backend-unavailable', '429': 'backend-unavailable', '5xx': 'backend-error', malformed: 'backend-error' };
/** Job creation: a damaged answer means the job exists; it is found by its tag and the run goes on. */
const creation: Record<Fault, Expected> = { ...afterSubmission, malformed: 'quantum', truncated: 'quantum' };

export const IBM_EXPECTED: Record<Exclude<IbmCall, 'list-jobs'>, Record<Fault, Expected>> = {
  'iam-token': all('backend-unavailable'),
  'list-backends': all('backend-unavailable'),
  'backend-status': all('backend-unavailable'),
  'backend-configuration': all('backend-unavailable'),
  // no answer: the lookup by tag finds no job, so nothing was created; a damaged answer: the job is found by its tag
  'create-job': creation,
  'get-job': afterSubmission,
  'job-results': afterSubmission,
  'job-metrics': all('quantum'),
  'cancel-job': all('timeout'),
};

export const BRAKET_EXPECTED: Record<Exclude<BraketCall, 'search-quantum-tasks'> | 's3-results', Record<Fault, Expected>> = {
  'search-devices': all('backend-unavailable'),
  'get-device': all('backend-unavailable'),
  // a damaged answer: the task is found by its qpo:request tag (SearchQuantumTasks) and the run goes on
  'create-quantum-task': creation,
  'get-quantum-task': afterSubmission,
  's3-results': afterSubmission, // S3 throttles with 503 SlowDown: unavailable as well
  'cancel-quantum-task': all('timeout'),
};

const spec = (backend: string, budget: number) => ({
  portfolio: { tickers: ['AAPL', 'JPM', 'XOM', 'WMT'] },
  budget: 2,
  // per-evaluation: the matrix covers the calls of one job per request (sessions: hardware-plan-route.test.ts)
  quantum: { backend, shots: 100, maxIterations: 3, seed: 3, timeoutSeconds: budget, executionMode: 'per-evaluation' },
  fallback: { annealing: { numReads: 8, numSweeps: 200 } },
});

interface Outcome {
  readonly record: ResultRecord;
  readonly metrics: Record<string, number>[];
}

export async function runJob(env: BackendEnvironment, backend: string, budget: number): Promise<Outcome> {
  const { record, metrics } = await runProviderJob(spec(backend, budget), env, 'faults');
  return { record, metrics: metrics as Record<string, number>[] };
}

export const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export function checkOutcome(o: Outcome, expected: Expected, budget: number, server: { created: number; doneShots: number; allShots: number }) {
  const { record } = o;
  if (expected === 'quantum') expect(record.fallback).toMatchObject({ activated: false });
  else expect(record.fallback).toMatchObject({ activated: true, reason: expected });
  expect(record.cost.providerJobs ?? 0).toBe(server.created);
  expect(record.cost.shotsUsed).toBeGreaterThanOrEqual(server.doneShots);
  expect(record.cost.shotsUsed).toBeLessThanOrEqual(server.allShots);
  if (server.doneShots > 0) expect(record.cost.estimatedCostUsd).toBeGreaterThan(0);
  const job = o.metrics.find((m) => 'JobSucceeded' in m)!;
  expect(job.ShotsUsed).toBe(record.cost.shotsUsed);
  expect(job.EstimatedCostUsd).toBeCloseTo(record.cost.estimatedCostUsd, 10);
  expect(record.durations.quantumSeconds).toBeLessThan(budget + TIMEOUTS.cleanupSeconds + SLACK);
}


/**
 * The cases of `table`: all of them with QPO_FAULT_MATRIX=full, else a covering subset: call i
 * with faults i and i + 3 (mod 6), so every call meets two faults and every fault several calls.
 */
export function casesOf<C extends string>(table: Record<C, Record<Fault, Expected>>): [C, Fault, Expected][] {
  const full = process.env.QPO_FAULT_MATRIX === 'full';
  return (Object.keys(table) as C[]).flatMap((call, i) =>
    FAULTS.filter((_, f) => full || f === i % FAULTS.length || f === (i + 3) % FAULTS.length).map((fault) => [call, fault, table[call][fault]] as [C, Fault, Expected]),
  );
}
