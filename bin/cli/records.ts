/**
 * Stored ResultRecords for the reading commands (report, compare): by job id under a results
 * directory or by file path; the directory's list newest first; output files written atomically.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { JobValidationError, ResultCorruptError } from '../../lib/jobs/errors';
import { FileResultStore } from '../../lib/jobs/fs-store';
import type { ResultRecord } from '../../lib/jobs/result';
import { readUserFile } from './runtime';

const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;

function checkRecord(record: unknown, job: string): ResultRecord {
  const r = record as Partial<ResultRecord> | null;
  if (!r || typeof r !== 'object' || r.schemaVersion !== 1 || !r.solution || !r.problem)
    throw new JobValidationError(`JOB: '${job}' is not a qpo ResultRecord of schemaVersion 1`, 'job');
  return r as ResultRecord;
}

/**
 * A record by job id (under `outputDir`) or by the path of a .json file.
 * @throws JobValidationError (exit 2) for a malformed id, a missing result or a file that is no record.
 */
export async function loadRecord(job: string, outputDir: string): Promise<{ record: ResultRecord; location: string }> {
  if (job.endsWith('.json') && existsSync(job)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readUserFile(job, 'JOB'));
    } catch (error) {
      if (error instanceof JobValidationError) throw error;
      throw new JobValidationError(`JOB: '${job}' is not a JSON ResultRecord: ${(error as Error).message}`, 'job');
    }
    return { record: checkRecord(parsed, job), location: path.resolve(job) };
  }
  if (!JOB_ID.test(job)) throw new JobValidationError(`JOB: '${job}' is not a job id or an existing .json file`, 'job');
  const store = new FileResultStore(path.resolve(outputDir));
  let record: ResultRecord | undefined;
  try {
    record = await store.get(job);
  } catch (error) {
    const why = error instanceof ResultCorruptError ? 'is not a valid ResultRecord (truncated or edited)' : `cannot be read: ${(error as Error).message}`;
    throw new JobValidationError(`JOB: the result '${store.pathOf(job)}' ${why}`, 'job');
  }
  if (!record) throw new JobValidationError(`JOB: no result '${job}' in ${path.resolve(outputDir)}; pass --output DIR or a path to a result .json file`, 'job');
  return { record: checkRecord(record, job), location: store.pathOf(job) };
}

/** Every record of a results directory, newest first (files that are not records are skipped). */
export async function listRecords(outputDir: string): Promise<ResultRecord[]> {
  const dir = path.resolve(outputDir);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const records: ResultRecord[] = [];
  for (const name of names) {
    if (!name.endsWith('.json') || name.startsWith('.')) continue;
    try {
      const r = JSON.parse(await fs.readFile(path.join(dir, name), 'utf8')) as ResultRecord;
      if (r?.schemaVersion === 1 && r.solution && r.jobId) records.push(r);
    } catch {
      // not a result record
    }
  }
  return records.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.jobId < b.jobId ? 1 : -1));
}

/**
 * Write a file the user named, atomically (temporary file, then rename): a failure never leaves a
 * partial file. `-` writes to stdout.
 * @throws JobValidationError naming the flag when the folder does not exist or is not writable.
 */
export async function writeUserFile(file: string, text: string, flag: string): Promise<string> {
  if (file === '-') {
    process.stdout.write(text);
    return '-';
  }
  const target = path.resolve(file);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.tmp`);
  try {
    await fs.writeFile(tmp, text, { encoding: 'utf8', flag: 'wx' });
    await fs.rename(tmp, target);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? `its folder ${path.dirname(target)} does not exist` : code === 'EACCES' || code === 'EPERM' ? 'it is not writable' : code === 'EISDIR' ? 'it is a directory' : `it cannot be written (${code ?? (error as Error).message})`;
    throw new JobValidationError(`${flag}: cannot write '${file}': ${why}`, flag.replace(/^--/, ''));
  }
  return target;
}
