/**
 * A local job with its lifecycle recorded, as the deployed platform records it: the request kept
 * (`requests/<jobId>.json`), then the same execution status events the job-events Lambda maps on AWS
 * (RUNNING, then SUCCEEDED or FAILED with the execution's Error and Cause) written to the local job
 * index (`jobs.jsonl`). The process running it is recorded, so `qpo jobs cancel` can stop it. A
 * request rejected for its input is refused before anything is written, as `qpo optimize` always did;
 * one rejected later (a guard of the quantum path, e.g. limits.maxCostUsd) has its traces removed.
 */
import { patchOfExecution, type JobOutput } from '../jobs/execution-events';
import type { FileJobIndex } from '../jobs/fs-job-index';
import type { JobPatch } from '../jobs/job-index';
import { removeIfEmpty, type FileRequestStore } from '../jobs/request-store';
import { describeError } from '../jobs/errors';
import type { ResultRecord } from '../jobs/result';
import { validateAndPrepareTask } from '../jobs/tasks';
import { executionFailureOf } from './local-runner';
import { runJobLocally, type LocalRunDeps } from './run-local';

export interface LocalTracking {
  readonly index: FileJobIndex;
  readonly requests: FileRequestStore;
  /** The process running the job (pid, host name). */
  readonly runner: { readonly pid: number; readonly host: string };
  /** Where the result of a job id is written. */
  readonly locationOf: (jobId: string) => string;
  /** The results directory (removed again when a rejected input was all it held). */
  readonly directory?: string;
}

/** The output RecordResult gives the execution (lib/workflow/handlers.ts), from a record. */
export const outputOf = (record: ResultRecord, location: string): JobOutput => ({
  jobId: record.jobId,
  location,
  solver: record.solver,
  backend: record.backend.name,
  fallback: { activated: record.fallback.activated, reason: record.fallback.reason },
  approximationRatio: record.quality.approximationRatio,
  cost: { shots: record.cost.shotsUsed, estimatedCostUsd: record.cost.estimatedCostUsd },
});

/** The patch of a job cancelled while it ran (a signal, or `qpo jobs cancel`). */
export function cancelledPatch(jobId: string, by: string, nowMs: number): JobPatch {
  const at = new Date(nowMs).toISOString();
  return { jobId, at, status: 'cancelled', completedAt: at, cancelledBy: by, error: { code: 'JOB_CANCELLED', message: `cancelled by ${by}` } };
}

/**
 * Run job `jobId` (the input's jobId, or the id the caller chose) locally, recording its lifecycle.
 * @throws what runJobLocally throws, after recording the failure.
 */
export async function runTrackedJob(input: Record<string, unknown>, jobId: string, deps: LocalRunDeps, tracking: LocalTracking): Promise<ResultRecord> {
  const text = JSON.stringify(input);
  const startDate = deps.now();
  // A request rejected for its input leaves no trace locally (no request, no index entry): the
  // same check ValidateAndPrepare makes, whose prepared data the run then reuses.
  await validateAndPrepareTask({ spec: input, executionName: jobId }, { readDataset: deps.readDataset, now: deps.now, randomSeed: deps.randomSeed, startupGraceSeconds: 0 });
  await tracking.requests.put(jobId, input);
  await tracking.index.record({ ...patchOfExecution({ name: jobId, status: 'RUNNING', startDate, stopDate: null, input: text, output: null, error: null, cause: null }), runner: tracking.runner });
  try {
    const record = await runJobLocally(input, { ...deps, newJobId: () => jobId });
    const output = JSON.stringify(outputOf(record, tracking.locationOf(record.jobId)));
    await tracking.index.record(patchOfExecution({ name: jobId, status: 'SUCCEEDED', startDate, stopDate: deps.now(), input: text, output, error: null, cause: null }));
    return record;
  } catch (error) {
    if (describeError(error).userError) {
      await tracking.requests.delete(jobId);
      await tracking.index.forget(jobId);
      if (tracking.directory) await removeIfEmpty(tracking.directory);
      throw error;
    }
    const failure = executionFailureOf(error);
    const e = error as { name?: string; message?: string };
    await tracking.index.record(
      patchOfExecution({ name: jobId, status: 'FAILED', startDate, stopDate: deps.now(), input: text, output: null, error: failure?.error ?? e.name ?? 'Error', cause: failure?.cause ?? e.message ?? String(error) }),
    );
    throw error;
  }
}
