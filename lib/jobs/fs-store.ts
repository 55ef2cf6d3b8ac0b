/**
 * Filesystem ResultStore: `<dir>/<jobId>.json`, written atomically (temporary file in the same
 * directory, fsync, then a hard link to the final name, which fails if the name exists, so a finished
 * job is never overwritten and no reader ever sees a partial file).
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ResultExistsError, ResultPersistError } from './errors';
import type { ResultRecord } from './result';
import type { ResultStore } from './store';

export class FileResultStore implements ResultStore {
  constructor(readonly directory: string) {}

  pathOf(jobId: string): string {
    return path.join(this.directory, `${jobId}.json`);
  }

  async put(record: ResultRecord): Promise<{ location: string }> {
    const target = this.pathOf(record.jobId);
    const tmp = path.join(this.directory, `.${record.jobId}.${randomUUID()}.tmp`);
    try {
      await fs.mkdir(this.directory, { recursive: true });
      const handle = await fs.open(tmp, 'wx');
      try {
        await handle.writeFile(`${JSON.stringify(record, null, 2)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.link(tmp, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new ResultExistsError(record.jobId);
      throw new ResultPersistError(`could not write ${target}: ${(error as Error).message}`, error);
    } finally {
      await fs.rm(tmp, { force: true });
    }
    return { location: target };
  }

  async get(jobId: string): Promise<ResultRecord | undefined> {
    try {
      return JSON.parse(await fs.readFile(this.pathOf(jobId), 'utf8')) as ResultRecord;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}
