/** `qpo report JOB`: print a stored ResultRecord (by job id under --output, or a file path) for a person. */
import { Command } from 'commander';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { JobValidationError } from '../../lib/jobs/errors';
import { FileResultStore } from '../../lib/jobs/fs-store';
import type { ResultRecord } from '../../lib/jobs/result';
import { renderResult } from './output';
import { readUserFile } from './runtime';

async function report(job: string, flags: { output: string; json?: boolean }): Promise<void> {
  let record: ResultRecord | undefined;
  let location: string;
  if (job.endsWith('.json') && existsSync(job)) {
    location = path.resolve(job);
    try {
      record = JSON.parse(await readUserFile(job, 'JOB')) as ResultRecord;
    } catch (error) {
      if (error instanceof JobValidationError) throw error;
      throw new JobValidationError(`JOB: '${job}' is not a JSON ResultRecord: ${(error as Error).message}`, 'JOB');
    }
  } else {
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/.test(job)) throw new JobValidationError(`JOB: '${job}' is not a job id or a .json file`, 'JOB');
    const store = new FileResultStore(path.resolve(flags.output));
    location = store.pathOf(job);
    record = await store.get(job);
    if (!record) throw new JobValidationError(`JOB: no result '${job}' in ${path.resolve(flags.output)}; pass --output DIR or a file path`, 'JOB');
  }
  if (record.schemaVersion !== 1 || !record.solution || !record.problem)
    throw new JobValidationError(`JOB: '${job}' is not a qpo ResultRecord of schemaVersion 1`, 'JOB');
  process.stdout.write(flags.json ? `${JSON.stringify(record, null, 2)}\n` : `${renderResult(record, location)}\n`);
}

export function reportCommand(): Command {
  return new Command('report')
    .description('Print a stored result: a job id under --output, or a path to a result .json file')
    .argument('<job>', 'job id or result file')
    .option('--output <dir>', 'results directory', 'results')
    .option('--json', 'print the ResultRecord as JSON')
    .action(async (job: string, flags: { output: string; json?: boolean }) => report(job, flags));
}
