/**
 * The requests of local jobs: `<results dir>/requests/<jobId>.json`, the JobSpec input exactly as it
 * was run, so a failed or cancelled local job can be resubmitted (on AWS the execution's input holds
 * it). Written atomically (temporary file, then rename).
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export class FileRequestStore {
  readonly directory: string;

  constructor(resultsDirectory: string) {
    this.directory = path.join(resultsDirectory, 'requests');
  }

  async put(jobId: string, input: unknown): Promise<void> {
    await fs.mkdir(this.directory, { recursive: true });
    const tmp = path.join(this.directory, `.${jobId}.${randomUUID()}.tmp`);
    try {
      await fs.writeFile(tmp, `${JSON.stringify(input, null, 2)}\n`);
      await fs.rename(tmp, path.join(this.directory, `${jobId}.json`));
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  /** Remove a job's request; the requests directory too when it is left empty. */
  async delete(jobId: string): Promise<void> {
    await fs.rm(path.join(this.directory, `${jobId}.json`), { force: true });
    await removeIfEmpty(this.directory);
  }

  /** The request's JSON text, or null when none was kept. */
  async get(jobId: string): Promise<string | null> {
    try {
      return await fs.readFile(path.join(this.directory, `${jobId}.json`), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }
}

/** rmdir that leaves a directory holding anything (or already gone) alone. */
export async function removeIfEmpty(directory: string): Promise<void> {
  await fs.rmdir(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST' && error.code !== 'ENOENT') throw error;
  });
}
