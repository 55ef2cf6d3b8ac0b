/** Reading a stored ResultRecord back (filesystem and S3 stores): a clear error for a damaged one. */
import { ResultCorruptError } from './errors';
import type { ResultRecord } from './result';

/**
 * A stored record's text as a ResultRecord of `jobId`.
 * @throws ResultCorruptError when it is not JSON, not schema version 1, or another job's record.
 */
export function parseStoredRecord(text: string, jobId: string, location: string): ResultRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ResultCorruptError(jobId, location, `not JSON: ${(error as Error).message}`);
  }
  const r = value as Partial<ResultRecord> | null;
  if (typeof r !== 'object' || r === null || r.schemaVersion !== 1 || typeof r.solution !== 'object' || typeof r.problem !== 'object')
    throw new ResultCorruptError(jobId, location, 'not a record of schema version 1');
  if (r.jobId !== jobId) throw new ResultCorruptError(jobId, location, `it is the record of '${String(r.jobId)}'`);
  return r as ResultRecord;
}
