/**
 * The job lifecycle API with real API Gateway event shapes: GET /jobs, POST /jobs/{id}/cancel and
 * POST /jobs/{id}/resubmit, against Step Functions on 127.0.0.1 (running the job definition, with
 * StopExecution), Batch on 127.0.0.1 (ListJobs, TerminateJob), DynamoDB on 127.0.0.1 (dynalite, the
 * job index) and S3 (s3rver). The job-events Lambda's handler receives the execution status events
 * Step Functions would publish to EventBridge, as the deployed rule delivers them.
 */
import { readFile } from 'node:fs/promises';
import { BatchClient } from '@aws-sdk/client-batch';
import { BatchContainers, SfnJobExecutions } from '../../lib/jobs/aws-lifecycle';
import { DynamoJobIndex } from '../../lib/jobs/dynamo-job-index';
import { LocalCapacityProbe } from '../../lib/jobs';
import type { MetricGroup } from '../../lib/jobs/metrics';
import { S3AnswerStore, S3ResultStore } from '../../lib/jobs/s3-store';
import { jobHandlers } from '../../lib/workflow/handlers';
import { LocalWorkflow } from '../../lib/workflow/local-runner';
import { STATE } from '../../lib/workflow/names';
import { createCancelJobHandler } from '../../lambdas/cancel-job';
import { createGetJobHandler } from '../../lambdas/get-job';
import { BATCH_JOB_STATE_CHANGE, createJobEventsHandler, EXECUTION_STATUS_CHANGE } from '../../lambdas/job-events';
import { createListJobsHandler } from '../../lambdas/list-jobs';
import { createOptimizeHandler } from '../../lambdas/optimize-api';
import { createResubmitJobHandler } from '../../lambdas/resubmit-job';
import { apiEvent } from '../helpers/api-event';
import { startBatch } from '../helpers/batch-server';
import { startDynamo, type LocalDynamo } from '../helpers/dynamodb';
import { PRICES_CSV } from '../helpers/problems';
import { startS3, type LocalS3 } from '../helpers/s3rver';
import { STATE_MACHINE_ARN, startSfn, type LocalSfn } from '../helpers/sfn-server';
import { TEST_CREDENTIALS } from '../helpers/sigv4';

const BUCKET = 'amazon-braket-qpo-lifecycle';
const QUEUE = 'arn:aws:batch:us-east-1:123456789012:job-queue/qpo-test';
const SPEC = { portfolio: { tickers: ['AAPL', 'JPM', 'XOM', 'WMT'] }, budget: 2, solver: 'classical', fallback: { annealing: { numReads: 10, numSweeps: 200 } } };

let s3: LocalS3;
let dynamo: LocalDynamo;
let sfn: LocalSfn;
let batch: Awaited<ReturnType<typeof startBatch>>;
let batchClient: BatchClient;
let index: DynamoJobIndex;
const metrics: MetricGroup[] = [];
/** Jobs whose ValidateAndPrepare waits until released: they stay running. */
const held = new Map<string, () => void>();

let optimize: ReturnType<typeof createOptimizeHandler>;
let list: ReturnType<typeof createListJobsHandler>;
let cancel: ReturnType<typeof createCancelJobHandler>;
let resubmit: ReturnType<typeof createResubmitJobHandler>;
let getJob: ReturnType<typeof createGetJobHandler>;

beforeAll(async () => {
  s3 = await startS3([BUCKET]);
  dynamo = await startDynamo();
  await dynamo.createJobIndexTable('qpo-jobs');
  index = new DynamoJobIndex(dynamo.client, 'qpo-jobs', 30);
  const events = createJobEventsHandler({ index, emit: (g) => void metrics.push(...g) });
  const store = new S3ResultStore(s3.client, BUCKET);
  sfn = await startSfn(
    new LocalWorkflow(),
    () => {
      const h = jobHandlers({
        readDataset: () => readFile(PRICES_CSV, 'utf8'),
        now: () => Date.now(),
        randomSeed: () => 11,
        startupGraceSeconds: 0,
        store,
        answers: new S3AnswerStore(s3.client, BUCKET),
        probe: new LocalCapacityProbe(),
        software: { qpo: 'test', node: process.version },
        emitMetrics: () => undefined,
      }) as Record<string, (i: never) => Promise<unknown>>;
      const prepare = h[STATE.validateAndPrepare]!;
      return {
        ...h,
        [STATE.validateAndPrepare]: async (input: never) => {
          const name = (input as { executionName: string }).executionName;
          if (held.has(name)) await new Promise<void>((release) => held.set(name, release));
          return prepare(input);
        },
      };
    },
    { onStatusChange: (detail) => events({ version: '0', id: 'e', 'detail-type': EXECUTION_STATUS_CHANGE, source: 'aws.states', account: '123456789012', time: new Date().toISOString(), region: 'us-east-1', resources: [detail.executionArn], detail }).then(() => undefined) },
  );
  batch = await startBatch([{ jobId: 'batch-1', jobName: 'qpo-slow-1', jobQueue: QUEUE, status: 'RUNNABLE' }]);
  batchClient = new BatchClient({ region: 'us-east-1', endpoint: batch.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  const executions = new SfnJobExecutions(sfn.client, STATE_MACHINE_ARN);
  optimize = createOptimizeHandler({ sfn: sfn.client, stateMachineArn: STATE_MACHINE_ARN });
  list = createListJobsHandler({ index });
  cancel = createCancelJobHandler({ executions, containers: new BatchContainers(batchClient, QUEUE), index });
  resubmit = createResubmitJobHandler({ executions, index });
  getJob = createGetJobHandler({ sfn: sfn.client, stateMachineArn: STATE_MACHINE_ARN, store, index });
});

afterAll(async () => {
  for (const release of held.values()) release();
  await sfn.close();
  batchClient.destroy();
  await batch.close();
  await dynamo.close();
  await s3.close();
});

const body = (r: { body: string }) => JSON.parse(r.body);
const submit = (key: string, spec: unknown = SPEC) => optimize(apiEvent('POST', '/optimize', { body: spec, headers: { 'Idempotency-Key': key } }));
const listing = (query: Record<string, string>) => list({ ...apiEvent('GET', '/jobs'), queryStringParameters: query });
const jobPath = (verb: 'cancel' | 'resubmit', jobId: string, extra: { body?: unknown; headers?: Record<string, string> } = {}) =>
  apiEvent('POST', `/jobs/{jobId}/${verb}`, { path: `/jobs/${jobId}/${verb}`, pathParameters: { jobId }, ...extra });

async function until(jobId: string, status: string) {
  for (let i = 0; i < 400; i++) {
    const e = await index.get(jobId);
    if (e?.status === status) return e;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${jobId} never became ${status} (${JSON.stringify(await index.get(jobId))})`);
}

describe('GET /jobs (the job index, kept from execution status events)', () => {
  it('lists jobs newest first with their outcome, filters by status, and pages with nextToken', async () => {
    for (const key of ['list-a', 'list-b', 'list-c']) expect((await submit(key)).statusCode).toBe(202);
    expect((await submit('list-bad', { portfolio: { tickers: ['AAPL', 'XYZ'] } })).statusCode).toBe(202);
    await Promise.all(['list-a', 'list-b', 'list-c'].map((id) => until(id, 'succeeded')));
    const bad = await until('list-bad', 'failed');
    expect(bad.error).toEqual({ code: 'UNKNOWN_TICKER', message: expect.stringMatching(/XYZ/) });
    // A rejected input is the caller's mistake: no JobFailed for the success SLO.
    expect(metrics.flatMap((g) => g.metrics).filter((m) => m.name === 'JobFailed')).toEqual([]);

    const all = body(await listing({}));
    expect(all.jobs.map((j: { jobId: string }) => j.jobId)).toEqual(expect.arrayContaining(['list-a', 'list-b', 'list-c', 'list-bad']));
    const created = all.jobs.map((j: { createdAt: string }) => j.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    expect(all.jobs.find((j: { jobId: string }) => j.jobId === 'list-a')).toMatchObject({
      status: 'succeeded',
      solver: 'classical',
      answeredBy: 'annealing',
      backend: 'local',
      fallbackReason: null,
      approximationRatio: 1,
      tickers: SPEC.portfolio.tickers,
      location: `s3://${BUCKET}/portfolio-optimization/list-a/result.json`,
    });
    expect(body(await listing({ status: 'failed' })).jobs.map((j: { jobId: string }) => j.jobId)).toEqual(['list-bad']);
    const first = body(await listing({ limit: '2' }));
    expect(first.jobs).toHaveLength(2);
    const second = body(await listing({ limit: '2', nextToken: first.nextToken }));
    expect(second.jobs[0].createdAt <= first.jobs[1].createdAt).toBe(true);
    expect(second.jobs.map((j: { jobId: string }) => j.jobId)).not.toContain(first.jobs[1].jobId);
  });

  it('400 naming a bad parameter or token', async () => {
    const r = await listing({ status: 'done' });
    expect(r.statusCode).toBe(400);
    expect(body(r).error).toMatchObject({ code: 'INVALID_INPUT', path: 'status' });
    expect((await listing({ nextToken: 'not-a-token' })).statusCode).toBe(400);
  });
});

describe('POST /jobs/{jobId}/cancel', () => {
  it('stops the execution, terminates its quantum container, records cancelled with the caller; idempotent', async () => {
    held.set('slow-1', () => undefined);
    expect((await submit('slow-1')).statusCode).toBe(202);
    await until('slow-1', 'running');
    const r = await cancel(jobPath('cancel', 'slow-1', { body: { reason: 'INC-9 wrong tickers' } }));
    expect(r.statusCode).toBe(200);
    expect(body(r)).toEqual({ jobId: 'slow-1', status: 'cancelled', stoppedExecution: true, terminatedContainers: ['batch-1'], closedProviderSessions: [], problems: [] });
    expect(batch.terminated).toEqual([{ jobId: 'batch-1', reason: 'cancelled by arn:aws:iam::123456789012:user/quant: INC-9 wrong tickers' }]);
    expect(sfn.executions.get('slow-1')).toMatchObject({ status: 'ABORTED', error: 'QPO.JobCancelled' });
    const entry = await until('slow-1', 'cancelled');
    expect(entry).toMatchObject({ cancelledBy: 'arn:aws:iam::123456789012:user/quant', error: { code: 'JOB_CANCELLED', message: expect.stringMatching(/INC-9/) } });
    expect(metrics.flatMap((g) => g.metrics)).toEqual(expect.arrayContaining([{ name: 'JobCancelled', unit: 'Count', value: 1 }]));
    const shown = body(await getJob(apiEvent('GET', '/jobs/{jobId}', { path: '/jobs/slow-1', pathParameters: { jobId: 'slow-1' } })));
    expect(shown).toMatchObject({ phase: 'Cancelled', error: { code: 'JOB_CANCELLED' }, links: { cancelledBy: 'arn:aws:iam::123456789012:user/quant' } });
    const again = await cancel(jobPath('cancel', 'slow-1'));
    expect(body(again)).toMatchObject({ status: 'cancelled', stoppedExecution: false });
    held.get('slow-1')!();
  });

  it('409 for a finished job, 404 for an unknown one, 400 for a bad body; nothing is stopped', async () => {
    await until('list-a', 'succeeded');
    const done = await cancel(jobPath('cancel', 'list-a'));
    expect(done.statusCode).toBe(409);
    expect(body(done).error).toMatchObject({ code: 'JOB_NOT_CANCELLABLE', path: 'jobId', message: expect.stringMatching(/already succeeded/) });
    expect((await cancel(jobPath('cancel', 'nope'))).statusCode).toBe(404);
    const badBody = await cancel(jobPath('cancel', 'list-a', { body: { reason: 'x', force: true } }));
    expect(badBody.statusCode).toBe(400);
    expect(body(badBody).error.message).toMatch(/unknown field\(s\) 'force'/);
    expect(sfn.executions.get('list-a')!.status).toBe('SUCCEEDED');
  });
});

describe('POST /jobs/{jobId}/resubmit', () => {
  it('runs the same request as <id>-r1, linked both ways; repeating it returns the same job', async () => {
    await until('slow-1', 'cancelled');
    const r = await resubmit(jobPath('resubmit', 'slow-1'));
    expect(r.statusCode).toBe(202);
    expect(body(r)).toEqual({ jobId: 'slow-1-r1', resubmitOf: 'slow-1', existing: false, statusUrl: '/test/jobs/slow-1-r1' });
    expect(JSON.parse(sfn.executions.get('slow-1-r1')!.input)).toEqual(SPEC);
    const done = await until('slow-1-r1', 'succeeded');
    expect(done).toMatchObject({ resubmitOf: 'slow-1', answeredBy: 'annealing' });
    expect(await index.get('slow-1')).toMatchObject({ status: 'cancelled', resubmittedAs: 'slow-1-r1' });
    const repeat = await resubmit(jobPath('resubmit', 'slow-1'));
    expect(body(repeat)).toMatchObject({ jobId: 'slow-1-r1', existing: true });
    expect([...sfn.executions.keys()].filter((k) => k.startsWith('slow-1-r'))).toEqual(['slow-1-r1']);
    // Its own resubmission is -r2; a custom Idempotency-Key names the new job.
    expect(body(await resubmit(jobPath('resubmit', 'slow-1-r1')))).toMatchObject({ jobId: 'slow-1-r2', resubmitOf: 'slow-1-r1' });
    expect(body(await resubmit(jobPath('resubmit', 'list-b', { headers: { 'Idempotency-Key': 'rerun-list-b' } })))).toMatchObject({ jobId: 'rerun-list-b', resubmitOf: 'list-b' });
  });

  it('409 while running, 404 unknown, 400 for a body', async () => {
    held.set('slow-2', () => undefined);
    await submit('slow-2');
    await until('slow-2', 'running');
    const running = await resubmit(jobPath('resubmit', 'slow-2'));
    expect(running.statusCode).toBe(409);
    expect(body(running).error).toMatchObject({ code: 'JOB_STILL_RUNNING', message: expect.stringMatching(/qpo jobs cancel slow-2/) });
    held.get('slow-2')!();
    expect((await resubmit(jobPath('resubmit', 'ghost'))).statusCode).toBe(404);
    expect((await resubmit(jobPath('resubmit', 'list-c', { body: { portfolio: {} } }))).statusCode).toBe(400);
  });
});

describe('job-events: quantum containers for the Batch SLO', () => {
  it('counts a container that ran to a verdict as a success, a killed or crashed one as a failure, a cancelled one as neither', async () => {
    const seen: MetricGroup[] = [];
    const events = createJobEventsHandler({ index, emit: (g) => void seen.push(...g) });
    const batchEvent = (detail: Record<string, unknown>) =>
      events({ version: '0', id: 'b', 'detail-type': BATCH_JOB_STATE_CHANGE, source: 'aws.batch', account: '1', time: '', region: 'us-east-1', resources: [], detail });
    await batchEvent({ jobName: 'qpo-a', status: 'SUCCEEDED', container: { exitCode: 0 } });
    await batchEvent({ jobName: 'qpo-b', status: 'FAILED', container: { exitCode: 3 } });
    await batchEvent({ jobName: 'qpo-c', status: 'FAILED', statusReason: 'OutOfMemoryError: Container killed due to memory usage', container: { exitCode: 137 } });
    await batchEvent({ jobName: 'qpo-d', status: 'FAILED', statusReason: 'Host EC2 terminated.' });
    await batchEvent({ jobName: 'qpo-e', status: 'FAILED', statusReason: 'cancelled by ops: INC-1' });
    expect(seen.flatMap((g) => g.metrics.map((m) => m.name))).toEqual(['BatchJobSucceeded', 'BatchJobSucceeded', 'BatchJobFailed', 'BatchJobFailed']);
  });
});
