/**
 * The ResultStore port: where finished ResultRecords go. Implementations (filesystem here, S3 on
 * AWS) must write atomically and never overwrite a finished job (throw ResultExistsError).
 */
import type { ResultRecord } from './result';

export interface ResultStore {
  /** Persist a finished record. @throws ResultExistsError, ResultPersistError. */
  put(record: ResultRecord): Promise<{ location: string }>;
  /**
   * Read a record, or undefined when there is none.
   * @throws ResultCorruptError when the stored object is not a ResultRecord (truncated, edited).
   */
  get(jobId: string): Promise<ResultRecord | undefined>;
  /** Whether a finished record exists, without reading it (checked before a job does any work). */
  exists(jobId: string): Promise<boolean>;
  /** Where the record of `jobId` is (or would be) written: a file path or an s3:// URL. */
  locationOf(jobId: string): string;
}
