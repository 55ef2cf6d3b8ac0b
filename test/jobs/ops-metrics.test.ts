/**
 * What the operations side reads: execution status events as index patches (the documented
 * EventBridge detail), the job metrics the SLO alarms use, and the Batch compute health against a
 * Batch endpoint on 127.0.0.1 (DescribeJobQueues, DescribeComputeEnvironments, ListJobs RUNNABLE).
 */
import { BatchClient } from '@aws-sdk/client-batch';
import { batchHealth, batchHealthMetrics } from '../../lib/jobs/batch-health';
import { executionError, patchOfExecution } from '../../lib/jobs/execution-events';
import { succeededJobMetrics } from '../../lib/jobs/metrics';
import type { ResultRecord } from '../../lib/jobs/result';
import { startBatch } from '../helpers/batch-server';
import { TEST_CREDENTIALS } from '../helpers/sigv4';

const SPEC = JSON.stringify({ portfolio: { tickers: ['AAPL', 'JPM', 'XOM'] }, budget: 1 });
const START = Date.UTC(2026, 11, 7, 8, 0, 0);

describe('patchOfExecution (Step Functions Execution Status Change detail)', () => {
  it('RUNNING: the request; SUCCEEDED: the answer from the output; the spec\'s jobId wins over the name', () => {
    expect(patchOfExecution({ name: 'n1', status: 'RUNNING', startDate: START, stopDate: null, input: SPEC, output: null, error: null, cause: null })).toEqual({
      jobId: 'n1',
      at: new Date(START).toISOString(),
      createdAt: new Date(START).toISOString(),
      status: 'running',
      tickers: ['AAPL', 'JPM', 'XOM'],
      solver: 'auto',
      budget: 1,
    });
    const output = JSON.stringify({ jobId: 'n1', location: 's3://b/k', solver: 'annealing', backend: 'local', fallback: { activated: true, reason: 'timeout' }, approximationRatio: 0.97, cost: { shots: 4096, estimatedCostUsd: 1.6 } });
    expect(patchOfExecution({ name: 'n1', status: 'SUCCEEDED', startDate: START, stopDate: START + 5000, input: SPEC, output, error: null, cause: null })).toMatchObject({
      status: 'succeeded',
      completedAt: new Date(START + 5000).toISOString(),
      answeredBy: 'annealing',
      backend: 'local',
      fallbackReason: 'timeout',
      approximationRatio: 0.97,
      shots: 4096,
      costUsd: 1.6,
      location: 's3://b/k',
      error: null,
    });
    expect(patchOfExecution({ name: 'sweep-3', status: 'RUNNING', startDate: START, stopDate: null, input: JSON.stringify({ jobId: 'mine', portfolio: {} }), output: null, error: null, cause: null }).jobId).toBe('mine');
  });

  it('FAILED keeps a user error\'s own message and hides internal causes; TIMED_OUT and ABORTED are named', () => {
    const cause = JSON.stringify({ errorType: 'QPO.UnknownTicker', errorMessage: 'portfolio.tickers: unknown ticker "XYZ"', trace: ['at x'] });
    expect(executionError('QPO.UnknownTicker', cause, 'FAILED')).toEqual({ code: 'UNKNOWN_TICKER', message: 'portfolio.tickers: unknown ticker "XYZ"' });
    expect(executionError('QPO.JobFailed', JSON.stringify({ errorMessage: 'secret stack', trace: [] }), 'FAILED')).toEqual({ code: 'JOB_FAILED', message: expect.not.stringContaining('secret') });
    expect(executionError('States.Timeout', null, 'TIMED_OUT').code).toBe('QUANTUM_TIMEOUT');
    expect(patchOfExecution({ name: 'c', status: 'ABORTED', startDate: START, stopDate: START + 1, input: SPEC, output: null, error: 'QPO.JobCancelled', cause: 'cancelled by ops: INC-1' })).toMatchObject({
      status: 'cancelled',
      error: { code: 'JOB_CANCELLED', message: 'cancelled by ops: INC-1' },
    });
    // Input left out of the event (over 248 KiB): the entry still records the outcome.
    expect(patchOfExecution({ name: 'big', status: 'FAILED', startDate: START, stopDate: START, input: null, output: null, error: 'QPO.Internal', cause: null })).toMatchObject({ jobId: 'big', status: 'failed' });
  });
});

describe('succeededJobMetrics: the SLO metrics of a finished job', () => {
  const base = {
    jobId: 'j',
    durations: { prepareSeconds: 0, quantumSeconds: 0, fallbackSeconds: 0, totalSeconds: 700 },
    request: { solver: 'auto', quantum: { algorithm: 'vqe' } },
    backend: { name: 'local', kind: 'simulator' },
    fallback: { activated: false, reason: null, message: null },
    quality: { approximationRatio: 1 },
    variational: { evaluations: 140 },
    cost: { shotsUsed: 0, estimatedCostUsd: 0, queueWaitSeconds: 0 },
  } as unknown as ResultRecord;
  const names = (r: ResultRecord): [Record<string, string>, string[]][] => succeededJobMetrics(r).map((g) => [{ ...g.dimensions }, g.metrics.map((m) => `${m.name}=${m.value}`)]);

  it('a VQE answer: quantum path succeeded, evaluations, completion time by backend and for the VQE latency SLO', () => {
    const out = names(base);
    expect(out[0]![1]).toEqual(expect.arrayContaining(['QuantumPathSucceeded=1', 'OptimizerEvaluations=140', 'JobCompletionTime=700']));
    expect(out).toEqual(expect.arrayContaining([[{ backend: 'local' }, ['JobCompletionTime=700']], [{ algorithm: 'vqe' }, ['JobCompletionTime=700']]]));
  });

  it('a quantum failure answered by annealing counts against the quantum path; a forced or classical job does not count at all', () => {
    const fellBack = { ...base, backend: { name: 'local', kind: 'classical' }, fallback: { activated: true, reason: 'backend-error', message: 'x' }, variational: null } as unknown as ResultRecord;
    expect(names(fellBack)[0]![1]).toEqual(expect.arrayContaining(['QuantumPathFailed=1']));
    const forced = { ...fellBack, fallback: { activated: true, reason: 'forced-platform', message: 'x' } } as unknown as ResultRecord;
    expect(names(forced)[0]![1].filter((m) => m.startsWith('QuantumPath'))).toEqual([]);
    const classical = { ...fellBack, request: { solver: 'classical', quantum: { algorithm: 'vqe' } }, fallback: { activated: false, reason: null, message: null } } as unknown as ResultRecord;
    expect(names(classical).some(([d]) => d.algorithm === 'vqe')).toBe(false);
  });
});

describe('batchHealth against Batch on 127.0.0.1', () => {
  const QUEUE = 'arn:aws:batch:us-east-1:123456789012:job-queue/qpo';
  const CE = 'arn:aws:batch:us-east-1:123456789012:compute-environment/qpo';
  it('healthy when queue and environment are VALID/ENABLED; the oldest RUNNABLE job\'s age; INVALID is unhealthy with the reason', async () => {
    const now = Date.UTC(2026, 11, 7, 9, 0, 0);
    const queues = [{ jobQueueName: 'qpo', jobQueueArn: QUEUE, state: 'ENABLED' as const, status: 'VALID' as const, computeEnvironments: [CE] }];
    const environments = [{ computeEnvironmentName: 'qpo', computeEnvironmentArn: CE, state: 'ENABLED' as const, status: 'VALID' as const }];
    const batch = await startBatch(
      [
        { jobId: 'a', jobName: 'qpo-a', jobQueue: QUEUE, status: 'RUNNABLE', createdAt: now - 1200_000 },
        { jobId: 'b', jobName: 'qpo-b', jobQueue: QUEUE, status: 'RUNNABLE', createdAt: now - 60_000 },
      ],
      { queues, environments },
    );
    const client = new BatchClient({ region: 'us-east-1', endpoint: batch.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    try {
      const ok = await batchHealth(client, QUEUE, now);
      expect(ok).toEqual({ healthy: true, problems: [], oldestRunnableSeconds: 1200 });
      expect(batchHealthMetrics(ok)[0]!.metrics).toEqual([
        { name: 'BatchComputeEnvironmentHealthy', unit: 'Count', value: 1 },
        { name: 'BatchOldestRunnableSeconds', unit: 'Seconds', value: 1200 },
      ]);
      Object.assign(environments[0]!, { status: 'INVALID', statusReason: 'CLIENT_ERROR - no subnets' });
      const bad = await batchHealth(client, QUEUE, now);
      expect(bad).toMatchObject({ healthy: false, problems: [expect.stringMatching(/compute environment qpo: ENABLED\/INVALID CLIENT_ERROR - no subnets/)] });
      expect((await batchHealth(client, 'arn:aws:batch:us-east-1:123456789012:job-queue/missing', now)).problems).toEqual([expect.stringMatching(/does not exist/)]);
    } finally {
      client.destroy();
      await batch.close();
    }
  });
});
