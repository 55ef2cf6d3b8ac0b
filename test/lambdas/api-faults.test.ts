/**
 * Issue 10 item 10: the API handlers under hostile input and a misbehaving AWS, with real API
 * Gateway event shapes against the Step Functions API and S3 on 127.0.0.1 (test/helpers/platform).
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { jobKey } from '../../lib/jobs/s3-store';
import { canonicalJson } from '../../lib/jobs/canonical';
import { apiEvent } from '../helpers/api-event';
import { startPlatform } from '../helpers/platform';
import { STATE_MACHINE_ARN } from '../helpers/sfn-server';
import { createOptimizeHandler } from '../../lambdas/optimize-api';

const BUCKET = 'amazon-braket-qpo-api-faults';
let platform: Awaited<ReturnType<typeof startPlatform>>;

const SPEC = { portfolio: { tickers: ['AAPL', 'JPM', 'XOM', 'WMT'] }, budget: 2, solver: 'classical', fallback: { annealing: { numReads: 10, numSweeps: 200 } } };
const post = (body: unknown, headers: Record<string, string> = {}, extra: Partial<ReturnType<typeof apiEvent>> = {}) =>
  platform.optimize({ ...apiEvent('POST', '/optimize', { body, headers }), ...extra });
const get = (jobId: string) => platform.getJob(apiEvent('GET', '/jobs/{jobId}', { path: `/jobs/${jobId}`, pathParameters: { jobId } }));
const errorOf = (r: { body: string }) => JSON.parse(r.body).error;

async function until(jobId: string, phase: string) {
  for (let i = 0; i < 600; i++) {
    const body = JSON.parse((await get(jobId)).body);
    if (body.phase === phase) return body;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`job ${jobId} never reached ${phase}`);
}

beforeAll(async () => {
  platform = await startPlatform(BUCKET);
});
afterAll(() => platform.close());

describe('POST /optimize', () => {
  it('400 (not 500) for a body nested 60 000 deep (within the 128 KiB accepted); nothing started', async () => {
    const before = platform.sfn.executions.size;
    const deep = `{"portfolio":${'['.repeat(60_000)}${']'.repeat(60_000)}}`;
    const handler = createOptimizeHandler({ sfn: platform.sfn.client, stateMachineArn: STATE_MACHINE_ARN });
    const r = await handler(apiEvent('POST', '/optimize', { body: deep }));
    expect(r.statusCode).toBe(400);
    expect(errorOf(r)).toMatchObject({ code: 'INVALID_INPUT', path: 'body', message: expect.stringMatching(/^body: nested more than 32 levels deep/) });
    expect(platform.sfn.executions.size).toBe(before);
  });

  it('decodes an isBase64Encoded body; refuses one that is not base64', async () => {
    const encoded = Buffer.from(JSON.stringify(SPEC)).toString('base64');
    const ok = await post(encoded, { 'Idempotency-Key': 'b64-1' }, { isBase64Encoded: true });
    expect(ok.statusCode).toBe(202);
    expect(JSON.parse(platform.sfn.executions.get('b64-1')!.input)).toEqual(SPEC);
    const bad = await post('{"not":"base64"}', {}, { isBase64Encoded: true });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad)).toMatchObject({ code: 'INVALID_INPUT', path: 'body', message: expect.stringMatching(/isBase64Encoded is true but the body is not base64/) });
    await until('b64-1', 'Completed');
  });

  it('the same body with its keys in another order is the same request: one execution, the same answer', async () => {
    const reordered = { fallback: SPEC.fallback, solver: SPEC.solver, budget: SPEC.budget, portfolio: SPEC.portfolio };
    const first = await post(SPEC, { 'Idempotency-Key': 'order-1' });
    const again = await post(`  ${JSON.stringify(reordered, null, 2)}  `, { 'Idempotency-Key': 'order-1' });
    expect(first.statusCode).toBe(202);
    expect(again.statusCode).toBe(202);
    expect(JSON.parse(again.body)).toEqual(JSON.parse(first.body));
    expect(platform.sfn.executions.get('order-1')!.input).toBe(canonicalJson(SPEC));
    await until('order-1', 'Completed');
  });

  it('a repeat after the job finished answers with the original job (ExecutionAlreadyExists for a closed execution); another body is 409', async () => {
    const first = await post(SPEC, { 'Idempotency-Key': 'closed-1' });
    await until('closed-1', 'Completed');
    expect(platform.sfn.executions.get('closed-1')!.status).toBe('SUCCEEDED');
    const repeat = await post({ ...SPEC }, { 'Idempotency-Key': 'closed-1' });
    expect(repeat.statusCode).toBe(202);
    expect(JSON.parse(repeat.body)).toEqual(JSON.parse(first.body));
    const other = await post({ ...SPEC, riskFactor: 0.9 }, { 'Idempotency-Key': 'closed-1' });
    expect(other.statusCode).toBe(409);
    expect(errorOf(other)).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', path: 'Idempotency-Key' });
  });

  it('throttled by Step Functions: 503 with Retry-After and a message, not a 500', async () => {
    platform.sfn.throttle(1);
    const r = await post(SPEC, { 'Idempotency-Key': 'throttled-1' });
    expect(r.statusCode).toBe(503);
    expect(r.headers).toMatchObject({ 'retry-after': '2' });
    expect(errorOf(r)).toMatchObject({ code: 'SERVICE_BUSY', message: 'the service is busy: AWS Step Functions throttled the request; retry after 2 s' });
    expect(platform.sfn.executions.has('throttled-1')).toBe(false);
  });

  it.each([
    ['a gate typo', { ...SPEC, quantum: { ansatz: 'twolocal', rotationBlocks: ['rq'] } }, 'quantum.rotationBlocks[0]'],
    ['an initial point of the wrong length', { ...SPEC, quantum: { initialPoint: [1, 2] } }, 'quantum.initialPoint'],
    ['an indefinite Sigma', { portfolio: { tickers: ['A', 'B'], mu: [0, 0], sigma: [[1, 2], [2, 1]] }, budget: 1 }, 'sigma'],
    ['an unknown backend', { ...SPEC, quantum: { backend: 'dwave' } }, 'quantum.backend'],
  ])('400 before any execution for %s', async (_label, body, path) => {
    const before = platform.sfn.executions.size;
    const r = await post(body);
    expect(r.statusCode).toBe(400);
    expect(errorOf(r).path).toBe(path);
    expect(platform.sfn.executions.size).toBe(before);
  });
});

describe('GET /jobs/{jobId}', () => {
  it('a corrupt stored result is a clear 502 RESULT_CORRUPT naming the object, not a 500', async () => {
    await post(SPEC, { 'Idempotency-Key': 'corrupt-1' });
    await until('corrupt-1', 'Completed');
    await platform.s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: jobKey('corrupt-1', 'result.json'), Body: '{"schemaVersion":1,"jobId":"corr' }));
    const r = await get('corrupt-1');
    expect(r.statusCode).toBe(502);
    expect(errorOf(r)).toMatchObject({ code: 'RESULT_CORRUPT', message: expect.stringContaining(`s3://${BUCKET}/portfolio-optimization/corrupt-1/result.json`) });
  });

  it('throttled: 503 with Retry-After', async () => {
    platform.sfn.throttle(1);
    const r = await get('corrupt-1');
    expect(r.statusCode).toBe(503);
    expect(r.headers).toMatchObject({ 'retry-after': '2' });
  });

  it.each([
    ['a Lambda error of ours (internal)', 'QPO.JobFailed', { code: 'JOB_FAILED', message: 'the job failed: the quantum path and the fallback did not answer' }],
    ['a user error', 'QPO.UnknownTicker', { code: 'UNKNOWN_TICKER', message: 'portfolio.tickers: unknown tickers "XYZ"' }],
    ['a Step Functions error', 'States.Runtime', { code: 'INTERNAL', message: "the job failed; see the execution's history" }],
  ])('a failed job shows only the catalogued code and message for %s, never the Cause', async (_label, error, expected) => {
    const name = `failed-${error.replace(/\W/g, '')}`;
    const trace = ['Error: boom', '    at runFallbackTask (/var/task/index.js:1:2)', '    at processTicksAndRejections (node:internal)'];
    const cause = JSON.stringify({ errorType: error, errorMessage: expected.code === 'UNKNOWN_TICKER' ? expected.message : 'apikey=sk-LEAKED echoed by the provider', trace });
    platform.sfn.executions.set(name, { arn: `${STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${name}`, name, input: '{}', startDate: Date.now() / 1000, status: 'FAILED', error, cause, done: Promise.resolve() });
    const r = await get(name);
    expect(r.statusCode).toBe(200);
    const body = JSON.parse(r.body);
    expect(body).toMatchObject({ phase: 'Failed', status: 'FAILED' });
    expect(body.error).toEqual(expected);
    expect(r.body).not.toMatch(/LEAKED|processTicksAndRejections|\/var\/task/);
  });
});
