/**
 * BatchCapacityProbe against a Batch API on 127.0.0.1 (restJson1 `POST /v1/listjobs`, SigV4
 * verified) that pages its answers with nextToken, as documented in
 * https://docs.aws.amazon.com/batch/latest/APIReference/API_ListJobs.html; and the health check's metrics.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BatchClient } from '@aws-sdk/client-batch';
import { BatchCapacityProbe } from '../../lib/jobs/batch-capacity';
import { healthMetrics } from '../../lambdas/health-check';
import { TEST_CREDENTIALS, verifySigV4 } from '../helpers/sigv4';

const QUEUE = 'arn:aws:batch:us-east-1:123456789012:job-queue/qpo-test';
/** Jobs per status in the fake queue. */
const JOBS: Record<string, number> = { SUBMITTED: 3, PENDING: 0, RUNNABLE: 130, STARTING: 1, RUNNING: 4, SUCCEEDED: 50 };

let server: ReturnType<typeof createServer>;
let client: BatchClient;
const calls: { status: string; token: string | null; maxResults: number }[] = [];

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    if (!(await verifySigV4(req, body, { service: 'batch', region: 'us-east-1' }))) {
      res.writeHead(403, { 'x-amzn-errortype': 'UnrecognizedClientException' });
      return void res.end('{"message":"bad signature"}');
    }
    const q = JSON.parse(body);
    if (req.url !== '/v1/listjobs' || q.jobQueue !== QUEUE) {
      res.writeHead(400, { 'x-amzn-errortype': 'ClientException' });
      return void res.end('{"message":"unknown queue"}');
    }
    calls.push({ status: q.jobStatus, token: q.nextToken ?? null, maxResults: q.maxResults });
    const total = JOBS[q.jobStatus] ?? 0;
    const start = q.nextToken ? Number(q.nextToken) : 0;
    const end = Math.min(total, start + (q.maxResults ?? 100));
    const jobSummaryList = Array.from({ length: end - start }, (_, i) => ({ jobId: `${q.jobStatus}-${start + i}`, jobName: 'qpo-x', status: q.jobStatus }));
    res.writeHead(200, { 'content-type': 'application/json' });
    return void res.end(JSON.stringify({ jobSummaryList, ...(end < total ? { nextToken: String(end) } : {}) }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  client = new BatchClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
});

afterAll(async () => {
  client.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

it('counts every waiting and running job across pages, and nothing finished', async () => {
  const probe = new BatchCapacityProbe(client, QUEUE);
  expect(await probe.queueDepth()).toBe(3 + 0 + 130 + 1 + 4);
  const runnable = calls.filter((c) => c.status === 'RUNNABLE');
  expect(runnable.map((c) => c.token)).toEqual([null, '100']);
  expect(calls.some((c) => c.status === 'SUCCEEDED')).toBe(false);
  expect(await probe.backendStatus('ibm_torino')).toEqual({ status: 'unknown', message: null });
});

it('health check: Batch QueueDepth, and per backend QuantumBackendHealthCheck (0 when unavailable) and ProviderQueueDepth', async () => {
  const depth = await new BatchCapacityProbe(client, QUEUE).queueDepth();
  const groups = healthMetrics(depth, [
    { backend: 'local', status: 'available', queueDepth: 0, message: null },
    { backend: 'ibm:ibm_torino', status: 'unavailable', queueDepth: 12, message: 'maintenance' },
    { backend: 'braket:sv1', status: 'unavailable', queueDepth: null, message: 'Amazon Braket did not answer within 5 s' },
  ]);
  expect(groups).toEqual([
    { dimensions: {}, metrics: [{ name: 'QueueDepth', unit: 'Count', value: 138 }] },
    { dimensions: { backend: 'local' }, metrics: [{ name: 'QuantumBackendHealthCheck', unit: 'Count', value: 1 }] },
    { dimensions: { backend: 'ibm:ibm_torino' }, metrics: [{ name: 'QuantumBackendHealthCheck', unit: 'Count', value: 0 }, { name: 'ProviderQueueDepth', unit: 'Count', value: 12 }] },
    { dimensions: { backend: 'braket:sv1' }, metrics: [{ name: 'QuantumBackendHealthCheck', unit: 'Count', value: 0 }] },
  ]);
});

it('health check: the IBM instance\'s remaining quantum seconds and share (the alarm fires at 10 % left)', () => {
  const usage = { usage_consumed_seconds: 540, usage_limit_seconds: 600, usage_remaining_seconds: 60, usage_limit_reached: false };
  expect(healthMetrics(0, [], usage).at(-1)).toEqual({ dimensions: { backend: 'ibm' }, metrics: [{ name: 'RemainingQuantumSeconds', unit: 'Seconds', value: 60 }, { name: 'RemainingQuantumShare', unit: 'None', value: 0.1 }] });
  // no limit (pay as you go): nothing to run out of
  expect(healthMetrics(0, [], { usage_consumed_seconds: 5, usage_limit_seconds: null })).toHaveLength(1);
});
