/**
 * `qpo submit --api URL` and `qpo status JOB_ID` as a user runs them (child processes), against the
 * API on 127.0.0.1 that verifies their SigV4 signatures and runs the real handlers and workflow.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
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

function qpo(args: string[], credentials: typeof TEST_CREDENTIALS | null = TEST_CREDENTIALS, extra: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const keys = credentials ? { AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey } : {};
    const child = spawn(process.execPath, [QPO, ...args], {
      env: { PATH: process.env.PATH!, HOME: '/nonexistent', ...keys, AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', ...extra },
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

  it('the API URL may come from QPO_API_URL', async () => {
    const r = await qpo(['status', 'cli-job-1', '--json'], TEST_CREDENTIALS, { QPO_API_URL: api.url });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ jobId: 'cli-job-1' });
  });

  it('no API URL, no credentials, an unreachable API: user errors naming the fix (exit 2), never INTERNAL', async () => {
    const noUrl = await qpo(['status', 'cli-job-1']);
    expect(noUrl).toMatchObject({ code: 2, stderr: expect.stringMatching(/INVALID_INPUT.*--api.*QPO_API_URL/) });
    const noCredentials = await qpo(['status', 'cli-job-1', '--api', api.url], null);
    expect(noCredentials).toMatchObject({ code: 2, stderr: expect.stringMatching(/CREDENTIALS_MISSING.*AWS_PROFILE/) });
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as AddressInfo;
        s.close(() => resolve(port));
      });
    });
    const unreachable = await qpo(['submit', '--api', `http://127.0.0.1:${closed}/prod`, '--tickers', 'AAPL,JPM', '--solver', 'classical']);
    expect(unreachable).toMatchObject({ code: 2, stderr: expect.stringMatching(new RegExp(`API_UNREACHABLE.*127\\.0\\.0\\.1:${closed}.*ECONNREFUSED`)) });
    for (const r of [noUrl, noCredentials, unreachable]) expect(r.stderr).not.toMatch(/INTERNAL|\n\s+at /);
  });
});
