/**
 * Local jobs with their lifecycle: every `qpo optimize` (and a local `qpo jobs resubmit`) keeps its
 * request and records its status in the results directory's job index (lib/workflow/tracked-run.ts),
 * and a SIGINT or SIGTERM (Ctrl-C, `qpo jobs cancel`) records it cancelled before the process ends.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { FileJobIndex } from '../../lib/jobs/fs-job-index';
import { FileRequestStore } from '../../lib/jobs/request-store';
import type { ResultRecord } from '../../lib/jobs/result';
import { FileResultStore } from '../../lib/jobs/fs-store';
import type { LocalRunDeps } from '../../lib/workflow/run-local';
import { cancelledPatch, runTrackedJob, type LocalTracking } from '../../lib/workflow/tracked-run';

/** Exit codes of a process ended by a signal (128 + the signal's number). */
const SIGNAL_EXIT: Readonly<Record<'SIGINT' | 'SIGTERM', number>> = { SIGINT: 130, SIGTERM: 143 };

export function trackingOf(outputDir: string): LocalTracking {
  const dir = path.resolve(outputDir);
  const store = new FileResultStore(dir);
  return { index: new FileJobIndex(dir), requests: new FileRequestStore(dir), runner: { pid: process.pid, host: os.hostname() }, locationOf: (id) => store.pathOf(id), directory: dir };
}

/** Run one job locally under its id (the spec's jobId, or a new one), recorded in `outputDir`'s job index. */
export async function runLocalJob(input: Record<string, unknown>, outputDir: string, deps: LocalRunDeps): Promise<ResultRecord> {
  const jobId = typeof input.jobId === 'string' && input.jobId ? input.jobId : deps.newJobId();
  const tracking = trackingOf(outputDir);
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
    // Synchronous: the process ends right after; the result store never holds a partial result.
    tracking.index.recordSync(cancelledPatch(jobId, `${signal} to qpo (pid ${process.pid}) on ${os.hostname()}`, Date.now()));
    process.stderr.write(`\ncancelled: job ${jobId} (${signal}); nothing was written to ${path.resolve(outputDir)}\n`);
    process.exit(SIGNAL_EXIT[signal]);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await runTrackedJob(input, jobId, deps, tracking);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
