/**
 * Fuzzing the API handlers (issue 10) with API Gateway proxy events: POST /optimize with JobSpecs
 * whose fields are replaced, raw bodies that are not JSON, nested, oversized or base64-encoded,
 * random Idempotency-Keys; GET /jobs/{jobId} with random ids. Against the Step Functions API on
 * 127.0.0.1 (executions are recorded, not run) and S3 (s3rver). The property: 202 / 200, or a 4xx
 * whose body names the field with a catalogued user error code on one line; never a 5xx, never a
 * stack trace. Cases: QPO_FUZZ_RUNS per surface (`npm run fuzz`: 2000).
 */
import fc from 'fast-check';
import { createGetJobHandler } from '../../lambdas/get-job';
import { createOptimizeHandler } from '../../lambdas/optimize-api';
import { S3ResultStore } from '../../lib/jobs/s3-store';
import { LocalWorkflow } from '../../lib/workflow/local-runner';
import { apiEvent } from '../helpers/api-event';
import { startS3 } from '../helpers/s3rver';
import { STATE_MACHINE_ARN, startSfn } from '../helpers/sfn-server';
import { BASE_SPEC, fuzzParams, specEdits, typedValue, withValues } from './generators';
import { apiViolation } from './property';

/** Cases in npm test: POST bodies (GET ids: a third); QPO_FUZZ_RUNS replaces them. */
const RUNS = 300;
const BUCKET = 'amazon-braket-qpo-fuzz';
let sfn: Awaited<ReturnType<typeof startSfn>>;
let s3: Awaited<ReturnType<typeof startS3>>;
const tally: Record<string, Record<number, number>> = {};
const seen = (surface: string, status: number) => ((tally[surface] ??= {})[status] = (tally[surface]![status] ?? 0) + 1);

beforeAll(async () => {
  s3 = await startS3([BUCKET]);
  sfn = await startSfn(new LocalWorkflow(), () => ({}), STATE_MACHINE_ARN, { run: false });
});
afterAll(async () => {
  console.log(`fuzz api: ${JSON.stringify(tally)}`);
  await sfn.close();
  await s3.close();
});

/** A body: a JobSpec with fields replaced, or raw text a client may send. */
/** A body and the number of fields it damages (its most lines of error). */
const body: fc.Arbitrary<readonly [string, number]> = fc.oneof(
  { weight: 6, arbitrary: specEdits.map((edits) => [JSON.stringify(withValues(BASE_SPEC, edits)), edits.length] as const) },
  // Valid specs, keys in another order or spacing: accepted (202), or the same job again, or 409 for a key reused with another body.
  {
    weight: 2,
    arbitrary: fc
      .record({ riskFactor: fc.constantFrom(0, 0.3, 0.5, 2), budget: fc.constantFrom(1, 2, 3), solver: fc.constantFrom('classical', 'auto', 'exact'), reverse: fc.boolean(), indent: fc.constantFrom(0, 2) })
      .map(({ reverse, indent, ...edits }) => {
        const spec = withValues(BASE_SPEC, Object.entries(edits));
        const ordered = reverse ? Object.fromEntries(Object.entries(spec).reverse()) : spec;
        return [JSON.stringify(ordered, null, indent), 1] as const;
      }),
  },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.constantFrom('', 'null', '[]', '"spec"', '{', '{"portfolio":', '{"budget":2}', '\ufeff{"portfolio":{"tickers":["AAPL","JPM"]}}', '{"__proto__":{"x":1},"portfolio":{"tickers":["AAPL","JPM"]}}'),
      fc.string({ maxLength: 40 }),
      fc.json({ maxDepth: 3 }),
    ).map((t) => [t, 4] as const),
  },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 5000 }).map((d) => [`{"portfolio":${'['.repeat(d)}${']'.repeat(d)}}`, 1] as const) },
  { weight: 1, arbitrary: fc.integer({ min: 3000, max: 20_000 }).map((n) => [JSON.stringify({ ...BASE_SPEC, notes: 'x'.repeat(n) }), 1] as const) },
);

const key = fc.option(fc.oneof(fc.constantFrom('job-1', 'job-2', 'a', '-x', 'x'.repeat(81), 'über', '../etc', ''), fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/)), { nil: undefined });

describe('fuzz: API Gateway events', () => {
  it('POST /optimize: 202, or a 4xx naming the field; never a 5xx', async () => {
    const optimize = createOptimizeHandler({ sfn: sfn.client, stateMachineArn: STATE_MACHINE_ARN, maxRequestBytes: 8192 });
    await fc.assert(
      fc.asyncProperty(body, key, fc.boolean(), fc.boolean(), async ([text, damaged], idempotencyKey, base64, garble) => {
        const event = apiEvent('POST', '/optimize', { body: text, headers: idempotencyKey === undefined ? {} : { 'Idempotency-Key': idempotencyKey } });
        if (base64) Object.assign(event, { isBase64Encoded: true, body: garble ? `${Buffer.from(text).toString('base64')}!` : Buffer.from(text).toString('base64') });
        const r = await optimize(event);
        seen('post', r.statusCode);
        const why = apiViolation(r, [202, 400, 409, 413], damaged);
        if (why) throw new Error(`${why}\nbody: ${text.slice(0, 300)}\nkey: ${idempotencyKey}, base64: ${base64}\n-> ${r.statusCode} ${r.body.slice(0, 400)}`);
      }),
      fuzzParams(RUNS),
    );
    // Both answers were met: accepted jobs and rejected ones.
    expect(tally.post![202]).toBeGreaterThan(0);
    expect(tally.post![400]).toBeGreaterThan(0);
  }, 600_000);

  it('GET /jobs/{jobId}: 200, 400 or 404; never a 5xx', async () => {
    const getJob = createGetJobHandler({ sfn: sfn.client, stateMachineArn: STATE_MACHINE_ARN, store: new S3ResultStore(s3.client, BUCKET) });
    await fc.assert(
      fc.asyncProperty(fc.oneof(typedValue, fc.constantFrom('job-1', 'job-2', 'a', '..', '%2e%2e', 'x'.repeat(200), 'job-1/../x')), async (jobId) => {
        const r = await getJob(apiEvent('GET', '/jobs/{jobId}', { path: `/jobs/${encodeURIComponent(jobId)}`, pathParameters: { jobId } }));
        seen('get', r.statusCode);
        const why = apiViolation(r, [200, 400, 404]);
        if (why) throw new Error(`${why}\njobId: ${JSON.stringify(jobId)}\n-> ${r.statusCode} ${r.body.slice(0, 400)}`);
      }),
      fuzzParams(Math.ceil(RUNS / 3), 1 / 3),
    );
  }, 600_000);
});
