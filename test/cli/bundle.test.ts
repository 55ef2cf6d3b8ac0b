/**
 * The prebuilt CLI (scripts/build-cli.cjs, run at npm ci by `prepare`): every entry point is built
 * beside the bundle (the worker-thread modules and the benchmark runner where the code looks for
 * them), bin/qpo.js runs the bundle while it is fresh and the sources once one is newer, and the
 * lazy command table matches the real commands.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { COMMANDS } from '../../bin/cli/commands';

const ROOT = path.join(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist', 'cli');
const QPO = path.join(ROOT, 'bin', 'qpo.js');

const qpo = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [QPO, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, QPO_DEBUG: '1', ...env }, timeout: 120_000 });

describe('the prebuilt CLI', () => {
  it('builds the CLI, the worker modules and the benchmark runner side by side, with the list of sources', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'qpo-build-')), 'cli');
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-cli.cjs'), out], { cwd: ROOT, stdio: 'pipe' });
    for (const name of ['qpo', 'anneal-worker', 'statevector-worker', 'frontier-worker', 'bench-run']) expect(existsSync(path.join(out, `${name}.js`))).toBe(true);
    const inputs = JSON.parse(readFileSync(path.join(out, 'inputs.json'), 'utf8')) as string[];
    for (const source of ['bin/qpo.ts', 'bin/cli/commands.ts', 'lib/backends/local/anneal-worker.ts', 'lib/reports/job-report.ts', 'bench/run.ts']) expect(inputs).toContain(source);
    expect(inputs.some((f) => f.startsWith('node_modules/'))).toBe(false);
  }, 120_000);

  it('bin/qpo.js runs the bundle while no source is newer, else the sources (a launcher in a tree of stand-ins)', () => {
    const tree = mkdtempSync(path.join(tmpdir(), 'qpo-launcher-'));
    mkdirSync(path.join(tree, 'bin'));
    mkdirSync(path.join(tree, 'dist', 'cli'), { recursive: true });
    copyFileSync(QPO, path.join(tree, 'bin', 'qpo.js'));
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(tree, 'node_modules'));
    writeFileSync(path.join(tree, 'bin', 'qpo.ts'), "export function run(): void { process.stdout.write('source'); }\n");
    writeFileSync(path.join(tree, 'dist', 'cli', 'qpo.js'), "exports.run = () => process.stdout.write('bundle');\n");
    writeFileSync(path.join(tree, 'dist', 'cli', 'inputs.json'), JSON.stringify(['bin/qpo.ts']));
    const launch = (env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [path.join(tree, 'bin', 'qpo.js')], { encoding: 'utf8', env: { ...process.env, QPO_CLI_SOURCE: '', ...env } }).stdout;
    const at = (file: string, seconds: number) => utimesSync(path.join(tree, file), seconds, seconds);
    at('bin/qpo.ts', 1000);
    at('dist/cli/qpo.js', 2000);
    expect(launch()).toBe('bundle');
    expect(launch({ QPO_CLI_SOURCE: '1' })).toBe('source');
    at('bin/qpo.ts', 3000);
    expect(launch()).toBe('source');
    at('dist/cli/qpo.js', 4000);
    expect(launch()).toBe('bundle');
    writeFileSync(path.join(tree, 'dist', 'cli', 'inputs.json'), JSON.stringify(['bin/qpo.ts', 'bin/gone.ts']));
    expect(launch()).toBe('source');
  });

  it('runs the bundle in this checkout (built by npm ci, or by the tests\' global setup when stale)', () => {
    const r = qpo(['--version']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/running the bundle/);
  });

  it('loads a command module and the error printer from the sources too', () => {
    const source = qpo(['report', 'no-such-job', '--output', ROOT], { QPO_CLI_SOURCE: '1' });
    expect(source.stderr).toMatch(/running the TypeScript sources/);
    expect(source.stderr).toMatch(/no result 'no-such-job'/);
    expect(source.status).toBe(2);
  });

  it('answers --help from the command table without loading any command module', () => {
    const r = qpo(['--help']);
    expect(r.status).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(r.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
  });

  it('has a table entry for every command, with its real description and arguments', () => {
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
