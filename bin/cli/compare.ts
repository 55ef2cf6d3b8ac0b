/** `qpo compare A B ...`: stored results side by side (quantum vs classical vs exact), a table or --json. */
import { Command } from 'commander';
import Table from 'cli-table3';
import { compareRecords, type Comparison } from '../../lib/reports/compare';
import { plainStyle } from './output';
import { loadRecord } from './records';
import { riskFreeRateOf } from './report';

const pct = (v: number) => `${(v * 100).toFixed(2)} %`;

export function renderComparison(c: Comparison): string {
  const table = new Table({
    head: ['Job', 'Solver', 'Backend', 'Fallback', 'Portfolio', 'Objective', 'Ratio', 'Return', 'Volatility', 'Sharpe', 'Time', 'Shots', 'Cost'],
    ...plainStyle(),
  });
  for (const r of c.rows)
    table.push([
      r.jobId ?? '(exact optimum)',
      r.solver,
      r.backend,
      r.fallbackReason ?? '',
      r.selectedTickers.join(','),
      r.objective.toPrecision(6),
      r.approximationRatio === null ? '' : r.approximationRatio.toFixed(4),
      pct(r.annualReturn),
      pct(r.volatility),
      r.sharpeRatio === null ? '' : r.sharpeRatio.toFixed(3),
      r.seconds === null ? '' : `${r.seconds.toFixed(2)} s`,
      String(r.shots),
      `$${r.costUsd.toFixed(4)}`,
    ]);
  const note = c.sameProblem ? '' : `\nnote: the results solved different problems (${c.differences.join(', ')}); their objectives and ratios do not compare`;
  return `${table.toString()}${note}`;
}

export function compareCommand(): Command {
  return new Command('compare')
    .description('Compare stored results side by side (quantum vs classical vs exact): job ids under --output or result .json files')
    .argument('<jobs...>', 'job ids or result files')
    .option('--output <dir>', 'results directory', 'results')
    .option('--no-exact', 'no row for the exact optimum')
    .option('--risk-free-rate <r>', 'annual risk-free rate of the Sharpe ratio, as a fraction', '0.02')
    .option('--json', 'print {sameProblem, differences, rows} as JSON')
    .action(async (jobs: string[], flags: { output: string; exact?: boolean; riskFreeRate: string; json?: boolean }) => {
      const riskFreeRate = riskFreeRateOf(flags.riskFreeRate);
      const records = [];
      for (const job of jobs) records.push((await loadRecord(job, flags.output)).record);
      const c = compareRecords(records, { exact: flags.exact !== false, riskFreeRate });
      process.stdout.write(flags.json ? `${JSON.stringify(c, null, 2)}\n` : `${renderComparison(c)}\n`);
    });
}
