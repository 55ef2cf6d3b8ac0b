/**
 * `qpo optimize --backend ibm:<fake> | braket:sv1` and `qpo backends` end to end, as a user runs
 * them (a child process), against the fake IBM Quantum platform, the fake Braket and s3rver on
 * 127.0.0.1. Answers are checked against the brute-force optimum.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { bruteForce, realProblem } from '../helpers/problems';
import { startFakeIbm, FAKE_API_KEY, FAKE_CRN, type FakeIbm } from '../fakes/ibm-server';
import { startFakeBraket, type FakeBraket } from '../fakes/braket-server';
import { startFakeS3, type FakeS3 } from '../fakes/s3';
import { spawnCli } from '../helpers/spawn-cli';

const BUCKET = 'amazon-braket-us-east-1-123456789012';
const TICKERS = ['AAPL', 'JPM', 'XOM', 'WMT'];

/** Run the CLI asynchronously (the fake servers live in this process). */
const qpo = (args: string[], env: Record<string, string>) => spawnCli(args, env, { prefix: 'qpo-be-' });

describe('quantum backends through the CLI, against fake providers', () => {
  let ibm: FakeIbm;
  let s3: FakeS3;
  let braket: FakeBraket;
  let ibmEnv: Record<string, string>;
  let braketEnv: Record<string, string>;
  const oracle = bruteForce(realProblem(TICKERS, 2));

  beforeAll(async () => {
    ibm = await startFakeIbm();
    s3 = await startFakeS3([BUCKET]);
    braket = await startFakeBraket(s3.client);
    ibmEnv = { QPO_IBM_API_KEY: FAKE_API_KEY, QPO_IBM_INSTANCE_CRN: FAKE_CRN, QPO_IBM_API_URL: `${ibm.url}/api`, QPO_IBM_IAM_URL: ibm.url, QPO_POLL_INTERVAL_MS: '2', QPO_PROVIDER_TIME_SCALE: '0.001', QPO_IBM_JOBS_PER_MINUTE: 'unlimited' };
    braketEnv = {
      QPO_BRAKET_BUCKET: BUCKET, QPO_BRAKET_PREFIX: 'qpo-e2e', QPO_POLL_INTERVAL_MS: '2', QPO_PROVIDER_TIME_SCALE: '0.001', AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_ENDPOINT_URL_BRAKET: braket.url, AWS_ENDPOINT_URL_S3: s3.url,
    };
  });
  afterAll(async () => {
    await ibm.close();
    await braket.close();
    await s3.close();
  });

  it('qpo optimize --backend ibm:fake_fez finds the exact optimum, with mitigation, queue wait and cost recorded', async () => {
    ibm.faults.readoutError = 0.02;
    const r = await qpo(['optimize', '--tickers', TICKERS.join(','), '--budget', '2', '--seed', '3', '--backend', 'ibm:fake_fez', '--shots', '1000', '--max-iterations', '25', '--execution-mode', 'per-evaluation', '--json'], ibmEnv);
    expect(r.code).toBe(0);
    const record = JSON.parse(r.stdout);
    expect(record.fallback.activated).toBe(false);
    expect(record.backend).toMatchObject({ name: 'ibm:fake_fez', kind: 'hardware', provider: 'ibm', queueDepth: 3 });
    expect(record.solution.bitstring).toBe(oracle.bitstring);
    expect(record.quality.approximationRatio).toBe(1);
    expect(record.backend.mitigation.method).toBe('tensored-readout');
    for (const q of record.backend.mitigation.qubits) expect(q.p1Given0).toBeLessThan(0.06);
    // 25 evaluations + the final readout + the calibration job, each a Sampler V2 job
    expect(ibm.jobs.length).toBe(27);
    expect(record.cost.queueWaitSeconds).toBeCloseTo(27 * 1.5, 6);
    expect(record.cost.estimatedCostUsd).toBeCloseTo(27 * 2 * 1.6, 6);
    expect(record.cost.shotsUsed).toBe(26 * 1000 + 2000);
    expect(r.stdout + r.stderr).not.toContain(FAKE_API_KEY);
  }, 60_000);

  it('qpo optimize --backend braket:sv1 finds the exact optimum via tasks, S3 results and cost by duration', async () => {
    const before = braket.tasks.length;
    const r = await qpo(['optimize', '--tickers', TICKERS.join(','), '--budget', '2', '--seed', '5', '--backend', 'braket:sv1', '--shots', '1000', '--max-iterations', '25', '--json'], braketEnv);
    expect(r.code).toBe(0);
    const record = JSON.parse(r.stdout);
    expect(record.fallback.activated).toBe(false);
    expect(record.backend).toMatchObject({ name: 'braket:sv1', kind: 'simulator', provider: 'braket', mitigation: null });
    expect(record.solution.bitstring).toBe(oracle.bitstring);
    // SV1 takes program sets: auto batches (CMA-ES, one program-set task per generation), cheaper than
    // 26 one-evaluation tasks at SV1's 3 s minimum each
    expect(record.execution).toMatchObject({ mode: 'batched', plan: { providerJobs: braket.tasks.length - before } });
    const mine = braket.tasks.slice(before);
    expect(mine.filter((t) => (t.action.braketSchemaHeader as { name: string }).name === 'braket.ir.openqasm.program_set').length).toBe(mine.length - 1); // all but the readout
    expect(record.cost.estimatedCostUsd).toBeCloseTo(mine.length * (3 / 60) * 0.075, 8);
  }, 60_000);

  it('qpo backends lists local, the IBM devices and the Braket devices with queue and price', async () => {
    const r = await qpo(['backends', '--json'], { ...ibmEnv, ...braketEnv });
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { name: string; status: string; queueDepth: number; price: string; detail?: string }[];
    expect(rows.map((b) => b.name)).toEqual(expect.arrayContaining(['local', 'ibm:fake_fez', 'ibm:fake_brisbane', 'ibm:fake_offline', 'braket:sv1', 'braket:dm1', 'braket:arn:aws:braket:us-east-1::device/qpu/ionq/Forte-1']));
    expect(rows.find((b) => b.name.endsWith('Forte-1'))).toMatchObject({ queueDepth: 4001, price: '$0.30/task + $0.08/shot', detail: '>4000 (runs Weekdays 13:00:00-21:00:00 UTC)' });
    expect(rows.find((b) => b.name.endsWith('Garnet'))).toMatchObject({ status: 'offline', available: false });
    const table = await qpo(['backends'], ibmEnv);
    expect(table.stdout).toMatch(/ibm:fake_brisbane\s+│\s+hardware\s+│\s+online\s+│\s+40\s+│\s+7\s/);
  }, 60_000);

  it('--dry-run shows the transpiled circuit and the estimate; a job over --max-cost-usd is refused before submission', async () => {
    const jobsBefore = ibm.jobs.length;
    const plan = await qpo(['optimize', '--tickers', TICKERS.join(','), '--backend', 'ibm:fake_brisbane', '--shots', '2000', '--max-iterations', '50', '--dry-run'], ibmEnv);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/Backend\s+ibm:fake_brisbane \(hardware, online, queue 40, 7 qubits/);
    expect(plan.stdout).toMatch(/ISA gates\s+.*ecr: \d+/);
    expect(plan.stdout).toMatch(/Estimate\s+51 requests, 52 provider jobs\/tasks, 104000 shots, \$\d+\.\d+/);
    const refused = await qpo(['optimize', '--tickers', TICKERS.join(','), '--backend', 'ibm:fake_fez', '--shots', '2000', '--max-iterations', '50', '--max-cost-usd', '10', '--execution-mode', 'per-evaluation'], ibmEnv);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/limits\.maxCostUsd \(--max-cost-usd\): the job .* is estimated at \$\d+\.\d+, more than the limit of \$10/);
    expect(ibm.jobs.length).toBe(jobsBefore);
    expect(existsSync(path.join(refused.cwd, 'results'))).toBe(false);
  }, 60_000);

  it('falls back to annealing when the device is offline or its queue is too deep, saying why', async () => {
    const offline = await qpo(['optimize', '--tickers', TICKERS.join(','), '--backend', 'ibm:fake_offline', '--json'], ibmEnv);
    expect(offline.code).toBe(0);
    expect(JSON.parse(offline.stdout).fallback).toMatchObject({ activated: true, reason: 'backend-unavailable' });
    const busy = await qpo(['optimize', '--tickers', TICKERS.join(','), '--backend', 'braket:forte-1', '--json'], braketEnv);
    expect(busy.code).toBe(0);
    const record = JSON.parse(busy.stdout);
    expect(record.fallback).toMatchObject({ activated: true, reason: 'queue-overflow' });
    expect(record.fallback.message).toMatch(/>4000 jobs are queued/);
    expect(record.fallback.quantumAttempt).toBeUndefined(); // refused before any submission
  }, 60_000);

  it('records what a quantum attempt that failed part-way already used, then answers with annealing', async () => {
    ibm.faults.jobOutcomes.push('complete', 'complete', 'fail'); // calibration, one evaluation, then a failed job
    const r = await qpo(['optimize', '--tickers', TICKERS.join(','), '--budget', '2', '--backend', 'ibm:fake_fez', '--shots', '500', '--max-iterations', '10', '--execution-mode', 'per-evaluation', '--json'], ibmEnv);
    expect(r.code).toBe(0);
    const record = JSON.parse(r.stdout);
    expect(record.fallback).toMatchObject({ activated: true, reason: 'backend-error', quantumAttempt: { backend: 'ibm:fake_fez', shotsUsed: 2 * 1000 + 500 } });
    expect(record.fallback.message).toMatch(/failed: Error in transpilation/);
    expect(record.solution.bitstring).toBe(oracle.bitstring);
  }, 60_000);
});
