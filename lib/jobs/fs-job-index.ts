/**
 * The local job index: `<results dir>/jobs.jsonl`, one JSON patch per line, appended (O_APPEND: one
 * short line per write, so concurrent `qpo` processes never interleave within a line) and folded by
 * jobId on read (lib/jobs/job-index.ts applyPatch). Listing reads this file only, never a result.
 */
import { appendFileSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { applyPatch, pageOf, type JobEntry, type JobIndex, type JobPage, type JobPatch, type JobQuery } from './job-index';

export const JOB_INDEX_FILE = 'jobs.jsonl';

export class FileJobIndex implements JobIndex {
  readonly file: string;

  constructor(readonly directory: string) {
    this.file = path.join(directory, JOB_INDEX_FILE);
  }

  async record(patch: JobPatch): Promise<void> {
    await fs.mkdir(this.directory, { recursive: true });
    await fs.appendFile(this.file, `${JSON.stringify(patch)}\n`);
  }

  /** The same, synchronously: for a signal handler that must write before the process exits. */
  recordSync(patch: JobPatch): void {
    appendFileSync(this.file, `${JSON.stringify(patch)}\n`);
  }

  /**
   * Leave no trace of `jobId` (a request rejected for its input, found only after it was recorded):
   * the file is removed when it held nothing else, else a tombstone line drops the job on read.
   */
  async forget(jobId: string): Promise<void> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const jobOf = (line: string): unknown => {
      try {
        return (JSON.parse(line) as { jobId?: unknown }).jobId;
      } catch {
        return undefined;
      }
    };
    const others = text.split('\n').filter((line) => line.trim() && jobOf(line) !== jobId);
    if (others.length === 0) await fs.rm(this.file, { force: true });
    else await fs.appendFile(this.file, `${JSON.stringify({ jobId, at: new Date().toISOString(), forgotten: true })}\n`);
  }

  /** Every entry, folded from the file (a torn last line of a crashed writer is skipped). */
  async entries(): Promise<Map<string, JobEntry>> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw error;
    }
    const byId = new Map<string, JobEntry>();
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      let patch: JobPatch;
      try {
        patch = JSON.parse(line) as JobPatch;
      } catch {
        continue;
      }
      if (typeof patch?.jobId !== 'string' || typeof patch.at !== 'string') continue;
      if ((patch as { forgotten?: unknown }).forgotten === true) {
        byId.delete(patch.jobId);
        continue;
      }
      byId.set(patch.jobId, applyPatch(byId.get(patch.jobId), patch));
    }
    return byId;
  }

  async get(jobId: string): Promise<JobEntry | undefined> {
    return (await this.entries()).get(jobId);
  }

  async list(query: JobQuery): Promise<JobPage> {
    return pageOf((await this.entries()).values(), query);
  }
}
