/**
 * `qpo jobs list|show|cancel|resubmit` as an operator runs them (child processes): on the local
 * results directory (a running `qpo optimize` cancelled through its process; failed jobs resubmitted
 * in bulk), and on the deployed API through the SigV4-checking API server on 127.0.0.1 that runs the
 * real handlers, workflow and job index.
 */
import { spawn } from 'node:child_process';
import { spendLine } from '../../bin/cli/jobs';
import { applyPatch } from '../../lib/jobs/job-index';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startApi } from '../helpers/api-server';
import { startPlatform } from '../helpers/platform';
import { TEST_CREDENTIALS } from '../helpers/sigv4';

const QPO = path.join(__dirname, '..', '..', 'bin', 'qpo.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function qpo(args: string[], cwd: string, env: Record<string, string> = {}): { done: Promise<Run>; pid: number } {
  const child = spawn(process.execPath, [QPO, ...args], {
    cwd,
    env: { PATH: process.env.PATH!, HOME: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return { done: new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr }))), pid: child.pid! };
}
const emptyEntry = (jobId: string) => applyPatch(undefined, { jobId, at: '2026-11-22T10:00:00.000Z', createdAt: '2026-11-22T10:00:00.000Z', status: 'succeeded' });
const run = (args: string[], cwd: string, env: Record<string, string> = {}) => qpo(args, cwd, env).done;
const json = (r: Run) => JSON.parse(r.stdout);

it("sums the listed jobs' shots and estimated provider cost, counting only jobs with a result (qpo jobs list's last line)", () => {
  const entry = (jobId: string, shots: number | null, costUsd: number | null) => ({ ...emptyEntry(jobId), shots, costUsd });
  expect(spendLine([entry('a', 4096, 1.6), entry('b', 1024, 0.4), entry('c', null, null)])).toBe('3 jobs; quantum spend of the 2 with a result: 5120 shots, estimated provider cost $2.00');
  expect(spendLine([entry('a', 0, 0)])).toBe('1 job; quantum spend of the 1 with a result: 0 shots, estimated provider cost $0.00');
});

describe('qpo jobs on the local results directory', () => {
  const cwd = mkdtempSync(path.join(tmpdir(), 'qpo-jobs-'));

  it('lists the jobs qpo optimize ran, newest first, with status, solver and error; filters by status', async () => {
    expect((await run(['optimize', '--tickers', 'AAPL,JPM,XOM,WMT', '--budget', '2', '--solver', 'classical', '--job-id', 'ok-1'], cwd)).code).toBe(0);
    // A request rejected for its input leaves nothing behind locally.
    expect((await run(['optimize', '--tickers', 'AAPL,XYZ', '--job-id', 'bad-1'], cwd)).code).toBe(2);
    // The quantum path fails (no time at all) and the fallback is disabled: the job fails.
    const spec = writeSpec(cwd, { portfolio: { tickers: ['AAPL', 'JPM', 'XOM', 'WMT'] }, budget: 2, quantum: { timeoutSeconds: 0.001 }, fallback: { enabled: false } });
    expect((await run(['optimize', '--config', spec, '--job-id', 'fail-1'], cwd)).code).toBe(1);
    const all = json(await run(['jobs', 'list', '--json'], cwd));
    expect(all.jobs.map((j: { jobId: string }) => j.jobId)).toEqual(['fail-1', 'ok-1']);
    expect(all.jobs[1]).toMatchObject({ status: 'succeeded', solver: 'classical', answeredBy: 'annealing', approximationRatio: 1, shots: 0, costUsd: 0, location: path.join(cwd, 'results', 'ok-1.json') });
    expect(all.jobs[0]).toMatchObject({ status: 'failed', error: { code: 'JOB_FAILED' } });
    expect(json(await run(['jobs', 'list', '--status', 'failed', '--since', '1h', '--json'], cwd)).jobs.map((j: { jobId: string }) => j.jobId)).toEqual(['fail-1']);
    const table = await run(['jobs', 'list'], cwd);
    expect(table.stdout).toMatch(/ok-1\s+│ succeeded │[^\n]*│ classical -> annealing │/);
    // The runbook's "check credits": the listed jobs' quantum spend.
    expect(table.stdout).toMatch(/^2 jobs; quantum spend of the 1 with a result: 0 shots, estimated provider cost \$0\.00$/m);
    const shown = await run(['jobs', 'show', 'ok-1'], cwd);
    expect(shown.stdout).toMatch(/Status\s+succeeded[\s\S]*Portfolio\s+\w+, \w+/);
  }, 300_000);

  it('cancels a running qpo optimize: the process ends, nothing is written, the job is cancelled; it stays cancelled', async () => {
    const long = qpo(['optimize', '--tickers', 'AAPL,JPM,XOM,WMT,BAC,PFE', '--optimizer', 'spsa', '--max-iterations', '100000', '--timeout', '600', '--job-id', 'long-1'], cwd);
    let running = false;
    for (let i = 0; i < 200 && !running; i++) {
      await new Promise((r) => setTimeout(r, 100));
      running = readFileSafe(path.join(cwd, 'results', 'jobs.jsonl')).includes('"jobId":"long-1"');
    }
    expect(running).toBe(true);
    const cancelled = await run(['jobs', 'cancel', 'long-1', '--reason', 'wrong universe'], cwd);
    expect({ code: cancelled.code, stderr: cancelled.stderr }).toEqual({ code: 0, stderr: '' });
    expect(cancelled.stdout).toMatch(/Cancelled long-1/);
    const ended = await long.done;
    expect(ended.code).toBe(143);
    expect(ended.stderr).toMatch(/cancelled: job long-1 \(SIGTERM\)/);
    expect(readFileSafe(path.join(cwd, 'results', 'long-1.json'))).toBe('');
    const shown = json(await run(['jobs', 'show', 'long-1', '--json'], cwd));
    expect(shown.entry).toMatchObject({ status: 'cancelled', error: { code: 'JOB_CANCELLED', message: expect.stringMatching(/wrong universe/) } });
    const again = await run(['jobs', 'cancel', 'long-1'], cwd);
    expect(again.stdout).toMatch(/already cancelled/);
    const finished = await run(['jobs', 'cancel', 'ok-1'], cwd);
    expect(finished).toMatchObject({ code: 2, stderr: expect.stringMatching(/JOB_NOT_CANCELLABLE.*already succeeded/) });
    const unknown = await run(['jobs', 'cancel', 'ghost'], cwd);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringMatching(/JOB_NOT_FOUND/) });
  }, 300_000);

  it('resubmit --failed --since 24h: each failed job once, under its own key; a rerun does nothing new', async () => {
    const dry = await run(['jobs', 'resubmit', '--failed', '--since', '24h', '--dry-run'], cwd);
    expect(dry.stdout).toMatch(/would resubmit\s+fail-1 -> fail-1-r1/);
    const bulk = await run(['jobs', 'resubmit', '--failed', '--since', '24h', '--json'], cwd);
    const outcomes = json(bulk).outcomes;
    expect(outcomes).toEqual([expect.objectContaining({ jobId: 'fail-1', action: 'resubmitted', newJobId: 'fail-1-r1' })]);
    const entries = json(await run(['jobs', 'list', '--json'], cwd)).jobs;
    expect(entries.find((j: { jobId: string }) => j.jobId === 'fail-1')).toMatchObject({ resubmittedAs: 'fail-1-r1' });
    expect(entries.find((j: { jobId: string }) => j.jobId === 'fail-1-r1')).toMatchObject({ resubmitOf: 'fail-1', status: 'failed' });
    // fail-1 is resubmitted already; its resubmission failed too and gets its own key.
    const rerun = json(await run(['jobs', 'resubmit', '--failed', '--since', '24h', '--json'], cwd)).outcomes;
    expect(rerun).toEqual(expect.arrayContaining([expect.objectContaining({ jobId: 'fail-1', action: 'skipped' }), expect.objectContaining({ jobId: 'fail-1-r1', action: 'resubmitted', newJobId: 'fail-1-r2' })]));
    const one = await run(['jobs', 'resubmit', 'ok-1'], cwd);
    expect(one.stdout).toMatch(/resubmitted\s+ok-1 -> ok-1-r1/);
    expect(json(await run(['jobs', 'show', 'ok-1-r1', '--json'], cwd)).entry).toMatchObject({ status: 'succeeded', resubmitOf: 'ok-1' });
  }, 300_000);

  it('bad filters and missing arguments are usage errors (exit 2) naming the fix', async () => {
    expect(await run(['jobs', 'list', '--status', 'done'], cwd)).toMatchObject({ code: 2, stderr: expect.stringMatching(/status: 'done' is not a job status/) });
    expect(await run(['jobs', 'list', '--since', 'yesterday'], cwd)).toMatchObject({ code: 2, stderr: expect.stringMatching(/--since.*90m, 24h, 7d/) });
    expect(await run(['jobs', 'resubmit'], cwd)).toMatchObject({ code: 2, stderr: expect.stringMatching(/--failed/) });
  }, 300_000);
});

describe('qpo jobs against the API (--api / QPO_API_URL, SigV4)', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let api: Awaited<ReturnType<typeof startApi>>;
  const env = () => ({ AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1', QPO_API_URL: api.url });
  beforeAll(async () => {
    platform = await startPlatform('amazon-braket-qpo-jobs');
    api = await startApi(platform);
  });
  afterAll(async () => {
    await api.close();
    await platform.close();
  });

  it('lists, shows and resubmits jobs of the platform; cancelling a finished job is 409 (exit 2)', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'qpo-jobs-api-'));
    expect((await run(['submit', '--tickers', 'AAPL,JPM,XOM,WMT', '--budget', '2', '--solver', 'classical', '--job-id', 'api-1'], cwd, env())).code).toBe(0);
    expect((await run(['submit', '--tickers', 'AAPL,XYZ', '--job-id', 'api-bad'], cwd, env())).code).toBe(0);
    let jobs: { jobId: string; status: string }[] = [];
    for (let i = 0; i < 60 && !(jobs.length === 2 && jobs.every((j) => j.status !== 'running')); i++) {
      await new Promise((r) => setTimeout(r, 250));
      jobs = json(await run(['jobs', 'list', '--json'], cwd, env())).jobs;
    }
    expect(jobs.map((j) => [j.jobId, j.status])).toEqual([
      ['api-bad', 'failed'],
      ['api-1', 'succeeded'],
    ]);
    const page = json(await run(['jobs', 'list', '--limit', '1', '--json'], cwd, env()));
    expect(page.nextToken).toEqual(expect.any(String));
    expect(json(await run(['jobs', 'list', '--limit', '1', '--next-token', page.nextToken, '--json'], cwd, env())).jobs[0].jobId).toBe('api-1');
    const shown = await run(['jobs', 'show', 'api-1'], cwd, env());
    expect(shown.stdout).toMatch(/Phase\s+Completed[\s\S]*Portfolio/);
    const cancel = await run(['jobs', 'cancel', 'api-1'], cwd, env());
    expect(cancel).toMatchObject({ code: 2, stderr: expect.stringMatching(/JOB_NOT_CANCELLABLE/) });
    const resubmit = await run(['jobs', 'resubmit', 'api-1'], cwd, env());
    expect(resubmit.stdout).toMatch(/resubmitted\s+api-1 -> api-1-r1/);
    const again = await run(['jobs', 'resubmit', 'api-1'], cwd, env());
    expect(again.stdout).toMatch(/already resubmitted\s+api-1 -> api-1-r1/);
    // In bulk, a job rejected for its input is skipped: it would fail again.
    const bulk = await run(['jobs', 'resubmit', '--failed', '--since', '1h'], cwd, env());
    expect(bulk.stdout).toMatch(/skipped\s+api-bad: its input was rejected \(UNKNOWN_TICKER\); it would fail again/);
    expect(api.rejected).toBe(0);
  }, 300_000);
});

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function writeSpec(dir: string, spec: unknown): string {
  const file = path.join(dir, `spec-${Math.random().toString(36).slice(2)}.json`);
  require('node:fs').writeFileSync(file, JSON.stringify(spec));
  return file;
}
