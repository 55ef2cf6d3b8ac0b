/**
 * `qpo report JOB`: a stored ResultRecord (by job id under --output, or a file path) for a person:
 * the summary table, `--json` the record, `--html FILE` the self-contained HTML report (charts,
 * circuit, fallback story, comparison), `--csv FILE` the selection; `qpo report --list` the stored
 * results, newest first.
 */
import { Command } from 'commander';
import Table from 'cli-table3';
import { JobValidationError } from '../../lib/jobs/errors';
import type { ResultRecord } from '../../lib/jobs/result';
import { plainStyle, renderResult } from './output';
import { listRecords, loadRecord, writeUserFile } from './records';
import { readDataset } from './runtime';

export interface ReportFlags {
  output: string;
  json?: boolean;
  html?: string;
  csv?: string;
  list?: boolean;
  riskFreeRate: string;
  annealing?: boolean;
}

/** `--risk-free-rate` as an annual fraction. */
export function riskFreeRateOf(text: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v < -0.5 || v > 1)
    throw new JobValidationError(`--risk-free-rate: '${text}' must be an annual rate as a fraction between -0.5 and 1 (0.02 = 2 %)`, 'riskFreeRate');
  return v;
}

function renderList(records: readonly ResultRecord[]): string {
  if (records.length === 0) return 'no results';
  const table = new Table({ head: ['Job', 'Created', 'Solver', 'Fallback', 'Portfolio', 'Ratio', 'Time'], ...plainStyle() });
  for (const r of records)
    table.push([
      r.jobId,
      r.createdAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
      r.solver,
      r.fallback.activated ? (r.fallback.reason ?? 'yes') : '',
      r.solution.selectedTickers.join(','),
      r.quality.approximationRatio === null ? '' : r.quality.approximationRatio.toFixed(4),
      `${r.durations.totalSeconds.toFixed(1)} s`,
    ]);
  return table.toString();
}

async function report(job: string | undefined, flags: ReportFlags): Promise<void> {
  const riskFreeRate = riskFreeRateOf(flags.riskFreeRate);
  if (flags.list) {
    if (job !== undefined) throw new JobValidationError(`--list: lists every result under --output; give no JOB (got '${job}')`, 'list');
    const records = await listRecords(flags.output);
    process.stdout.write(flags.json ? `${JSON.stringify(records.map((r) => ({ jobId: r.jobId, createdAt: r.createdAt, solver: r.solver, fallback: r.fallback.reason, selectedTickers: r.solution.selectedTickers, approximationRatio: r.quality.approximationRatio })), null, 2)}\n` : `${renderList(records)}\n`);
    return;
  }
  if (job === undefined) throw new JobValidationError('JOB: give a job id or a result .json file (or --list)', 'job');
  const { record, location } = await loadRecord(job, flags.output);
  if (flags.html !== undefined || flags.csv !== undefined) {
    // vega and the solvers load only for the files (a plain summary stays quick).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildReportModel, renderJobReport, selectionCsv } = require('../../lib/reports') as typeof import('../../lib/reports');
    const model = await buildReportModel(record, { readDataset, riskFreeRate, annealing: flags.annealing !== false });
    const written: string[] = [];
    if (flags.csv !== undefined) written.push(await writeUserFile(flags.csv, selectionCsv(model), '--csv'));
    if (flags.html !== undefined) written.push(await writeUserFile(flags.html, await renderJobReport(model), '--html'));
    for (const file of written) if (file !== '-') process.stderr.write(`wrote ${file}\n`);
    return;
  }
  process.stdout.write(flags.json ? `${JSON.stringify(record, null, 2)}\n` : `${renderResult(record, location)}\n`);
}

export function reportCommand(): Command {
  return new Command('report')
    .description('Show a stored result (job id under --output, or a result .json file): summary, --json, --html report, --csv selection; --list the results')
    .argument('[job]', 'job id or result file')
    .option('--output <dir>', 'results directory', 'results')
    .option('--json', 'print the ResultRecord (or, with --list, the list) as JSON')
    .option('--html <file>', 'write the self-contained HTML report (charts, circuit, fallback story, comparison)')
    .option('--csv <file>', 'write the selection as CSV (ticker, selected, weight, returns, volatility); - for stdout')
    .option('--list', 'list the stored results under --output, newest first')
    .option('--risk-free-rate <r>', 'annual risk-free rate of the Sharpe ratio, as a fraction', '0.02')
    .option('--no-annealing', 'do not run simulated annealing for the comparison section')
    .action(async (job: string | undefined, flags: ReportFlags) => report(job, flags));
}
