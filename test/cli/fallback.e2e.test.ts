/**
 * `qpo fallback force on|off|status` as an operator runs it (child processes): locally on the results
 * directory, read by the next `qpo optimize`; and on a stage's SSM parameter, against an SSM endpoint
 * on 127.0.0.1 that checks the SigV4 signature (the SDK finds it through AWS_ENDPOINT_URL_SSM).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startSsm, TEST_CREDENTIALS, type LocalSsm } from '../helpers/ssm-server';

const QPO = path.join(__dirname, '..', '..', 'bin', 'qpo.js');

function qpo(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [QPO, ...args], {
      cwd,
      // (the SDK's warning about a host Node older than 22 is about this machine, not the command)
      env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', PATH: process.env.PATH!, HOME: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('qpo fallback force (local results directory)', () => {
  it('on -> the next optimize records forced-platform; off -> routed as usual; status shows who and why', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'qpo-force-'));
    const on = await qpo(['fallback', 'force', 'on', '--reason', 'IBM outage INC-42'], cwd);
    expect({ code: on.code, stderr: on.stderr }).toEqual({ code: 0, stderr: '' });
    expect(on.stdout).toMatch(/Force classical\s+ON/);
    expect(on.stdout).toMatch(/Reason\s+IBM outage INC-42/);
    const forced = await qpo(['optimize', '--tickers', 'AAPL,JPM,XOM,WMT', '--budget', '2', '--json'], cwd);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ solver: 'annealing', fallback: { activated: true, reason: 'forced-platform' } });
    const status = await qpo(['fallback', 'force', 'status', '--json'], cwd);
    expect(JSON.parse(status.stdout)).toMatchObject({ forced: true, reason: 'IBM outage INC-42', setBy: expect.stringContaining('@'), location: path.join(cwd, 'results', '_force-classical.json') });
    // the switch file is not a job: a job may be named force-classical, and shows as one
    const named = await qpo(['optimize', '--tickers', 'AAPL,JPM,XOM,WMT', '--budget', '2', '--job-id', 'force-classical', '--json'], cwd);
    expect(named.code).toBe(0);
    const shown = await qpo(['jobs', 'show', 'force-classical', '--json'], cwd);
    expect({ code: shown.code, stderr: shown.stderr }).toEqual({ code: 0, stderr: '' });
    await qpo(['fallback', 'force', 'off'], cwd);
    const routed = await qpo(['optimize', '--tickers', 'AAPL,JPM,XOM,WMT', '--budget', '2', '--json'], cwd);
    expect(JSON.parse(routed.stdout)).toMatchObject({ solver: 'vqe', fallback: { activated: false } });
  });

  it('a bad action is a usage error (exit 2) listing on, off and status', async () => {
    const r = await qpo(['fallback', 'force', 'maybe'], mkdtempSync(path.join(tmpdir(), 'qpo-force-')));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Allowed choices are on, off, status/);
  });
});

describe('qpo fallback force --stage (SSM)', () => {
  let ssm: LocalSsm;
  const aws = () => ({ AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_SSM: ssm.endpoint });
  beforeAll(async () => {
    ssm = await startSsm({ '/qpo/dev/force-classical': '{"forced":false,"reason":null,"setBy":null,"setAt":null}' });
  });
  afterAll(() => ssm.close());

  it('writes and reads the stage parameter with signed requests', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'qpo-force-'));
    const on = await qpo(['fallback', 'force', 'on', '--stage', 'dev', '--reason', 'P0 INC-7', '--json'], cwd, aws());
    expect({ code: on.code, stderr: on.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(on.stdout)).toMatchObject({ forced: true, reason: 'P0 INC-7', location: 'ssm:/qpo/dev/force-classical' });
    expect(JSON.parse(ssm.parameters.get('/qpo/dev/force-classical')!.Value)).toMatchObject({ forced: true, reason: 'P0 INC-7' });
    const status = await qpo(['fallback', 'force', 'status', '--parameter', '/qpo/dev/force-classical'], cwd, aws());
    expect(status.stdout).toMatch(/Force classical\s+ON[\s\S]*Where\s+ssm:\/qpo\/dev\/force-classical \(CheckCapacity/);
    const off = await qpo(['fallback', 'force', 'off', '--stage', 'dev'], cwd, aws());
    expect(off.stdout).toMatch(/Force classical\s+off/);
    expect(ssm.unsigned).toBe(0);
  });

  it('no region, no credentials, wrong credentials: user errors naming the fix (exit 2), never INTERNAL', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'qpo-force-'));
    const noRegion = await qpo(['fallback', 'force', 'status', '--stage', 'dev'], cwd, { AWS_ENDPOINT_URL_SSM: ssm.endpoint });
    expect(noRegion).toMatchObject({ code: 2, stderr: expect.stringMatching(/INVALID_INPUT.*--region/) });
    const noCredentials = await qpo(['fallback', 'force', 'status', '--stage', 'dev'], cwd, { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_SSM: ssm.endpoint });
    expect(noCredentials).toMatchObject({ code: 2, stderr: expect.stringMatching(/CREDENTIALS_MISSING/) });
    const wrong = await qpo(['fallback', 'force', 'on', '--stage', 'dev'], cwd, { ...aws(), AWS_SECRET_ACCESS_KEY: 'wrong' });
    expect(wrong).toMatchObject({ code: 2, stderr: expect.stringMatching(/ACCESS_DENIED.*ssm:PutParameter \/qpo\/dev\/force-classical/) });
    const badStage = await qpo(['fallback', 'force', 'on', '--stage', 'Prod!'], cwd, aws());
    expect(badStage).toMatchObject({ code: 2, stderr: expect.stringMatching(/--stage.*'Prod!'/) });
    for (const r of [noRegion, noCredentials, wrong, badStage]) expect(r.stderr).not.toMatch(/INTERNAL|\n\s+at /);
  });
});
