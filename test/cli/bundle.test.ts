/**
 * The prebuilt CLI (scripts/build-cli.cjs, run at npm ci by `prepare`): every entry point is built
 * beside the bundle (the worker-thread modules and the benchmark runner where the code looks for
 * them), bin/qpo.js runs the bundle while it is fresh and the sources once one is newer, and the
 * lazy command table matches the real commands.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, utimesSync } from 'node:fs';
import * as path from 'node:path';
import { COMMANDS } from '../../bin/cli/commands';

const ROOT = path.join(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist', 'cli');
const QPO = path.join(ROOT, 'bin', 'qpo.js');

const qpo = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [QPO, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, QPO_DEBUG: '1', ...env }, timeout: 120_000 });

describe('the prebuilt CLI', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-cli.cjs')], { cwd: ROOT, stdio: 'pipe' });
  }, 120_000);

  it('builds the CLI, the worker modules and the benchmark runner side by side, with the list of sources', () => {
    for (const name of ['qpo', 'anneal-worker', 'statevector-worker', 'frontier-worker', 'bench-run']) expect(existsSync(path.join(DIST, `${name}.js`))).toBe(true);
    const inputs = JSON.parse(readFileSync(path.join(DIST, 'inputs.json'), 'utf8')) as string[];
    for (const source of ['bin/qpo.ts', 'bin/cli/commands.ts', 'lib/backends/local/anneal-worker.ts', 'lib/reports/job-report.ts', 'bench/run.ts']) expect(inputs).toContain(source);
    expect(inputs.some((f) => f.startsWith('node_modules/'))).toBe(false);
  });

  it('runs the bundle while it is fresh, the sources when a source is newer or QPO_CLI_SOURCE is set', () => {
    const fresh = qpo(['--version']);
    expect(fresh.status).toBe(0);
    expect(fresh.stderr).toMatch(/running the bundle/);
    expect(qpo(['--version'], { QPO_CLI_SOURCE: '1' }).stderr).toMatch(/running the TypeScript sources/);
    // a command module and the error printer load the same way from the sources
    const source = qpo(['report', 'no-such-job', '--output', ROOT], { QPO_CLI_SOURCE: '1' });
    expect(source.status).toBe(2);
    expect(source.stderr).toMatch(/no result 'no-such-job'/);
    const bundle = path.join(DIST, 'qpo.js');
    const { atime, mtime } = statSync(bundle);
    try {
      utimesSync(bundle, new Date(0), new Date(0));
      const stale = qpo(['--version']);
      expect(stale.stderr).toMatch(/running the TypeScript sources/);
      expect(stale.stdout).toBe(fresh.stdout);
    } finally {
      utimesSync(bundle, atime, mtime);
    }
  });

  it('answers --help from the command table without loading any command module', () => {
    const r = qpo(['--help']);
    expect(r.status).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(r.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
  });

  it('has a table entry for every command, with its real description and arguments', async () => {
    for (const [name, entry] of Object.entries(COMMANDS)) {
      const command = entry.load();
      expect(command.name()).toBe(name);
      expect(entry.description).toBe(command.description());
      const args = command.registeredArguments.map((a) => (a.required ? `<${a.name()}${a.variadic ? '...' : ''}>` : `[${a.name()}${a.variadic ? '...' : ''}]`)).join(' ');
      expect(entry.args ?? '').toBe(args);
    }
  });

  it('runs the benchmarks as a plain node process from the bundle', () => {
    const r = spawnSync(process.execPath, [path.join(DIST, 'bench-run.js'), 'nope', '{}'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown benchmark 'nope'/);
  });
});
