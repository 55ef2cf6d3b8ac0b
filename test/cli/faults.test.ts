/**
 * Issue 10's CLI items, in-process (bin/qpo.ts main with captured output; test/helpers/cli.ts):
 * 1 flag defaults never override the config, 5 --output checked up front and a computed record
 * never thrown away, 7 every mistake found before any work, 12 one line per root cause.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { withJobSpecOptions } from '../../bin/cli/optimize';
import { FileResultStore } from '../../lib/jobs';
import { runCli, tempDir } from '../helpers/cli';

const FAST = ['--solver', 'classical', '--seed', '1'];
const TICKERS = ['--tickers', 'AAPL,JPM,XOM,WMT'];
const SMALL_CSV = path.join(__dirname, '..', 'fixtures', 'portfolio', 'small_prices.csv');

/** A user mistake: exit 2, one line naming the field, no stack, nothing on stdout, nothing written. */
function expectRejected(r: Awaited<ReturnType<typeof runCli>>, line: RegExp) {
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(line);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(path.join(r.cwd, 'results'))).toBe(false);
}

describe('item 1: a flag default never overrides a config value', () => {
  it('portfolio.dataset of --config is used when --prices is not given', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'prices.csv'), readFileSync(SMALL_CSV));
    const header = readFileSync(SMALL_CSV, 'utf8').split('\n')[0]!.split(',').slice(1);
    writeFileSync(path.join(cwd, 'job.yaml'), `portfolio:\n  dataset: prices.csv\n  tickers: [${header.slice(0, 3).join(', ')}]\n  budget: 1\n`);
    const r = await runCli(['optimize', '--config', 'job.yaml', ...FAST, '--json'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).problem.data.source).toBe('prices.csv');
  });

  it('no JobSpec flag has a commander default (only an explicit flag overrides the config)', () => {
    const withDefaults = withJobSpecOptions(new Command('x')).options.filter((o) => o.defaultValue !== undefined && !o.negate).map((o) => o.long);
    expect(withDefaults).toEqual([]);
  });
});

describe('item 5: --output is checked before any work; a computed result is never thrown away', () => {
  it.each([
    ['/dev/null', /^error \[INVALID_INPUT\] --output: '\/dev\/null' is not a directory; choose a directory you can write to/],
    ['/dev/null/sub', /--output: '\/dev\/null\/sub' cannot be created: \/dev\/null is not a directory/],
    ['/proc/qpo-x', /--output: '\/proc\/qpo-x' cannot be created: \/proc does not accept new entries \(ENOENT\)/],
    ['', /--output: '' is empty; give the results directory \(default: results\)/],
  ])('--output %j: exit 2 naming it, at once, nothing written', async (output, line) => {
    const t0 = Date.now();
    const r = await runCli(['optimize', ...TICKERS, ...FAST, '--output', output]);
    expectRejected(r, line);
    expect(readdirSync(r.cwd)).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  it('a write that fails mid-run still prints the record (--json) and saves it where the error says; exit 1', async () => {
    const original = FileResultStore.prototype.put;
    const cwd = tempDir();
    const results = path.join(cwd, 'results');
    // The results directory turns into something unwritable after the up-front check: a real ENOTDIR from the filesystem.
    const spy = jest.spyOn(FileResultStore.prototype, 'put').mockImplementation(function (this: FileResultStore, record) {
      return original.call(this.directory === results ? new FileResultStore('/dev/null') : this, record);
    });
    try {
      const r = await runCli(['optimize', ...TICKERS, ...FAST, '--job-id', `rescue-${process.pid}-${Date.now()}`, '--json'], { cwd });
      expect(r.code).toBe(1);
      const printed = JSON.parse(r.stdout);
      expect(printed).toMatchObject({ solver: 'annealing', quality: { approximationRatio: 1 } });
      const saved = /the record was saved to (\S+\.json) instead/.exec(r.stderr)?.[1];
      expect(r.stderr).toMatch(/^error \[RESULT_NOT_PERSISTED\] could not write \/dev\/null\/rescue-.*ENOTDIR.*; the record was saved to \S+ instead\n\(an internal error/);
      expect(JSON.parse(readFileSync(saved!, 'utf8'))).toEqual(printed);
      rmSync(saved!);
    } finally {
      spy.mockRestore();
    }
  });

  it('a repeated --job-id is refused before any data is read or any step runs', async () => {
    const cwd = tempDir();
    const first = await runCli(['optimize', ...TICKERS, ...FAST, '--job-id', 'repeat-me'], { cwd });
    expect(first.code).toBe(0);
    const before = readFileSync(path.join(cwd, 'results', 'repeat-me.json'), 'utf8');
    const again = await runCli(['optimize', ...TICKERS, ...FAST, '--job-id', 'repeat-me', '--json'], { cwd });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^error \[RESULT_EXISTS\] jobId \(--job-id\): a result for 'repeat-me' already exists/);
    expect(readFileSync(path.join(cwd, 'results', 'repeat-me.json'), 'utf8')).toBe(before);
  });
});

describe('item 7: every mistake is found before any work (exit 2, also with --dry-run)', () => {
  const write = (cwd: string, name: string, text: string) => (writeFileSync(path.join(cwd, name), text), name);

  it.each([
    ['a typo in rotation_blocks', 'portfolio:\n  tickers: [AAPL, JPM, XOM, WMT]\nvqe:\n  ansatz: TwoLocal\n  rotation_blocks: [ry, rq]\n', /quantum\.rotationBlocks\[1\]: 'rq' is not a 1-qubit gate; use one of/],
    ['beta_range in the wrong order', 'portfolio:\n  tickers: [AAPL, JPM, XOM, WMT]\nannealing:\n  beta_range: [10, 0.1]\n', /fallback\.annealing\.betaRange: \[10, 0\.1\] is in the wrong order; must be \[hot, cold\]/],
    ['an initial point of the wrong length', 'portfolio:\n  tickers: [AAPL, JPM, XOM, WMT]\nvqe:\n  ansatz: RealAmplitudes\n  reps: 2\n  initial_point: [0.1, 0.2]\n', /quantum\.initialPoint: has 2 values; the realamplitudes ansatz \(reps 2\) on 4 qubits has 12 parameters/],
  ])('%s', async (_label, yaml, line) => {
    for (const extra of [[], ['--dry-run']]) {
      const cwd = tempDir();
      const r = await runCli(['optimize', '--config', write(cwd, 'c.yaml', yaml), '--seed', '1', ...extra], { cwd });
      expectRejected(r, line);
    }
  });

  it.each([
    ['values near 1e308 (a NaN Hamiltonian)', { tickers: ['A', 'B', 'C'], mu: [1e308, 1e308, 1e308], sigma: [[1e-4, 0, 0], [0, 1e-4, 0], [0, 0, 1e-4]], budget: 1 }, /^error \[INVALID_PROBLEM\] mu: entries up to 1\.00e\+308 overflow the objective/],
    ['an indefinite Sigma', { tickers: ['A', 'B'], mu: [0.001, 0.002], sigma: [[1e-4, 2e-4], [2e-4, 1e-4]], budget: 1 }, /^error \[INVALID_PROBLEM\] sigma: not positive semi-definite: its smallest eigenvalue is -0\.0001, below -1e-8 x its largest \(0\.0003\)/],
    ['a negative variance', { tickers: ['A', 'B'], mu: [0.001, 0.002], sigma: [[-1e-4, 0], [0, 1e-4]], budget: 1 }, /sigma\[0\]\[0\]: -0\.0001 is a negative variance/],
  ])('--problem with %s', async (_label, problem, line) => {
    for (const extra of [[], ['--dry-run']]) {
      const cwd = tempDir();
      const r = await runCli(['optimize', '--problem', write(cwd, 'p.json', JSON.stringify(problem)), '--seed', '1', ...extra], { cwd });
      expectRejected(r, line);
      expect(r.stderr).not.toMatch(/penalty/);
    }
  });
});

describe('item 12: one root cause, one line, with the value and the range from the input', () => {
  it.each([
    [['--budget', '1e308'], /^error \[INVALID_INPUT\] budget \(--budget\): 1e\+308 is out of range; must be between 1 and 3 for 4 assets\n$/],
    [['--budget', '5'], /budget \(--budget\): 5 is out of range; must be between 1 and 3 for 4 assets\n$/],
    [['--budget', '0x2'], /budget \(--budget\): '0x2' is not a number/],
    [['--shots', '0b11'], /quantum\.shots \(--shots\): '0b11' is not a number/],
    [['--seed', 'Infinity'], /quantum\.seed \(--seed\): 'Infinity' is not a number/],
  ])('%j', async (args, line) => {
    expectRejected(await runCli(['optimize', ...TICKERS, ...args, '--dry-run']), line);
  });

  it('an unknown top-level field of a config file names the file, not "(root)" (found by test/fuzz)', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'job.json'), JSON.stringify({ portfolio: { tickers: ['AAPL', 'JPM'] }, budget: 1, fallbak: { enabled: false } }));
    expectRejected(await runCli(['optimize', '--config', 'job.json', '--dry-run'], { cwd }), /^error \[INVALID_INPUT\] job\.json: unknown field\(s\) 'fallbak'; remove or rename them\n$/);
  });

  it('no cascade from a tickers error to the budget', async () => {
    expectRejected(await runCli(['optimize', '--tickers', ',', '--budget', '2', '--dry-run']), /^error \[INVALID_INPUT\] portfolio\.tickers \(--tickers\): at least 2 tickers are needed\n$/);
  });

  it('a BOM before JSON --problem is read like CSV and YAML read theirs', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'p.json'), `\uFEFF${JSON.stringify({ tickers: ['A', 'B', 'C'], mu: [0.001, 0.003, 0.002], sigma: [[1e-4, 0, 0], [0, 1e-4, 0], [0, 0, 1e-4]], budget: 1 })}`);
    const r = await runCli(['optimize', '--problem', 'p.json', '--solver', 'exact', '--json'], { cwd });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).solution.selectedTickers).toEqual(['B']);
  });

  it('a 100 000-deep --problem (and --config) is a user error, not INTERNAL', async () => {
    const cwd = tempDir();
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    writeFileSync(path.join(cwd, 'p.json'), `{"tickers":${deep}}`);
    writeFileSync(path.join(cwd, 'c.yaml'), `portfolio: ${deep}\n`);
    expectRejected(await runCli(['optimize', '--problem', 'p.json'], { cwd }), /^error \[INVALID_INPUT\] --problem: 'p\.json' is nested more than 32 levels deep/);
    expectRejected(await runCli(['optimize', '--config', 'c.yaml'], { cwd }), /^error \[INVALID_INPUT\] c\.yaml: nested more than 32 levels deep/);
  });

  it('report names its own argument, never --job-id', async () => {
    const r = await runCli(['report', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error \[INVALID_INPUT\] JOB: no result 'nope' in /);
    expect(r.stderr).not.toMatch(/--job-id/);
  });
});
