/**
 * `qpo frontier`: the efficient frontier over risk factors (and budgets), one job per point, run
 * locally on worker threads (piscina, bin/cli/frontier-worker.ts) or, with --aws, on the deployed
 * sweep state machine (bin/cli/frontier-aws.ts): a table, --json, --csv FILE and
 * --html FILE (the frontier chart). Every point's ResultRecord is stored under --output like a
 * `qpo optimize` result, so `qpo report` opens any of them.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import Table from 'cli-table3';
import { Piscina } from 'piscina';
import { pathToFileURL } from 'node:url';
import { JobValidationError } from '../../lib/jobs/errors';
import { parseJobSpec } from '../../lib/jobs/spec';
import { prepareJob } from '../../lib/jobs/prepare';
import { isErrorCode, QpoError } from '../../lib/contracts/errors';
import { DEFAULT_RISK_FACTORS, frontierCsv, frontierPoint, frontierSpecs, renderFrontierHtml, type FrontierPoint } from '../../lib/reports';
import type { FrontierOutcome, FrontierTask } from './frontier-worker';
import { loadSpec, optimizeCommand, type CommandFlags } from './optimize';
import { plainStyle } from './output';
import { writeUserFile } from './records';
import { riskFreeRateOf } from './report';
import { newJobId, readDataset } from './runtime';

/** Flags of `optimize` that describe the problem and how each point is solved. */
const SHARED = new Set(['--tickers', '--stocks', '--prices', '--start', '--end', '--solver', '--algorithm', '--backend', '--ansatz', '--reps', '--entanglement', '--mixer', '--optimizer', '--max-iterations', '--shots', '--cvar-alpha', '--seed', '--timeout', '--config', '--problem']);

interface FrontierFlags extends CommandFlags {
  aws?: boolean;
  sweepArn?: string;
  api?: string;
  region?: string;
  wait: string;
  pollMs: string;
  riskFactors?: string;
  budgets?: string;
  threads?: string;
  csv?: string;
  html?: string;
  riskFreeRate: string;
}

function numberList(flag: string, text: string, check: (v: number) => boolean, what: string): number[] {
  const values = text.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (values.length === 0 || values.some((v) => !check(v))) throw new JobValidationError(`${flag}: '${text}' must be a comma-separated list of ${what}`, flag.slice(2));
  return [...new Set(values)];
}

/** The worker module beside this file: .js in the bundle (dist/), .ts from source. */
function workerModule(): string {
  const js = path.join(__dirname, 'frontier-worker.js');
  return existsSync(js) ? js : path.join(__dirname, 'frontier-worker.ts');
}

/** Run the specs on `threads` worker threads; outcomes in spec order. */
async function runLocally(specs: Record<string, unknown>[], outputDir: string, threads: number): Promise<FrontierOutcome[]> {
  const filename = workerModule();
  const pool = new Piscina({
    filename,
    minThreads: threads,
    maxThreads: threads,
    concurrentTasksPerWorker: 1,
    execArgv: filename.endsWith('.ts') ? ['--import', pathToFileURL(require.resolve('tsx')).href] : [],
  });
  let done = 0;
  try {
    return await Promise.all(
      specs.map(async (spec) => {
        const outcome = (await pool.run({ spec, outputDir } satisfies FrontierTask)) as FrontierOutcome;
        if (process.stderr.isTTY) process.stderr.write(`\r point ${++done}/${specs.length}`);
        return outcome;
      }),
    );
  } finally {
    if (process.stderr.isTTY && done) process.stderr.write('\n');
    await pool.destroy();
  }
}

function renderPoints(points: readonly FrontierPoint[]): string {
  const table = new Table({ head: ['q', 'B', 'Portfolio', 'Return', 'Volatility', 'Sharpe', 'Ratio', 'Solver', 'Job'], ...plainStyle() });
  const pct = (v: number) => `${(v * 100).toFixed(2)} %`;
  for (const p of points)
    table.push([String(p.riskFactor), String(p.budget), p.selectedTickers.join(','), pct(p.annualReturn), pct(p.volatility), p.sharpeRatio === null ? '' : p.sharpeRatio.toFixed(3), p.approximationRatio === null ? '' : p.approximationRatio.toFixed(4), p.solver, p.jobId]);
  return table.toString();
}

async function frontier(flags: FrontierFlags): Promise<void> {
  const riskFreeRate = riskFreeRateOf(flags.riskFreeRate);
  const riskFactors = flags.riskFactors ? numberList('--risk-factors', flags.riskFactors, (v) => Number.isFinite(v) && v >= 0, 'risk factors q >= 0') : [...DEFAULT_RISK_FACTORS];
  const budgets = flags.budgets ? numberList('--budgets', flags.budgets, (v) => Number.isInteger(v) && v >= 1, 'budgets (integers >= 1)') : [undefined];
  const threads = flags.threads === undefined ? undefined : numberList('--threads', flags.threads, (v) => Number.isInteger(v) && v >= 1 && v <= 64, 'one integer between 1 and 64')[0]!;
  const base = await loadSpec(flags);
  if (base.solver === undefined) base.solver = 'exact';
  const id = newJobId().replace(/^qpo-/, 'frontier-');
  const specs: Record<string, unknown>[] = frontierSpecs(base, riskFactors, budgets).map((s, i) => ({ ...s, jobId: `${id}-${i}` }));
  // Validate every point here (exit 2 before any thread starts): budgets against n, the solver, the data.
  const prepared = await prepareJob(parseJobSpec(specs[0]) as Parameters<typeof prepareJob>[0], readDataset);
  for (const s of specs) parseJobSpec(s);
  for (const b of budgets)
    if (b !== undefined && b >= prepared.problem.tickers.length)
      throw new JobValidationError(`--budgets: ${b} is out of range; must be between 1 and ${prepared.problem.tickers.length - 1} for ${prepared.problem.tickers.length} assets`, 'budgets');
  let outcomes: FrontierOutcome[];
  if (flags.aws) {
    const wait = numberList('--wait', flags.wait, (v) => Number.isInteger(v) && v >= 1, 'one whole number of seconds >= 1')[0]!;
    const pollMs = numberList('--poll-ms', flags.pollMs, (v) => Number.isInteger(v) && v >= 10, 'one whole number of milliseconds >= 10')[0]!;
    // The AWS SDK loads only for --aws.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runOnAws } = require('./frontier-aws') as typeof import('./frontier-aws');
    outcomes = await runOnAws(id, specs, { sweepArn: flags.sweepArn, api: flags.api, region: flags.region, waitSeconds: wait, pollMs });
  } else outcomes = await runLocally(specs, flags.output, Math.min(threads ?? availableParallelism(), specs.length));
  const failed = outcomes.flatMap((o, i) => (o.ok ? [] : [{ spec: specs[i]!, o }]));
  for (const { spec, o } of failed) if (!o.ok) process.stderr.write(`error [${o.error.code}] point q=${String(spec.riskFactor)}${spec.budget === undefined ? '' : ` B=${String(spec.budget)}`}: ${o.error.message}\n`);
  const points = outcomes.flatMap((o) => (o.ok ? [frontierPoint(o.record, riskFreeRate)] : []));
  const d = prepared.data;
  if (flags.csv !== undefined) await writeUserFile(flags.csv, frontierCsv(points), '--csv');
  if (flags.html !== undefined)
    await writeUserFile(
      flags.html,
      await renderFrontierHtml(points, { tickers: prepared.problem.tickers, dataWindow: d.start ? `${d.source} ${d.start} .. ${d.end} (${d.observations} daily returns)` : d.source, generatedAt: new Date().toISOString(), riskFreeRate }),
      '--html',
    );
  if (flags.json) process.stdout.write(`${JSON.stringify({ id, points, failed: failed.map(({ spec, o }) => ({ riskFactor: spec.riskFactor, budget: spec.budget ?? null, error: o.ok ? null : o.error })) }, null, 2)}\n`);
  else if (flags.csv !== '-') process.stdout.write(`${renderPoints(points)}\n`);
  if (failed.length === 0) return;
  const first = failed[0]!.o;
  const code = first.ok ? 'JOB_FAILED' : isErrorCode(first.error.code) ? first.error.code : 'INTERNAL';
  if (failed.length === specs.length) throw new QpoError(code, `every point of the frontier failed; the first: ${first.ok ? '' : first.error.message}`);
  throw new QpoError('JOB_FAILED', `${failed.length} of ${specs.length} points of the frontier failed (listed above); the other points are written`);
}

export function frontierCommand(): Command {
  const command = new Command('frontier').description('Efficient frontier: one job per risk factor (and budget) on worker threads; table, --json, --csv, --html chart');
  for (const option of optimizeCommand().options) if (SHARED.has(option.long ?? '')) command.addOption(option);
  return command
    .option('--risk-factors <list>', `risk factors q, comma-separated (default ${DEFAULT_RISK_FACTORS.join(',')})`)
    .option('--budgets <list>', 'budgets B, comma-separated (default floor(n/2))')
    .option('--threads <n>', 'worker threads (default: all cores, at most one per point)')
    .option('--output <dir>', 'directory of the points\' results/<jobId>.json', 'results')
    .option('--csv <file>', 'write the points as CSV; - for stdout')
    .option('--html <file>', 'write the frontier chart and table as a self-contained HTML page')
    .option('--risk-free-rate <r>', 'annual risk-free rate of the Sharpe ratio, as a fraction', '0.02')
    .option('--json', 'print {id, points, failed} as JSON')
    .option('--aws', 'run the points on the deployed platform as one execution of the sweep state machine; results read through the API')
    .option('--sweep-arn <arn>', 'with --aws: the SweepStateMachineArn output of cdk deploy (default: QPO_SWEEP_ARN)')
    .option('--api <url>', 'with --aws: the ApiUrl output of cdk deploy (default: QPO_API_URL)')
    .option('--region <region>', 'with --aws: AWS region (default: from the ARN)')
    .option('--wait <seconds>', 'with --aws: longest wait for the sweep', '3600')
    .addOption(new Option('--poll-ms <ms>', 'with --aws: DescribeExecution interval').default('5000').hideHelp())
    .action(async (flags: FrontierFlags) => frontier(flags));
}
