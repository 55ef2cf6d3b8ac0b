/**
 * POST /optimize and GET /jobs/{jobId} with real API Gateway event shapes, against a Step Functions
 * API on 127.0.0.1 (SigV4-verified) that runs the job definition locally, and S3 on 127.0.0.1
 * (s3rver) holding the results: 202 / 400 / 409, Idempotency-Key -> execution name, phases.
 */
import { apiEvent } from '../helpers/api-event';
import { startPlatform } from '../helpers/platform';

let platform: Awaited<ReturnType<typeof startPlatform>>;
let optimize: (typeof platform)['optimize'];
let getJob: (typeof platform)['getJob'];
let sfn: (typeof platform)['sfn'];

const SPEC = { portfolio: { tickers: ['AAPL', 'JPM', 'XOM', 'WMT'] }, budget: 2, solver: 'classical', fallback: { annealing: { numReads: 10, numSweeps: 200 } } };

beforeAll(async () => {
  platform = await startPlatform('amazon-braket-qpo-test');
  ({ optimize, getJob, sfn } = platform);
});

afterAll(() => platform.close());

const until = async (jobId: string, phase: string) => {
  for (let i = 0; i < 300; i++) {
    const r = await getJob(apiEvent('GET', '/jobs/{jobId}', { path: `/jobs/${jobId}`, pathParameters: { jobId } }));
    const body = JSON.parse(r.body);
    if (body.phase === phase) return body;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`job ${jobId} never reached ${phase}`);
};

describe('POST /optimize + GET /jobs/{jobId}', () => {
  it('202 with the jobId and status URL; the job goes Running -> Completed with its ResultRecord from S3', async () => {
    const r = await optimize(apiEvent('POST', '/optimize', { body: SPEC, headers: { 'Idempotency-Key': 'nightly-2026-11-22' } }));
    expect(r.statusCode).toBe(202);
    const body = JSON.parse(r.body);
    expect(body).toEqual({ jobId: 'nightly-2026-11-22', executionArn: expect.stringContaining(':execution:qpo-test:nightly-2026-11-22'), statusUrl: '/test/jobs/nightly-2026-11-22' });
    expect(r.headers).toMatchObject({ location: '/test/jobs/nightly-2026-11-22' });
    const done = await until('nightly-2026-11-22', 'Completed');
    expect(done.result).toMatchObject({ jobId: 'nightly-2026-11-22', solver: 'annealing', quality: { approximationRatio: 1 } });
    expect(sfn.unsigned).toBe(0);
  });

  it('a repeated Idempotency-Key returns the same job; the same key with another body is 409', async () => {
    const first = await optimize(apiEvent('POST', '/optimize', { body: SPEC, headers: { 'idempotency-key': 'repeat-1' } }));
    const again = await optimize(apiEvent('POST', '/optimize', { body: SPEC, headers: { 'idempotency-key': 'repeat-1' } }));
    expect(JSON.parse(again.body)).toEqual(JSON.parse(first.body));
    expect([...sfn.executions.keys()].filter((k) => k === 'repeat-1')).toHaveLength(1);
    const other = await optimize(apiEvent('POST', '/optimize', { body: { ...SPEC, riskFactor: 0.9 }, headers: { 'idempotency-key': 'repeat-1' } }));
    expect(other.statusCode).toBe(409);
    expect(JSON.parse(other.body).error).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', path: 'Idempotency-Key' });
    await until('repeat-1', 'Completed');
  });

  it.each([
    ['not JSON', '{"portfolio":', /body: not valid JSON/, 'body'],
    ['a bad field', { portfolio: { tickers: ['AAPL'] } }, /portfolio\.tickers: at least 2 tickers/, 'portfolio.tickers'],
    ['an unknown field', { ...SPEC, color: 'red' }, /unknown field\(s\) 'color'/, '(root)'],
  ])('400 for %s, naming the field; nothing started', async (_label, body, message, field) => {
    const before = sfn.executions.size;
    const r = await optimize(apiEvent('POST', '/optimize', { body }));
    expect(r.statusCode).toBe(400);
    const { error } = JSON.parse(r.body);
    expect(error).toMatchObject({ code: 'INVALID_INPUT', path: field });
    expect(error.message).toMatch(message);
    expect(sfn.executions.size).toBe(before);
  });

  it('400 for a bad Idempotency-Key, 413 for an oversized body', async () => {
    expect((await optimize(apiEvent('POST', '/optimize', { body: SPEC, headers: { 'Idempotency-Key': 'no spaces allowed' } }))).statusCode).toBe(400);
    const big = await optimize(apiEvent('POST', '/optimize', { body: { ...SPEC, pad: 'x'.repeat(5000) } }));
    expect(big.statusCode).toBe(413);
    expect(JSON.parse(big.body).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('GET: 404 for an unknown job; Failed with the error for a rejected job', async () => {
    const missing = await getJob(apiEvent('GET', '/jobs/{jobId}', { path: '/jobs/nope', pathParameters: { jobId: 'nope' } }));
    expect(missing.statusCode).toBe(404);
    const r = await optimize(apiEvent('POST', '/optimize', { body: { portfolio: { tickers: ['AAPL', 'XYZ'] } }, headers: { 'Idempotency-Key': 'bad-ticker' } }));
    expect(r.statusCode).toBe(202); // the ticker is checked against the data by ValidateAndPrepare
    const failed = await until('bad-ticker', 'Failed');
    expect(failed.error).toEqual({ code: 'UNKNOWN_TICKER', message: expect.stringMatching(/XYZ/) });
  });
});
