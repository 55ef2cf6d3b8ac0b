/**
 * Fuzzing the CLI (issue 10): `qpo optimize` flags, config files (YAML and JSON, JobSpec and
 * runbook layouts), `--problem` files and price CSVs, in-process through bin/qpo.ts main(argv)
 * (test/helpers/cli.ts) in a fresh working directory per case, plus a handful of the same cases as
 * real child processes. The property (test/fuzz/property.ts): exit 0, or exit 2 with one line
 * `error [CODE] field: message` naming an input the case set; never exit 1, never a stack trace,
 * never a file written on rejection. Cases: QPO_FUZZ_RUNS per surface (`npm run fuzz`: 2000).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';
import { COMMANDS } from '../../bin/cli/commands';
import { FLAG_OF_PATH } from '../../bin/cli/flags';
import { runCli, tempDir, type CliRun } from '../helpers/cli';
import { BASE_RUNBOOK, BASE_SPEC, flagPair, fuzzParams, priceCsv, problemFile, runbookEdits, specEdits, withValues } from './generators';
import { cliViolation, filesUnder } from './property';

/** Cases per surface in npm test (QPO_FUZZ_RUNS replaces each). */
const RUNS = { flags: 200, config: 200, problem: 300, prices: 300, real: 20, subcommands: 200 };
const FUZZ_TIMEOUT = 600_000;
const norm = (s: string) => s.toLowerCase().replace(/[_-]/g, '');
/** The words of an error's field: `quantum.rotationBlocks[0] (--x)` -> quantum, rotationblocks, 0, x. */
const words = (field: string) => field.split(/[^A-Za-z0-9_-]+/).filter(Boolean).map(norm);

/** Counts by outcome, printed after each surface (docs/reliability.md quotes them). */
const tally: Record<string, { cases: number; ok: number; rejected: number; byCode: Record<string, number> }> = {};
function count(surface: string, r: CliRun) {
  const t = (tally[surface] ??= { cases: 0, ok: 0, rejected: 0, byCode: {} });
  t.cases += 1;
  if (r.code === 0) t.ok += 1;
  else {
    t.rejected += 1;
    const code = /^error \[([A-Z_]+)\]/.exec(r.stderr)?.[1] ?? `exit ${r.code}`;
    t.byCode[code] = (t.byCode[code] ?? 0) + 1;
  }
}
afterAll(() => console.log(`fuzz cli: ${JSON.stringify(tally)}`));

async function check(surface: string, args: string[], cwd: string, fields: (field: string) => boolean, options: { writesOnSuccess?: boolean; maxLines?: number } = {}) {
  const before = filesUnder(cwd);
  const r = await runCli(args, { cwd });
  count(surface, r);
  const why = cliViolation(r, before, fields, options);
  if (why) throw new Error(`${why}\nqpo ${args.map((a) => JSON.stringify(a)).join(' ')}\nexit ${r.code}\nstderr: ${r.stderr}stdout: ${r.stdout.slice(0, 400)}`);
}

describe('fuzz: qpo optimize', () => {
  it('flags: exit 0 or one line naming a flag given', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(flagPair, { minLength: 1, maxLength: 4 }), async (pairs) => {
        const args = ['optimize', '--tickers', 'AAPL,JPM,XOM,WMT', '--solver', 'classical', ...pairs.flat(), '--dry-run'];
        const given = new Set(['--tickers', '--solver', ...pairs.map(([f]) => f)].flatMap((f) => [norm(f), ...Object.entries(FLAG_OF_PATH).filter(([, v]) => v === f).flatMap(([p]) => words(p))]));
        await check('flags', args, tempDir(), (field) => words(field).some((w) => given.has(w)), { maxLines: pairs.length });
      }),
      fuzzParams(RUNS.flags),
    );
  }, FUZZ_TIMEOUT);

  it('config files (JobSpec in JSON and YAML, runbook YAML): exit 0 or one line naming the file or a key', async () => {
    const spec = fc.tuple(fc.constant('spec' as const), specEdits, fc.constantFrom('json', 'yaml'));
    const runbook = fc.tuple(fc.constant('runbook' as const), runbookEdits, fc.constant('yaml'));
    await fc.assert(
      fc.asyncProperty(fc.oneof(spec, runbook), async ([layout, edits, format]) => {
        const config = withValues(layout === 'spec' ? BASE_SPEC : BASE_RUNBOOK, edits);
        const cwd = tempDir();
        const file = `job.${format}`;
        writeFileSync(path.join(cwd, file), format === 'json' ? JSON.stringify(config) : toYaml(config));
        const keys = new Set([file, 'config', ...edits.flatMap(([p]) => p.split('.')).map(norm)]);
        // A renamed runbook key names the JobSpec field it sets (stocks -> tickers, ...): accept any JobSpec path.
        const specWords = new Set(Object.keys(FLAG_OF_PATH).flatMap(words));
        await check('config', ['optimize', '--config', file, '--dry-run'], cwd, (field) => words(field).some((w) => keys.has(w) || specWords.has(w)) || field.includes(file), { maxLines: edits.length });
      }),
      fuzzParams(RUNS.config),
    );
  }, FUZZ_TIMEOUT);

  it('--problem files: exit 0 or one line naming --problem or one of its fields', async () => {
    await fc.assert(
      fc.asyncProperty(problemFile, fc.boolean(), async ({ text, damaged, n }, withBudget) => {
        const cwd = tempDir();
        writeFileSync(path.join(cwd, 'problem.json'), text);
        const args = ['optimize', '--problem', 'problem.json', '--solver', 'classical', ...(withBudget ? ['--budget', '2'] : []), '--dry-run'];
        const ok = new Set(['problem', 'problemjson', 'tickers', 'mu', 'sigma', 'riskfactor', 'budget', 'portfolio']);
        await check('problem', args, cwd, (field) => words(field).some((w) => ok.has(w)), { maxLines: Math.max(1, damaged + (withBudget && n <= 2 ? 1 : 0)) });
      }),
      fuzzParams(RUNS.problem),
    );
  }, FUZZ_TIMEOUT);

  it('price CSVs: exit 0 or one line naming --prices, its file or the tickers', async () => {
    await fc.assert(
      fc.asyncProperty(priceCsv, async ({ text, tickers }) => {
        const cwd = tempDir();
        writeFileSync(path.join(cwd, 'prices.csv'), text);
        const args = ['optimize', '--prices', 'prices.csv', '--tickers', tickers.join(','), '--budget', '1', '--solver', 'classical', '--dry-run'];
        const ok = new Set(['prices', 'pricescsv', 'dataset', 'tickers', 'portfolio', 'start', 'end']);
        await check('prices', args, cwd, (field) => words(field).some((w) => ok.has(w)) || field.includes('prices.csv'), { maxLines: 3 });
      }),
      fuzzParams(RUNS.prices),
    );
  }, FUZZ_TIMEOUT);

  it('real runs (not dry): the answer is written, or nothing is', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(flagPair, { maxLength: 2 }), async (pairs) => {
        const args = ['optimize', '--tickers', 'AAPL,JPM,XOM,WMT', '--solver', 'classical', '--seed', '1', '--json', ...pairs.flat()];
        const given = new Set(['--tickers', '--solver', '--seed', ...pairs.map(([f]) => f)].flatMap((f) => [norm(f), ...Object.entries(FLAG_OF_PATH).filter(([, v]) => v === f).flatMap(([p]) => words(p))]));
        await check('real', args, tempDir(), (field) => words(field).some((w) => given.has(w)), { writesOnSuccess: true, maxLines: Math.max(1, pairs.length) });
      }),
      { ...fuzzParams(RUNS.real, 0.1), examples: [[[['--timeout', '1e308']]], [[['--budget', '0x2']]], [[['--max-cost-usd', '-1']]]] },
    );
  }, FUZZ_TIMEOUT);
});

describe('fuzz: usage errors of every subcommand (issue 10 item 8)', () => {
  /** Commands that do real work when their arguments are valid get one unknown option always (usage only). */
  const HEAVY = new Set(['optimize', 'frontier', 'bench', 'backends', 'submit']);
  const token = fc.oneof(
    fc.constantFrom('--bogus', '--json', '--output', '--output=', '-x', '--', 'a', 'b.json', 'results', '--job-id', '--shots', '0x2', '--list', '--html', '--csv', '-', 'x.qasm', '--top', '--risk-free-rate', 'NaN', '--no-progress'),
    fc.string({ maxLength: 8 }),
  );
  it('exit 0 or 2 with a message on stderr; never exit 1, never a stack trace, nothing written on rejection', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(COMMANDS)), fc.array(token, { maxLength: 4 }), async (command, rest) => {
        const args = [command, ...(HEAVY.has(command) ? ['--no-such-option'] : []), ...rest];
        const cwd = tempDir();
        const r = await runCli(args, { cwd, env: { QPO_API_URL: undefined, QPO_IBM_API_KEY: undefined, QPO_BRAKET_BUCKET: undefined } });
        count('subcommands', r);
        const written = filesUnder(cwd);
        const why =
          /\n\s+at .+:\d+/.test(r.stderr) ? 'a stack trace'
          : r.code !== 0 && r.code !== 2 ? `exit ${r.code}`
          : r.code === 2 && written.length ? `files written on rejection: ${written.join(', ')}`
          : r.code === 2 && !/^error/.test(r.stderr) ? 'a rejection without an error line'
          : null;
        if (why) throw new Error(`${why}\nqpo ${args.map((a) => JSON.stringify(a)).join(' ')}\nexit ${r.code}\nstderr: ${r.stderr.slice(0, 600)}`);
      }),
      fuzzParams(RUNS.subcommands),
    );
  }, FUZZ_TIMEOUT);
});

describe('fuzz: a few cases as shipped (node bin/qpo.js in a child process)', () => {
  const QPO = path.join(__dirname, '..', '..', 'bin', 'qpo.js');
  it.each([
    [['optimize', '--budget', '0x2', '--tickers', 'AAPL,JPM,XOM', '--dry-run']],
    [['optimize', '--risk-factor', 'Infinity', '--tickers', 'AAPL,JPM,XOM', '--dry-run']],
    [['optimize', '--config', 'missing.yaml', '--dry-run']],
    [['optimize', '--tickers', 'AAPL,JPM,XOM', '--shots', '1e308', '--dry-run']],
  ])('%j: exit 2, one line, no stack, nothing written', (args) => {
    const cwd = tempDir();
    const r = spawnSync(process.execPath, [QPO, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
    const why = cliViolation({ code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, cwd }, [], () => true);
    expect({ why, code: r.status }).toEqual({ why: null, code: 2 });
  });
});
