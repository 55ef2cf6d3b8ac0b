/**
 * The provider fault matrix, Amazon Braket (and S3) (issue 10, "Make it stay fixed"): a whole job (the local state machine,
 * CheckCapacity asking the provider) against the IBM Quantum and Amazon Braket test servers on
 * 127.0.0.1, while one call in turn misbehaves on every request: it hangs, returns 5xx, 429 with
 * Retry-After, malformed JSON or a truncated body, or drops the connection. Each case checks:
 * - the fallback reason of the table below (or that the quantum path still answered);
 * - the spend: `cost.providerJobs` equals the jobs/tasks the server created, `cost.shotsUsed` is
 *   at least the shots of those that completed and at most the shots of all of them, and the
 *   ShotsUsed / EstimatedCostUsd metrics equal the record's cost;
 * - no hang: the quantum path ends within its budget plus the cleanup grace (plus 1.5 s of slack
 *   for a shared machine);
 * - nothing left running on the server (a cancel was sent), except where the fault is on the
 *   cancel itself: then the cancel was sent and the job stays counted.
 * Provider deadlines are scaled down (0.5 s per attempt, 1.5 s per call, 2 s per status check,
 * 1 s cleanup grace) so that a case takes about a second; every case has its own servers. The cases
 * run one after another: concurrent jobs in this process would starve the in-process servers'
 * event loop and fire the deadlines early. `npm test` runs a covering subset (every call with two of
 * the faults); `npm run test:faults` all of them (test/helpers/fault-matrix.ts).
 *
 * The reasons follow one rule (docs/reliability.md, "Providers"): a fault before any job is
 * submitted (capacity check, opening the backend) is `backend-unavailable`; after submission, no
 * answer (hang, drop, a body cut short) is `backend-unavailable`, an error answer (5xx, 429 past
 * the call's deadline, malformed JSON) is `backend-error`; the budget running out is `timeout`.
 * Job creation is made idempotent (IBM: a unique tag looked up after an ambiguous answer), so a
 * damaged answer to it costs nothing twice; job metrics are optional.
 */
import type { BackendEnvironment } from '../../lib/backends';
import { startFakeBraket, type FakeBraket } from '../fakes/braket-server';
import { startFakeS3, type FakeS3 } from '../fakes/s3';
import { BRAKET_EXPECTED, BUCKET, BUDGET, CANCEL_BUDGET, casesOf, checkOutcome, runJob, sum, TIMEOUTS } from '../helpers/fault-matrix';

describe('Amazon Braket: each call in turn misbehaves on every request', () => {
  const cases = casesOf(BRAKET_EXPECTED);
  const saved = { ...process.env };
  beforeAll(() => Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' }));
  afterAll(() => void (process.env = saved));

  test.each(cases)('%s: %s -> %s', async (call, fault, expected) => {
    const s3: FakeS3 = await startFakeS3([BUCKET]);
    const braket: FakeBraket = await startFakeBraket(s3.client);
    try {
      const cancelCase = call === 'cancel-quantum-task';
      if (cancelCase) braket.faults.taskOutcomes.push('never-finish');
      if (call === 's3-results') s3.injectRead(fault);
      else braket.inject(call, fault);
      const budget = cancelCase ? CANCEL_BUDGET : BUDGET;
      const env: BackendEnvironment = {
        braket: { bucket: BUCKET, prefix: 'faults', region: 'us-east-1', endpoints: { braket: braket.url, s3: s3.url } },
        poll: { initialIntervalMs: 2, maxIntervalMs: 10 },
        // the test servers answer at once: their clock runs 1000 times faster than a provider's (plans, pacing)
        timeScale: 0.001,
        timeouts: TIMEOUTS,
      };
      const outcome = await runJob(env, 'braket:sv1', budget);
      if (process.env.QPO_FAULTS_DEBUG) console.log(call, fault, JSON.stringify({ fb: outcome.record.fallback, cost: outcome.record.cost, q: outcome.record.durations.quantumSeconds, tasks: braket.tasks.map((t) => [braket.statusOfTask(t), t.shots]), faulted: [...braket.faulted] }));
      const done = braket.tasks.filter((t) => braket.statusOfTask(t) === 'COMPLETED');
      checkOutcome(outcome, expected, budget, { created: braket.tasks.length, doneShots: sum(done.map((t) => t.shots)), allShots: sum(braket.tasks.map((t) => t.shots)) });
      const cancels = braket.log.filter((r) => r.route === 'cancel-quantum-task').map((r) => r.params[0]);
      if (cancelCase && !['malformed', 'truncated'].includes(fault)) {
        expect(braket.openTasks().map((t) => t.arn)).toEqual([braket.tasks[0]!.arn]);
        expect(cancels).toContain(braket.tasks[0]!.arn);
      } else {
        expect(braket.openTasks()).toEqual([]);
      }
    } finally {
      await braket.close();
      await s3.close();
    }
  }, 30_000);
});

describe('Amazon Braket: a task whose creation answer is lost is found by its tag', () => {
  const saved = { ...process.env };
  beforeAll(() => Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' }));
  afterAll(() => void (process.env = saved));

  test('a damaged creation answer and a lookup that does not answer: the budget ends, the task is found at cleanup (SearchQuantumTasks), cancelled and counted', async () => {
    const s3 = await startFakeS3([BUCKET]);
    const braket = await startFakeBraket(s3.client);
    try {
      // every creation answer is damaged; the first two lookups hang (0.5 s request deadline each: the
      // lookup and its retry outlast the 1 s budget however busy the machine); cleanup's lookup answers
      braket.inject('create-quantum-task', 'malformed');
      braket.inject('search-quantum-tasks', 'hang', { times: 2 });
      const env: BackendEnvironment = {
        braket: { bucket: BUCKET, prefix: 'faults', region: 'us-east-1', endpoints: { braket: braket.url, s3: s3.url } },
        poll: { initialIntervalMs: 2, maxIntervalMs: 10 },
        // the test servers answer at once: their clock runs 1000 times faster than a provider's (plans, pacing)
        timeScale: 0.001,
        // a 1 s budget: the plan counts 0.1 s of this side's work per request (6 requests), so it fits
        localSecondsPerRequest: 0.1,
        timeouts: TIMEOUTS,
      };
      const { record } = await runJob(env, 'braket:sv1', 1);
      expect(record.fallback).toMatchObject({ activated: true, reason: 'timeout' });
      expect(record.cost.providerJobs).toBe(braket.tasks.length);
      expect(braket.tasks.length).toBeGreaterThan(0);
      expect(braket.openTasks()).toEqual([]);
      expect(braket.log.filter((r) => r.route === 'search-quantum-tasks').length).toBeGreaterThan(0);
    } finally {
      await braket.close();
      await s3.close();
    }
  }, 30_000);
});
