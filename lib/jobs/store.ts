/**
 * The ResultStore port: where finished ResultRecords go. Implementations (filesystem here, S3 on
 * AWS) must write atomically and never overwrite a finished job (throw ResultExistsError).
 */
import type { ResultRecord } from './result';

export interface ResultStore {
  /** Persist a finished record. @throws ResultExistsError, ResultPersistError. */
  put(record: ResultRecord): Promise<{ location: string }>;
  /** Read a record, or undefined when there is none. */
  get(jobId: string): Promise<ResultRecord | undefined>;
}
