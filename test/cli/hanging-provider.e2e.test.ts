/**
 * Providers that accept connections and never answer (issue 10, item 2), as a user meets them: the
 * CLI in a child process against the fake IBM Quantum platform, the fake Braket and s3rver on
 * 127.0.0.1. `qpo backends` and `--dry-run` finish promptly with a message per provider;
 * `optimize` falls back (backend-unavailable when the capacity check gets no answer, timeout when
 * the budget runs out while a job is being waited on, its job cancelled and counted) and the
 * process exits by itself when the job ends: each child must exit within a bound, or it is killed
 * and the test fails.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { startFakeIbm, FAKE_API_KEY, FAKE_CRN, type FakeIbm } from '../fakes/ibm-server';
import { startFakeBraket, type FakeBraket } from '../fakes/braket-server';
import { startFakeS3, type FakeS3 } from '../fakes/s3';
import { spawnCli } from '../helpers/spawn-cli';

const BUCKET = 'amazon-braket-us-east-1-123456789012';
const TICKERS = 'AAPL,JPM,XOM,WMT';


/** Run the CLI; kill it (and report signal SIGKILL) if it has not exited after `boundSeconds`. */
const qpo = (args: string[], env: Record<string, string>, boundSeconds: number) => spawnCli(args, env, { prefix: 'qpo-hang-', killAfterSeconds: boundSeconds });

describe('providers that accept connections and never answer', () => {
  let ibm: FakeIbm;
  let s3: FakeS3;
  let braket: FakeBraket;
  let ibmEnv: Record<string, string>;
  let braketEnv: Record<string, string>;

  beforeAll(async () => {
    ibm = await startFakeIbm();
    s3 = await startFakeS3([BUCKET]);
    braket = await startFakeBraket(s3.client);
    ibmEnv = { QPO_IBM_API_KEY: FAKE_API_KEY, QPO_IBM_INSTANCE_CRN: FAKE_CRN, QPO_IBM_API_URL: `${ibm.url}/api`, QPO_IBM_IAM_URL: ibm.url, QPO_POLL_INTERVAL_MS: '5', QPO_PROVIDER_TIME_SCALE: '0.001', QPO_IBM_JOBS_PER_MINUTE: 'unlimited', QPO_PROVIDER_TIMEOUT_SECONDS: '1' };
    braketEnv = {
      QPO_BRAKET_BUCKET: BUCKET, QPO_BRAKET_PREFIX: 'qpo-hang', QPO_POLL_INTERVAL_MS: '5', QPO_PROVIDER_TIME_SCALE: '0.001', AWS_REGION: 'us-east-1', QPO_PROVIDER_TIMEOUT_SECONDS: '1',
      AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_ENDPOINT_URL_BRAKET: braket.url, AWS_ENDPOINT_URL_S3: s3.url,
    };
  });
  afterEach(() => {
    ibm.clearFaults();
    braket.clearFaults();
  });
  afterAll(async () => {
    await ibm.close();
    await braket.close();
    await s3.close();
  });

  it('qpo backends lists what answers and one error row per silent provider, within the status-check deadline', async () => {
    ibm.inject('*', 'hang');
    braket.inject('*', 'hang');
    const r = await qpo(['backends', '--json'], { ...ibmEnv, ...braketEnv }, 30);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    // QPO_PROVIDER_TIMEOUT_SECONDS=1: each provider gets 2 s, in parallel; the rest is node and tsx start-up
    expect(r.seconds).toBeLessThan(12);
    const rows = JSON.parse(r.stdout) as { name: string; status: string; detail?: string }[];
    expect(rows.map((b) => b.name)).toEqual(['local', 'ibm:*', 'braket:*']);
    expect(rows[1]).toMatchObject({ status: 'error: BACKEND_UNAVAILABLE', detail: 'IBM Quantum status check: no answer within 2 s' });
    expect(rows[2]).toMatchObject({ status: 'error: BACKEND_UNAVAILABLE', detail: 'Amazon Braket status check: no answer within 2 s' });
    const table = await qpo(['backends'], ibmEnv, 30);
    expect(table.stdout).toContain('ibm:*: IBM Quantum status check: no answer within 2 s');
  }, 60_000);

  it('optimize --dry-run reports the silent provider in the plan and exits', async () => {
    ibm.inject('*', 'hang');
    const r = await qpo(['optimize', '--tickers', TICKERS, '--backend', 'ibm:fake_fez', '--dry-run', '--json'], ibmEnv, 30);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(r.seconds).toBeLessThan(12);
    expect(JSON.parse(r.stdout).backend).toMatchObject({ info: null, problem: "IBM Quantum backend 'fake_fez': no answer within 2 s" });
  }, 60_000);

  it('optimize falls back with backend-unavailable when the capacity check gets no answer, and the process exits', async () => {
    ibm.inject('*', 'hang');
    const r = await qpo(['optimize', '--tickers', TICKERS, '--budget', '2', '--backend', 'ibm:fake_fez', '--seed', '3', '--json'], ibmEnv, 30);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(r.seconds).toBeLessThan(15);
    const record = JSON.parse(r.stdout);
    expect(record.solver).toBe('annealing');
    expect(record.fallback).toMatchObject({ activated: true, reason: 'backend-unavailable', message: expect.stringMatching(/IBM Quantum status check: no answer within 2 s/) });
    expect(record.fallback.quantumAttempt).toBeUndefined();
  }, 60_000);

  it('optimize stops waiting on a silent job at --timeout: reason timeout, the job cancelled and counted, the process exits', async () => {
    // Everything answers but the job status: the budget (3 s) runs out while polling.
    ibm.inject('get-job', 'hang');
    const jobsBefore = ibm.jobs.length;
    const env = { ...ibmEnv, QPO_PROVIDER_TIMEOUT_SECONDS: '5' }; // one call may take 15 s: the budget ends first
    const r = await qpo(['optimize', '--tickers', TICKERS, '--budget', '2', '--backend', 'ibm:fake_fez', '--shots', '100', '--timeout', '3', '--seed', '3', '--json'], env, 40);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    const record = JSON.parse(r.stdout);
    expect(record.fallback).toMatchObject({ activated: true, reason: 'timeout', message: expect.stringMatching(/^timeout after 3 s/) });
    // the calibration job was created (2 x 100 shots) and then never answered for: cancelled, counted
    const created = ibm.jobs.slice(jobsBefore);
    expect(created).toHaveLength(1);
    expect(created[0]!.cancelled).toBe(true);
    expect(record.fallback.quantumAttempt).toMatchObject({ backend: 'ibm:fake_fez', providerJobs: 1 });
    expect(record.cost.providerJobs).toBe(1);
    // never seen running, then cancelled: no shots, no dollars (the provider billed nothing)
    expect(record.cost.shotsUsed).toBe(0);
    expect(record.durations.quantumSeconds).toBeLessThan(3 + 5 + 1); // budget + cleanup grace (5 s) + slack
    const metrics = readFileSync(path.join(r.cwd, 'results', 'metrics.jsonl'), 'utf8');
    expect(metrics).toMatch(/"ClassicalFallbackActivated":1/);
  }, 60_000);
});
