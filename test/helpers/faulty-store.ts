/**
 * Fault injection around a real ResultStore: the next `failures` writes fail the way a filesystem
 * write fails (ResultPersistError with the system error as cause, the record attached), then
 * writes go through. Counts every call.
 */
import { ResultPersistError, type ResultRecord, type ResultStore } from '../../lib/jobs';

export class FaultyStore implements ResultStore {
  puts = 0;
  failed = 0;

  constructor(
    readonly inner: ResultStore,
    public failures: number,
    readonly errno = 'EIO',
  ) {}

  async put(record: ResultRecord): Promise<{ location: string }> {
    this.puts += 1;
    if (this.failures > 0) {
      this.failures -= 1;
      this.failed += 1;
      const cause = Object.assign(new Error(`${this.errno}: i/o error, write`), { code: this.errno });
      throw new ResultPersistError(`could not write ${this.inner.locationOf(record.jobId)}: ${cause.message}`, cause, record);
    }
    return this.inner.put(record);
  }

  get(jobId: string) {
    return this.inner.get(jobId);
  }

  exists(jobId: string) {
    return this.inner.exists(jobId);
  }

  locationOf(jobId: string) {
    return this.inner.locationOf(jobId);
  }
}
