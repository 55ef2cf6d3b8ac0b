/**
 * The HTML report on AWS: RecordResult writes report.html beside result.json in S3 (s3rver on
 * 127.0.0.1), GET /jobs/{jobId} answers a presigned URL that S3 serves the page from; a report that
 * cannot be written never fails the job.
 */
import { apiEvent } from '../helpers/api-event';
import { startPlatform } from '../helpers/platform';

let platform: Awaited<ReturnType<typeof startPlatform>>;
beforeAll(async () => {
  platform = await startPlatform('amazon-braket-qpo-reports');
});
afterAll(() => platform.close());

const SPEC = { portfolio: { tickers: ['AAPL', 'JPM', 'XOM', 'WMT'] }, budget: 2, solver: 'classical', fallback: { annealing: { numReads: 10, numSweeps: 200 } } };

async function completed(jobId: string) {
  for (let i = 0; i < 600; i++) {
    const body = JSON.parse((await platform.getJob(apiEvent('GET', '/jobs/{jobId}', { path: `/jobs/${jobId}`, pathParameters: { jobId } }))).body);
    if (body.phase === 'Completed' || body.phase === 'Failed') return body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${jobId} did not finish`);
}

it('GET /jobs/{jobId} of a completed job gives a presigned URL of its HTML report, which S3 serves', async () => {
  const started = await platform.optimize(apiEvent('POST', '/optimize', { body: SPEC, headers: { 'Idempotency-Key': 'report-1' } }));
  expect(started.statusCode).toBe(202);
  const body = await completed('report-1');
  expect(body.phase).toBe('Completed');
  expect(body.reportUrl).toMatch(/\/amazon-braket-qpo-reports\/portfolio-optimization\/report-1\/report\.html\?/);
  const url = new URL(body.reportUrl);
  expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
  expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
  const page = await fetch(body.reportUrl);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  const html = await page.text();
  expect(html).toContain('qpo report report-1');
  expect(html).toMatch(/<figure class="chart" data-chart="weights"><svg/);
  expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
});

it('a report that cannot be written is left out: the job completes with its result and no report URL', async () => {
  const failing = await startPlatform('amazon-braket-qpo-reports-down', {
    publishReport: async () => {
      throw new Error('S3 is down');
    },
  });
  try {
    await failing.optimize(apiEvent('POST', '/optimize', { body: SPEC, headers: { 'Idempotency-Key': 'report-2' } }));
    let body: { phase: string; result: { jobId: string } | null; reportUrl: string | null } | undefined;
    for (let i = 0; i < 600 && body?.phase !== 'Completed'; i++) {
      body = JSON.parse((await failing.getJob(apiEvent('GET', '/jobs/{jobId}', { path: '/jobs/report-2', pathParameters: { jobId: 'report-2' } }))).body);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(body).toMatchObject({ phase: 'Completed', result: { jobId: 'report-2' }, reportUrl: null });
  } finally {
    await failing.close();
  }
});
