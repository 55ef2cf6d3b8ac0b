/**
 * How a failed AWS Batch job reaches the state machine, in one place: Step Functions' `.sync`
 * integration fails the task with `States.TaskFailed` and, as `Cause`, the job's description as
 * DescribeJobs returns it (keys in PascalCase, as Step Functions renders service responses). The
 * local runner and the offline cloud run build the same Cause with `batchFailureCause`; the fallback
 * step reads the container's exit code back with `parseBatchFailureCause`.
 * API: https://docs.aws.amazon.com/batch/latest/APIReference/API_JobDetail.html and
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-batch.html
 */

/** The error name of a failed `.sync` task (Step Functions' own). */
export const TASK_FAILED = 'States.TaskFailed';
/** The error name of a task past its TimeoutSeconds (Step Functions' own). */
export const STATE_TIMEOUT = 'States.Timeout';

/** Batch's status reason when the container's process exits non-zero. */
export const CONTAINER_EXITED = 'Essential container in task exited';

export interface BatchFailure {
  readonly jobId: string;
  readonly jobName: string;
  /** The container's exit code; null when it never ran or was killed without one. */
  readonly exitCode: number | null;
  /** Batch's reason, e.g. `Essential container in task exited` or `Job attempt duration exceeded timeout`. */
  readonly statusReason: string;
  /** The container's own reason (e.g. `OutOfMemoryError: Container killed due to memory usage`). */
  readonly containerReason?: string;
  readonly startedAtMs?: number;
  readonly stoppedAtMs?: number;
}

/** The `Cause` string of a failed Batch `.sync` task (a DescribeJobs job description as JSON). */
export function batchFailureCause(f: BatchFailure): string {
  const container = { ExitCode: f.exitCode ?? undefined, Reason: f.containerReason, LogStreamName: `qpo/default/${f.jobId}` };
  return JSON.stringify({
    JobId: f.jobId,
    JobName: f.jobName,
    Status: 'FAILED',
    StatusReason: f.statusReason,
    StartedAt: f.startedAtMs,
    StoppedAt: f.stoppedAtMs,
    Attempts: [{ Container: container, StartedAt: f.startedAtMs, StoppedAt: f.stoppedAtMs, StatusReason: f.statusReason }],
    Container: container,
  });
}

export interface ParsedBatchFailure {
  readonly exitCode: number | null;
  readonly statusReason: string | null;
  readonly containerReason: string | null;
}

/** Read the exit code and reasons from a `.sync` failure Cause; nulls when it is not one. */
export function parseBatchFailureCause(cause: string | undefined | null): ParsedBatchFailure {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(cause ?? '') as Record<string, unknown>;
  } catch {
    return { exitCode: null, statusReason: null, containerReason: null };
  }
  if (!doc || typeof doc !== 'object') return { exitCode: null, statusReason: null, containerReason: null };
  const get = (o: unknown, key: string): unknown => {
    if (!o || typeof o !== 'object') return undefined;
    const r = o as Record<string, unknown>;
    return r[key] ?? r[key[0]!.toLowerCase() + key.slice(1)];
  };
  const attempts = get(doc, 'Attempts');
  const last = Array.isArray(attempts) && attempts.length ? attempts[attempts.length - 1] : undefined;
  const container = get(doc, 'Container') ?? get(last, 'Container');
  const exit = get(container, 'ExitCode') ?? get(get(last, 'Container'), 'ExitCode');
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
  return {
    exitCode: typeof exit === 'number' ? exit : null,
    statusReason: str(get(doc, 'StatusReason')) ?? str(get(last, 'StatusReason')),
    containerReason: str(get(container, 'Reason')),
  };
}
