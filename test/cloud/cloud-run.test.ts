/**
 * The offline cloud run in `npm test`: the app is synthesized once (`cdk synth`, as
 * `npm run test:cloud` does), then `npm run test:cloud -- --assembly DIR` must pass every branch,
 * and must fail, naming the problem, on each of the three edited copies of the assembly
 * (test/cloud/mutations.ts; each run with `--only` the branch that exercises the edit, which the
 * full run also runs). Runs as child processes: what is tested is the command users run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { synthesize } from './main';
import { MUTATIONS, mutatedCopy } from './mutations';
import { BRANCHES } from './run';

const ROOT = path.join(__dirname, '..', '..');
let work: string;
let assembly: string;
/** The four runs, started together (they mostly wait on timers and child processes). */
let runs: Map<string, Promise<{ code: number | null; out: string }>>;
const GOOD = 'the synthesized assembly';

function testCloud(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'test:cloud', '--', ...args], { cwd: ROOT, env: { ...process.env, npm_config_update_notifier: 'false' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'qpo-cloud-test-'));
  assembly = synthesize(path.join(work, 'cdk.out'));
  runs = new Map([[GOOD, testCloud(['--assembly', assembly])]]);
  for (const m of MUTATIONS) runs.set(m.name, testCloud(['--assembly', mutatedCopy(assembly, path.join(work, m.name.replace(/\W+/g, '-')), m).dir, '--only', m.branch]));
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

it('npm run test:cloud -- --assembly DIR: every branch of the synthesized platform passes', async () => {
  const run = await runs.get(GOOD)!;
  const summary = run.out.slice(run.out.indexOf('\nbranch'));
  expect({ code: run.code, summary }).toEqual({ code: 0, summary: expect.stringContaining('cloud run passed') });
  for (const b of BRANCHES) expect(summary).toMatch(new RegExp(`${b.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+ok\\s`));
  expect(summary).toContain('no function read a variable its template does not set');
}, 480_000);

describe('the run fails, naming the problem, on an edited assembly', () => {
  it.each(MUTATIONS.map((m) => [m.name, m] as const))('%s', async (_name, mutation) => {
    const run = await runs.get(mutation.name)!;
    expect(run.code).toBe(1);
    expect(run.out).toMatch(mutation.expected);
  }, 300_000);
});
