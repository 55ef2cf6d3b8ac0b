/**
 * Cancel and resubmit, over narrow ports: the job's execution (Step Functions on AWS, the local
 * process locally), its quantum container (the Batch job), the provider sessions it holds (a hook
 * for the hardware backends: IBM sessions, Braket tasks), and the job index.
 *
 * Cancel stops the execution first (so the terminated container is not caught as a quantum failure
 * and answered by the fallback), then terminates the container and closes provider sessions, then
 * records `cancelled`. Resubmit starts the same request under a new job id derived from the old one
 * (`<id>-r1`, `<id>-r2` for a resubmission of `<id>-r1`, ...), so repeating a resubmission returns the
 * same new job instead of a second run, and links both entries.
 */
import { QpoError } from '../contracts/errors';
import { CANCELLED_ERROR, type ExecutionStatus } from './execution-events';
import type { JobIndex } from './job-index';

export interface ExecutionInfo {
  readonly status: ExecutionStatus;
  /** The JobSpec the job was started with (JSON), or null when it is not available. */
  readonly input: string | null;
  /** Milliseconds since the epoch. */
  readonly startDate: number;
}

export interface JobExecutions {
  describe(jobId: string): Promise<ExecutionInfo | undefined>;
  /** Stop a running execution, recording `error` and `cause` (StopExecution). */
  stop(jobId: string, error: string, cause: string): Promise<void>;
  /** Start execution `name` with `input`; `existing` when one with that name and input was already there. */
  start(name: string, input: string): Promise<{ startDate: number; existing: boolean }>;
}

/** The job's quantum container (Batch): terminate what is still queued or running. */
export interface QuantumContainers {
  /** @returns the ids of the containers (Batch jobs) terminated. */
  terminate(jobId: string, reason: string): Promise<string[]>;
}

/** Hook for the hardware backends: close the provider sessions and cancel the tasks a job holds. */
export interface ProviderSessions {
  /** @returns a description of each session or task closed. */
  close(jobId: string, reason: string): Promise<string[]>;
}

/** No provider keeps sessions for a job (the local simulator). */
export const NO_PROVIDER_SESSIONS: ProviderSessions = { close: async () => [] };

export interface CancelReport {
  readonly jobId: string;
  readonly status: 'cancelled';
  /** False when the job had been cancelled before (nothing was done again). */
  readonly stoppedExecution: boolean;
  readonly terminatedContainers: readonly string[];
  readonly closedProviderSessions: readonly string[];
  /** Steps that failed after the execution was stopped (the job stays cancelled). */
  readonly problems: readonly string[];
}

export const jobNotFound = (jobId: string) => new QpoError('JOB_NOT_FOUND', `jobId: no job '${jobId}'`, { path: 'jobId' });

const STATUS_WORD: Readonly<Record<ExecutionStatus, string>> = {
  RUNNING: 'running',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  TIMED_OUT: 'timed out',
  ABORTED: 'cancelled',
  PENDING_REDRIVE: 'waiting to be redriven',
};

/**
 * Cancel a running job.
 * @throws QpoError JOB_NOT_FOUND (404), JOB_NOT_CANCELLABLE (409, it already finished).
 */
export async function cancelJob(
  jobId: string,
  request: { by: string; reason?: string },
  deps: { executions: JobExecutions; containers: QuantumContainers; providerSessions: ProviderSessions; index: JobIndex; now: () => number },
): Promise<CancelReport> {
  const ex = await deps.executions.describe(jobId);
  if (!ex) throw jobNotFound(jobId);
  if (ex.status === 'ABORTED') return { jobId, status: 'cancelled', stoppedExecution: false, terminatedContainers: [], closedProviderSessions: [], problems: [] };
  const notCancellable = (status: ExecutionStatus) =>
    new QpoError('JOB_NOT_CANCELLABLE', `jobId: job '${jobId}' has already ${status === 'RUNNING' ? 'started' : STATUS_WORD[status]}; only running jobs can be cancelled`, {
      path: 'jobId',
      details: { status: STATUS_WORD[status] },
    });
  if (ex.status !== 'RUNNING') throw notCancellable(ex.status);
  const cause = `cancelled by ${request.by}${request.reason ? `: ${request.reason}` : ''}`;
  await deps.executions.stop(jobId, CANCELLED_ERROR, cause);
  const after = await deps.executions.describe(jobId);
  // It finished between the two calls: its outcome stands.
  if (after && after.status !== 'ABORTED' && after.status !== 'RUNNING') throw notCancellable(after.status);
  const problems: string[] = [];
  const attempt = async <T>(what: string, f: () => Promise<T[]>): Promise<T[]> => {
    try {
      return await f();
    } catch (error) {
      problems.push(`${what}: ${(error as Error).name}: ${(error as Error).message}`);
      return [];
    }
  };
  const terminatedContainers = await attempt('terminate the quantum container', () => deps.containers.terminate(jobId, cause));
  const closedProviderSessions = await attempt('close provider sessions', () => deps.providerSessions.close(jobId, cause));
  const at = new Date(deps.now()).toISOString();
  await deps.index.record({ jobId, at, status: 'cancelled', completedAt: at, cancelledBy: request.by, error: { code: 'JOB_CANCELLED', message: cause } });
  return { jobId, status: 'cancelled', stoppedExecution: true, terminatedContainers, closedProviderSessions, problems };
}

const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;

/** The job id of the resubmission of `jobId`: `<id>-r1`, and `<base>-r<k+1>` for `<base>-r<k>` (at most 80 characters). */
export function resubmissionId(jobId: string): string {
  const m = /^(.*)-r(\d+)$/.exec(jobId);
  const base = m ? m[1]! : jobId;
  const suffix = `-r${m ? Number(m[2]) + 1 : 1}`;
  return `${base.slice(0, 80 - suffix.length)}${suffix}`;
}

export interface ResubmitReport {
  readonly jobId: string;
  readonly resubmitOf: string;
  /** True when this resubmission had been made before (the same new job is returned). */
  readonly existing: boolean;
}

/**
 * Start the request of a finished job again under a new job id, linked to the old one.
 * @throws QpoError JOB_NOT_FOUND (404), JOB_STILL_RUNNING (409), INVALID_INPUT (a bad key),
 *   IDEMPOTENCY_CONFLICT (409: the new id is taken by another request), INTERNAL (no stored request).
 */
export async function resubmitJob(jobId: string, opts: { key?: string }, deps: { executions: JobExecutions; index: JobIndex; now: () => number }): Promise<ResubmitReport> {
  if (opts.key !== undefined && !JOB_ID.test(opts.key))
    throw new QpoError('INVALID_INPUT', `Idempotency-Key: '${opts.key}' is not valid; use 1-80 letters, digits, - and _`, { path: 'Idempotency-Key' });
  const ex = await deps.executions.describe(jobId);
  if (!ex) throw jobNotFound(jobId);
  if (ex.status === 'RUNNING' || ex.status === 'PENDING_REDRIVE')
    throw new QpoError('JOB_STILL_RUNNING', `jobId: job '${jobId}' is still running; cancel it first (qpo jobs cancel ${jobId}) or wait for it to finish`, { path: 'jobId' });
  if (ex.input === null) throw new QpoError('INTERNAL', `job '${jobId}' has no stored request to resubmit`);
  const newId = opts.key ?? resubmissionId(jobId);
  const spec = JSON.parse(ex.input) as Record<string, unknown>;
  // A spec naming its job id would run under the old id: it runs under the new one.
  const input = JSON.stringify('jobId' in spec ? { ...spec, jobId: newId } : spec);
  // Made before: the index links the two (StartExecution of a running execution with the same name
  // and input answers as if it had just started it, so the index is what tells).
  const before = (await deps.index.get(jobId))?.resubmittedAs === newId;
  const started = await deps.executions.start(newId, input);
  const at = new Date(deps.now()).toISOString();
  await deps.index.record({ jobId: newId, at, createdAt: new Date(started.startDate).toISOString(), status: 'running', resubmitOf: jobId });
  await deps.index.record({ jobId, at, resubmittedAs: newId });
  return { jobId: newId, resubmitOf: jobId, existing: started.existing || before };
}
