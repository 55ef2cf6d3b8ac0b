/**
 * Filesystem ResultStore: `<dir>/<jobId>.json`, written atomically (temporary file in the same
 * directory, fsync, then a hard link to the final name, which fails if the name exists, so a finished
 * job is never overwritten and no reader ever sees a partial file).
 *
 * Temporary files are named `.<jobId>.<pid>.<random>.tmp`; one left by a killed writer (its process
 * gone, or older than STALE_TEMP_SECONDS) is removed by the next write to the directory.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ResultExistsError, ResultPersistError } from './errors';
import { parseStoredRecord } from './stored-record';
import type { ResultRecord } from './result';
import type { ResultStore } from './store';

/** A temporary file this old is stale whatever its writer (another host's process cannot be asked). */
export const STALE_TEMP_SECONDS = 3600;

const TEMP = /^\.(.+)\.(\d+)\.[0-9a-f-]{36}\.tmp$/;

const errno = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code;

/** Whether process `pid` is alive on this host (signal 0 checks without signalling). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errno(error) === 'EPERM';
  }
}

/**
 * `mkdir -p` one level at a time. Node's recursive mkdir loops forever where a parent exists but
 * refuses new entries with ENOENT (e.g. /proc/x, Node 20); this fails with that error instead.
 */
export async function makeDirectory(directory: string): Promise<void> {
  const missing: string[] = [];
  for (let dir = path.resolve(directory); ; dir = path.dirname(dir)) {
    const stat = await fs.stat(dir).catch((error: unknown) => {
      if (errno(error) === 'ENOENT') return undefined;
      throw error;
    });
    if (stat) {
      if (!stat.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, '${dir}'`), { code: 'ENOTDIR', path: dir });
      break;
    }
    missing.push(dir);
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of missing.reverse()) {
    await fs.mkdir(dir).catch((error: unknown) => {
      if (errno(error) !== 'EEXIST') throw error;
    });
  }
}

export class FileResultStore implements ResultStore {
  constructor(readonly directory: string) {}

  pathOf(jobId: string): string {
    return path.join(this.directory, `${jobId}.json`);
  }

  locationOf(jobId: string): string {
    return this.pathOf(jobId);
  }

  /**
   * Write `<dir>/<jobId>.json` (creating the directory), after removing stale temporary files.
   * @throws ResultExistsError when the job has a record; ResultPersistError (with the system error
   *   as `cause`) for any failure to write; never anything from the cleanup of its own temporary file.
   */
  async put(record: ResultRecord): Promise<{ location: string }> {
    const target = this.pathOf(record.jobId);
    const tmp = path.join(this.directory, `.${record.jobId}.${process.pid}.${randomUUID()}.tmp`);
    try {
      await makeDirectory(this.directory);
      await this.removeStaleTemporaries();
      const handle = await fs.open(tmp, 'wx');
      try {
        await handle.writeFile(`${JSON.stringify(record, null, 2)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.link(tmp, target);
    } catch (error) {
      if (errno(error) === 'EEXIST') throw new ResultExistsError(record.jobId);
      throw new ResultPersistError(`could not write ${target}: ${(error as Error).message}`, error, record);
    } finally {
      // Best effort: the real outcome (written, or the error above) must not be replaced by this.
      await fs.rm(tmp, { force: true }).catch(() => undefined);
    }
    return { location: target };
  }

  /** @throws ResultCorruptError for a file that is not a JSON ResultRecord of this job. */
  async get(jobId: string): Promise<ResultRecord | undefined> {
    const file = this.pathOf(jobId);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if (errno(error) === 'ENOENT' || errno(error) === 'ENOTDIR') return undefined;
      throw error;
    }
    return parseStoredRecord(text, jobId, file);
  }

  async exists(jobId: string): Promise<boolean> {
    try {
      await fs.lstat(this.pathOf(jobId));
      return true;
    } catch (error) {
      if (errno(error) === 'ENOENT' || errno(error) === 'ENOTDIR') return false;
      throw error;
    }
  }

  /** Remove `.<jobId>.<pid>.<uuid>.tmp` files whose writer is gone or that are older than STALE_TEMP_SECONDS. */
  private async removeStaleTemporaries(): Promise<void> {
    const names = await fs.readdir(this.directory).catch(() => [] as string[]);
    const now = Date.now();
    await Promise.all(
      names.map(async (name) => {
        const m = TEMP.exec(name);
        if (!m) return;
        const file = path.join(this.directory, name);
        const stat = await fs.lstat(file).catch(() => undefined);
        if (!stat?.isFile()) return;
        const stale = now - stat.mtimeMs > STALE_TEMP_SECONDS * 1000 || !alive(Number(m[2]));
        if (stale) await fs.rm(file, { force: true }).catch(() => undefined);
      }),
    );
  }
}
