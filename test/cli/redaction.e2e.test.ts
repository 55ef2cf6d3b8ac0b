/**
 * No secret in any output (issue 10, item 9), as a user runs qpo: the CLI in a child process
 * against a fake IBM Quantum platform that echoes every request in its error bodies (the form body
 * with the URL-encoded key, the Authorization header with the bearer token, the body in base64).
 * Nothing printed or written may give back the API key or a token, in any encoding.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startFakeIbm, FAKE_CRN, type FakeIbm } from '../fakes/ibm-server';

const QPO = path.join(__dirname, '..', '..', 'bin', 'qpo.js');
const KEY = 'sk+Qp/9z=Te$t&Key"0123456789';

function qpo(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; cwd: string }> {
  const cwd = mkdtempSync(path.join(tmpdir(), 'qpo-red-'));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [QPO, ...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', QPO_DEBUG: '1', ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out, cwd }));
  });
}

/** Everything the run left: its output and every file it wrote. */
function everything(run: { out: string; cwd: string }): string {
  const dir = path.join(run.cwd, 'results');
  let files = '';
  try {
    for (const f of readdirSync(dir)) files += readFileSync(path.join(dir, f), 'utf8');
  } catch {
    /* nothing written */
  }
  return `${run.out}\n${files}`;
}

/** The secret, or any of its spellings a reader could decode. */
function leaks(text: string, secret: string): string[] {
  const spellings = [secret, encodeURIComponent(secret), new URLSearchParams({ x: secret }).toString().slice(2), JSON.stringify(secret).slice(1, -1)];
  const b64 = [Buffer.from(secret).toString('base64').slice(0, -4), Buffer.from(encodeURIComponent(secret)).toString('base64').slice(4, -4)];
  return [...spellings, ...b64].filter((s) => s.length >= 6 && text.toLowerCase().includes(s.toLowerCase()));
}

describe('no secret in any output when the provider echoes requests', () => {
  let ibm: FakeIbm;
  let env: Record<string, string>;
  beforeAll(async () => {
    ibm = await startFakeIbm(undefined, 1, { apiKey: KEY });
    ibm.faults.echoRequests = true;
    env = { QPO_IBM_INSTANCE_CRN: FAKE_CRN, QPO_IBM_API_URL: `${ibm.url}/api`, QPO_IBM_IAM_URL: ibm.url, QPO_POLL_INTERVAL_MS: '2', QPO_PROVIDER_TIME_SCALE: '0.001', QPO_IBM_JOBS_PER_MINUTE: 'unlimited', QPO_PROVIDER_TIMEOUT_SECONDS: '2' };
  });
  afterAll(async () => ibm.close());

  it('a rejected key: qpo backends and optimize show the reason, not the key', async () => {
    const wrong = 'sk+Wr/0ng=Ke$y&"9876543210';
    const list = await qpo(['backends'], { ...env, QPO_IBM_API_KEY: wrong });
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/ibm:\*: IBM Cloud IAM rejected the API key \(HTTP 400: BXNIM0415E Provided API key could not be found: \*\*\*/);
    const run = await qpo(['optimize', '--tickers', 'AAPL,JPM,XOM,WMT', '--backend', 'ibm:fake_fez', '--json'], { ...env, QPO_IBM_API_KEY: wrong });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out.slice(run.out.indexOf('{'))).fallback.reason).toBe('backend-unavailable');
    for (const r of [list, run]) expect(leaks(everything(r), wrong)).toEqual([]);
  }, 60_000);

  it('a job creation rejected with the request echoed: the fallback message keeps the reason, not the key or the token', async () => {
    ibm.faults.createJobStatus = 400;
    const before = ibm.log.length;
    const run = await qpo(['optimize', '--tickers', 'AAPL,JPM,XOM,WMT', '--backend', 'ibm:fake_fez', '--shots', '100', '--json'], { ...env, QPO_IBM_API_KEY: KEY });
    ibm.faults.createJobStatus = undefined;
    expect(run.code).toBe(0);
    const record = JSON.parse(run.out.slice(run.out.indexOf('{')));
    expect(record.fallback).toMatchObject({ activated: true, reason: 'backend-error', message: expect.stringMatching(/create job: HTTP 400: job rejected/) });
    const tokens = new Set(ibm.log.slice(before).map((r) => /^Bearer (.+)$/.exec(String(r.headers.authorization ?? ''))?.[1]).filter((t): t is string => Boolean(t)));
    expect(tokens.size).toBeGreaterThan(0);
    const all = everything(run);
    expect(leaks(all, KEY)).toEqual([]);
    for (const t of tokens) expect(leaks(all, t)).toEqual([]);
  }, 60_000);
});
