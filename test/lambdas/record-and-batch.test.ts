/**
 * Against S3 on 127.0.0.1 (s3rver with If-None-Match): the S3 result store's conditional put,
 * RecordResult failing loudly (ResultsPersisted = 0), and the Batch entrypoint as a plain node
 * process writing its answer beside the result. Plus one middy-wrapped Lambda with Powertools.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { readFile } from 'node:fs/promises';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { MemoryAnswerStore, parseJobSpec, type MetricGroup } from '../../lib/jobs';
import { jobKey, S3AnswerStore, S3ResultStore } from '../../lib/jobs/s3-store';
import { runFallbackTask, validateAndPrepareTask, type JobState } from '../../lib/jobs/tasks';
import { recordFailureMetrics, recordWithMetrics } from '../../lib/workflow/handlers';
import { PRICES_CSV } from '../helpers/problems';
import { startS3, type LocalS3 } from '../helpers/s3rver';

const BUCKET = 'amazon-braket-qpo-records';
let s3: LocalS3;
const readDataset = () => readFile(PRICES_CSV, 'utf8');
const ROOT = path.join(__dirname, '..', '..');

beforeAll(async () => {
  s3 = await startS3([BUCKET]);
});
afterAll(() => s3.close());

async function preparedJob(jobId: string, extra: Record<string, unknown> = {}): Promise<JobState> {
  const { job } = await validateAndPrepareTask(
    { spec: { jobId, portfolio: { tickers: ['AAPL', 'JPM', 'XOM', 'WMT'] }, budget: 2, fallback: { annealing: { numReads: 10, numSweeps: 200 } }, ...extra }, executionName: jobId },
    { readDataset, now: () => Date.now(), randomSeed: () => 3, startupGraceSeconds: 0 },
  );
  return job;
}

describe('RecordResult on S3', () => {
  it('writes result.json once (If-None-Match: *); a second write is ResultExistsError and keeps the first', async () => {
    const job = await preparedJob('rec-1', { solver: 'classical' });
    const answers = new S3AnswerStore(s3.client, BUCKET);
    await runFallbackTask({ job, path: 'classical', quantumFailure: null }, { readDataset, answers });
    const metrics: MetricGroup[] = [];
    const deps = { readDataset, answers, store: new S3ResultStore(s3.client, BUCKET), now: () => Date.now(), software: { qpo: 't', node: 'v' }, emitMetrics: (g: MetricGroup[]) => void metrics.push(...g) };
    const out = await recordWithMetrics({ job }, deps);
    expect(out.location).toBe(`s3://${BUCKET}/portfolio-optimization/rec-1/result.json`);
    const stored = JSON.parse(await (await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: jobKey('rec-1', 'result.json') }))).Body!.transformToString());
    expect(stored).toMatchObject({ jobId: 'rec-1', solver: 'annealing', quality: { approximationRatio: 1 } });
    expect(metrics[0]!.metrics).toEqual(expect.arrayContaining([{ name: 'ResultsPersisted', unit: 'Count', value: 1 }]));
    expect(metrics[0]!.properties).toEqual({ jobId: 'rec-1' });
    // A retry of the same step (same job, same creation time) finds its own record: it succeeds with it.
    await expect(recordWithMetrics({ job }, deps)).resolves.toMatchObject({ jobId: 'rec-1', location: out.location });
    // Another run under the same job id (another creation time) is refused and keeps the first record.
    await expect(recordWithMetrics({ job: { ...job, createdAtMs: job.createdAtMs + 1 } }, deps)).rejects.toMatchObject({ name: 'QPO.ResultExists', code: 'RESULT_EXISTS' });
    expect(JSON.parse(await (await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: jobKey('rec-1', 'result.json') }))).Body!.transformToString())).toEqual(stored);
  });

  it('a failed write fails loudly with the record rescued; no metric until the job ends (RecordFailure counts it once)', async () => {
    const job = await preparedJob('rec-2', { solver: 'classical' });
    const answers = new MemoryAnswerStore();
    await runFallbackTask({ job, path: 'classical', quantumFailure: null }, { readDataset, answers });
    const metrics: MetricGroup[] = [];
    const rescued: string[] = [];
    s3.failPuts(1);
    const error = await recordWithMetrics(
      { job },
      { readDataset, answers, store: new S3ResultStore(s3.client, BUCKET), now: () => Date.now(), software: { qpo: 't', node: 'v' }, emitMetrics: (g) => void metrics.push(...g), rescue: async (r) => (rescued.push(r.jobId), 'the log') },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'QPO.ResultNotPersisted', code: 'RESULT_NOT_PERSISTED', details: { fallbackLocation: 'the log' }, record: { jobId: 'rec-2' } });
    expect((error as Error).message).toMatch(/^could not write s3:\/\/amazon-braket-qpo-records\/portfolio-optimization\/rec-2\/result\.json: .*; the record was saved to the log instead$/);
    expect(rescued).toEqual(['rec-2']);
    expect(metrics).toEqual([]);
    await recordFailureMetrics({ jobId: 'rec-2', failure: { Error: 'QPO.ResultNotPersisted', Cause: '{}' } }, { emitMetrics: (g) => void metrics.push(...g) });
    expect(metrics).toEqual([
      { dimensions: {}, metrics: [{ name: 'JobFailed', unit: 'Count', value: 1 }, { name: 'ResultsPersisted', unit: 'Count', value: 0 }], properties: { jobId: 'rec-2', error: 'QPO.ResultNotPersisted' } },
      { dimensions: { errorKind: 'internal' }, metrics: [{ name: 'JobFailed', unit: 'Count', value: 1 }], properties: { jobId: 'rec-2', error: 'QPO.ResultNotPersisted' } },
    ]);
  });

  it('a corrupt stored record is a clear RESULT_CORRUPT, never an INTERNAL parse error', async () => {
    await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: jobKey('rec-3', 'result.json'), Body: '{"schemaVersion":1,"jobId":"rec-3","solu' }));
    const store = new S3ResultStore(s3.client, BUCKET);
    await expect(store.get('rec-3')).rejects.toMatchObject({ code: 'RESULT_CORRUPT', message: expect.stringMatching(/^jobId: the stored result of 'rec-3' \(s3:\/\/amazon-braket-qpo-records\/portfolio-optimization\/rec-3\/result\.json\) is not a valid ResultRecord \(not JSON: /) });
    expect(await store.exists('rec-3')).toBe(true);
    expect(await store.exists('rec-none')).toBe(false);
  });
});

function runEntrypoint(env: Record<string, string>): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'batch-image', 'src', 'entrypoint.ts')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH!, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_S3: s3.endpoint, AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED', AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED', RESULTS_BUCKET: BUCKET, ...env },
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('Batch entrypoint (plain node process)', () => {
  it('answers the quantum step and writes answer.json beside the result', async () => {
    const job = await preparedJob('batch-1', { quantum: { seed: 7 } });
    const r = await runEntrypoint({ QPO_JOB: JSON.stringify(job) });
    expect(r.code).toBe(0);
    const answer = await new S3AnswerStore(s3.client, BUCKET).getAnswer('batch-1');
    expect(answer).toMatchObject({ answer: { solver: 'vqe' }, backend: { name: 'local', kind: 'simulator' }, fallback: { activated: false } });
    expect(answer!.answer.samples.length).toBeGreaterThan(0);
    const emf = JSON.parse(r.stdout.split('\n').find((l) => l.includes('"_aws"'))!);
    expect(emf).toMatchObject({ QueueWaitTime: expect.any(Number), service: 'qpo' });
    expect(emf._aws.CloudWatchMetrics[0].Namespace).toBe('QuantumComputing');
  });

  it('a quantum-path failure exits 3 and leaves the reason for the fallback', async () => {
    const job = await preparedJob('batch-2', { quantum: { optimizer: 'spsa', maxIterations: 100000, timeoutSeconds: 0.3 } });
    const r = await runEntrypoint({ QPO_JOB: JSON.stringify(job) });
    expect(r.code).toBe(3);
    expect(await new S3AnswerStore(s3.client, BUCKET).getFailure('batch-2')).toMatchObject({ reason: 'timeout' });
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toMatchObject({ level: 'ERROR', error: 'QPO.QuantumTimeout', code: 'QUANTUM_TIMEOUT' });
  });

  it('a rejected input exits 2 and leaves the user error for the fallback step to re-raise', async () => {
    const job = await preparedJob('batch-3', {});
    const bad = { ...job, spec: { ...job.spec, quantum: { ...job.spec.quantum, backend: 'ibm:nope' } } };
    const r = await runEntrypoint({ QPO_JOB: JSON.stringify(bad) });
    expect(r.code).toBe(2);
    expect(await new S3AnswerStore(s3.client, BUCKET).getFailure('batch-3')).toMatchObject({ reason: null, code: 'BACKEND_NOT_CONFIGURED' });
  });

  it('a broken container environment is internal: exit 1', async () => {
    expect((await runEntrypoint({ QPO_JOB: '{not json' })).code).toBe(1);
  });
});

describe('a middy-wrapped Lambda (validate-and-prepare) with Powertools', () => {
  it('returns the job, logs with the Lambda context and prints the EMF cold-start metric', async () => {
    process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
    Object.assign(process.env, { RESULTS_BUCKET: BUCKET, QUANTUM_STARTUP_GRACE_SECONDS: '300', QPO_VERSION: 'test', ...s3.sdkEnv });
    await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: jobKey('lam-3', 'result.json'), Body: '{}' }));
    const lines: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: any) => (lines.push(String(chunk)), true));
    const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.map(String).join(' ')));
    try {
      const { handler } = await import('../../lambdas/validate-and-prepare');
      const ctx = { functionName: 'qpo-validate', functionVersion: '1', invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:qpo-validate', memoryLimitInMB: '1024', awsRequestId: 'r-1', getRemainingTimeInMillis: () => 60_000 } as any;
      const out = (await handler({ spec: { portfolio: { tickers: ['AAPL', 'JPM'] } }, executionName: 'lam-1' }, ctx)) as { job: JobState };
      expect(out.job).toMatchObject({ jobId: 'lam-1', spec: parseJobSpec({ portfolio: { tickers: ['AAPL', 'JPM'] }, quantum: { seed: out.job.spec.quantum.seed } }) });
      await expect(handler({ spec: { portfolio: { tickers: ['AAPL'] } }, executionName: 'lam-2' }, ctx)).rejects.toMatchObject({ name: 'QPO.InvalidInput', code: 'INVALID_INPUT', path: 'portfolio.tickers' });
      // A job id with a result in the bucket is refused before any work (issue 10 item 4).
      await expect(handler({ spec: { portfolio: { tickers: ['AAPL', 'JPM'] } }, executionName: 'lam-3' }, ctx)).rejects.toMatchObject({ name: 'QPO.ResultExists', code: 'RESULT_EXISTS' });
    } finally {
      spy.mockRestore();
      log.mockRestore();
    }
    const emf = lines.filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l));
    expect(emf[0]._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'QuantumComputing', Metrics: [{ Name: 'ColdStart', Unit: 'Count' }] });
  });
});
