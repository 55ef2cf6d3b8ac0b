/**
 * `qpo submit --api URL` and `qpo status JOB_ID` as a user runs them (child processes), against the
 * API on 127.0.0.1 that verifies their SigV4 signatures and runs the real handlers and workflow.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { startApi } from '../helpers/api-server';
import { startPlatform } from '../helpers/platform';
import { TEST_CREDENTIALS } from '../helpers/sigv4';

const QPO = path.join(__dirname, '..', '..', 'bin', 'qpo.js');
let platform: Awaited<ReturnType<typeof startPlatform>>;
let api: Awaited<ReturnType<typeof startApi>>;

beforeAll(async () => {
  platform = await startPlatform('amazon-braket-qpo-cli');
  api = await startApi(platform);
});
afterAll(async () => {
  await api.close();
  await platform.close();
});

function qpo(args: string[], credentials = TEST_CREDENTIALS): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [QPO, ...args], {
      env: { PATH: process.env.PATH!, HOME: '/nonexistent', AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('qpo submit / qpo status (SigV4)', () => {
  it('submits a job, then reports it Completed with its portfolio', async () => {
    const sub = await qpo(['submit', '--api', api.url, '--tickers', 'AAPL,JPM,XOM,WMT', '--budget', '2', '--solver', 'classical', '--job-id', 'cli-job-1', '--json']);
    expect(sub.stderr).toBe('');
    expect(sub.code).toBe(0);
    expect(JSON.parse(sub.stdout)).toMatchObject({ jobId: 'cli-job-1', statusUrl: '/test/jobs/cli-job-1' });
    let status = { phase: '' } as { phase: string; result?: { solution: { selectedTickers: string[] } } };
    for (let i = 0; i < 40 && status.phase !== 'Completed'; i++) {
      const r = await qpo(['status', 'cli-job-1', '--api', api.url, '--json']);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      status = JSON.parse(r.stdout);
      if (status.phase !== 'Completed') await new Promise((res) => setTimeout(res, 250));
    }
    expect(status.phase).toBe('Completed');
    expect(status.result!.solution.selectedTickers).toHaveLength(2);
    const human = await qpo(['status', 'cli-job-1', '--api', api.url]);
    expect(human.stdout).toMatch(/Phase\s+Completed\nPortfolio\s+\w+, \w+/);
    expect(api.rejected).toBe(0);
  });

  it('bad input answered 400 by the API: exit 2 with the field; unknown job: exit 2 (404)', async () => {
    const bad = await qpo(['submit', '--api', api.url, '--tickers', 'AAPL']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/INVALID_INPUT.*portfolio\.tickers.*at least 2 tickers/);
    const missing = await qpo(['status', 'nope', '--api', api.url]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/JOB_NOT_FOUND/);
  });

  it('wrong credentials: the signature is refused (403, exit 2)', async () => {
    const r = await qpo(['status', 'cli-job-1', '--api', api.url], { accessKeyId: TEST_CREDENTIALS.accessKeyId, secretAccessKey: 'wrong' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ACCESS_DENIED.*403/);
    expect(api.rejected).toBeGreaterThan(0);
  });
});
