/**
 * The task handlers of the job machine, keyed by state name, over the lib/jobs tasks. The local
 * runner binds them in-process; each Lambda wraps one of them. Inputs are what the definition's
 * Parameters produce, outputs what its ResultPath/ResultSelector take.
 */
import type { BackendEnvironment } from '../backends';
import type { AnswerStore } from '../jobs/answer-store';
import type { CapacityProbe } from '../jobs/capacity';
import { failedJobMetrics, succeededJobMetrics, type MetricGroup } from '../jobs/metrics';
import {
  recordResultTask,
  runFallbackTask,
  runQuantumTask,
  validateAndPrepareTask,
  type FallbackInput,
  type JobState,
  type PrepareDeps,
  type RecordDeps,
} from '../jobs/tasks';
import type { ResultStore } from '../jobs/store';
import type { ResultRecord } from '../jobs/result';
import type { SolveProgress } from '../solvers/types';
import { checkCapacityTask } from './route';
import { STATE, type JobTaskState } from './names';
import { batchExitCodeOf } from '../contracts/errors';
import { describeError } from '../jobs/errors';
import { batchFailureCause, CONTAINER_EXITED, TASK_FAILED, type BatchFailure } from '../jobs/batch-failure';

/** A failed Batch job as Step Functions' `.sync` integration reports it: States.TaskFailed, the job description as Cause. */
export function batchJobFailed(failure: BatchFailure): Error {
  return Object.assign(new Error(batchFailureCause(failure)), { name: TASK_FAILED });
}

export interface JobHandlerDeps extends PrepareDeps {
  readonly store: ResultStore;
  readonly answers: AnswerStore;
  readonly probe: CapacityProbe;
  readonly software: ResultRecord['software'];
  readonly maxStateBytes?: number;
  /** Provider settings for hardware backends (IBM key and endpoints, Braket bucket). */
  readonly backends?: BackendEnvironment;
  readonly maxAnnealingSeconds?: number;
  /** Where a record the store refused is saved instead (RecordDeps.rescue). */
  readonly rescue?: RecordDeps['rescue'];
  /** Deadline of CheckCapacity's probe, seconds (lib/jobs CAPACITY_CHECK_SECONDS by default). */
  readonly capacityDeadlineSeconds?: number;
  /** Where metric groups go (EMF lines on stdout in Lambda, results/metrics.jsonl locally). */
  readonly emitMetrics: (groups: MetricGroup[]) => void | Promise<void>;
  /** Publish a failure alert (SNS on AWS): the text and the failing error's name. */
  readonly notify?: (alert: { subject: string; message: string; error: string }) => Promise<void>;
  readonly onProgress?: (phase: 'quantum' | 'fallback', progress: SolveProgress) => void;
  /**
   * Write the job's HTML report beside its result (S3 on AWS); returns its location. A report that
   * cannot be written is logged and left out: the result is what the job owes.
   */
  readonly publishReport?: (record: ResultRecord) => Promise<string>;
  readonly warn?: (message: string, error: unknown) => void;
}

/**
 * RecordResult with its metrics: the job's JobSucceeded (and ResultsPersisted = 1, quality, cost)
 * once the record is written, then its HTML report (a report that cannot be written is logged and
 * left out: the result is what the job owes). A failed write emits nothing here: the step is
 * retried, and the job's one JobFailed (with ResultsPersisted = 0) comes from RecordFailure if it
 * still fails.
 */
export async function recordWithMetrics(input: { job: JobState }, deps: RecordDeps & Pick<JobHandlerDeps, 'emitMetrics' | 'publishReport' | 'warn'>) {
  const { record, location } = await recordResultTask(input, deps);
  await deps.emitMetrics(succeededJobMetrics(record));
  let report: string | null = null;
  if (deps.publishReport) {
    try {
      report = await deps.publishReport(record);
    } catch (error) {
      deps.warn?.(`the report of job ${record.jobId} was not written`, error);
    }
  }
  return { jobId: record.jobId, location, solver: record.solver, fallback: record.fallback, approximationRatio: record.quality.approximationRatio, report };
}

/** The input of RecordFailure: the execution name (the job id) and the Catch output `{ Error, Cause }`. */
export interface FailureInput {
  readonly jobId: string;
  readonly failure: { readonly Error?: string; readonly Cause?: string } | null;
}

/** RecordFailure: the failed job's metrics, once (the workflow passes every failure through it). */
export async function recordFailureMetrics(input: FailureInput, deps: Pick<JobHandlerDeps, 'emitMetrics'>): Promise<{ counted: true }> {
  await deps.emitMetrics(failedJobMetrics({ jobId: input.jobId, error: input.failure?.Error ?? 'States.Runtime' }));
  return { counted: true };
}

type Handler = (input: never) => Promise<unknown>;

/** Handlers for every Task state of the job machine. */
export function jobHandlers(deps: JobHandlerDeps): Record<JobTaskState, Handler> {
  return {
    [STATE.validateAndPrepare]: (input: { spec: unknown; executionName: string }) => validateAndPrepareTask(input, deps),
    [STATE.checkCapacity]: (input: { job: JobState }) => checkCapacityTask(input, deps.probe, deps.capacityDeadlineSeconds),
    [STATE.runQuantumJob]: async (input: { JobName: string; ContainerOverrides: { Environment: { Name: string; Value: string }[] } }) => {
      // The Batch container's input (QPO_JOB) is the JobState as JSON, exactly as on AWS; its exit
      // code is the catalogue's, and a failure surfaces as Step Functions shows a failed Batch job.
      const env = input.ContainerOverrides.Environment.find((e) => e.Name === 'QPO_JOB');
      const job = JSON.parse(env!.Value) as JobState;
      const jobId = `local-${job.jobId}`;
      const startedAtMs = Date.now();
      try {
        await runQuantumTask(job, {
          readDataset: deps.readDataset,
          answers: deps.answers,
          ...(deps.maxStateBytes === undefined ? {} : { maxStateBytes: deps.maxStateBytes }),
          ...(deps.backends ? { backends: deps.backends } : {}),
          onProgress: (p) => deps.onProgress?.('quantum', p),
        });
      } catch (error) {
        throw batchJobFailed({ jobId, jobName: input.JobName, exitCode: batchExitCodeOf(describeError(error).body.code), statusReason: CONTAINER_EXITED, startedAtMs, stoppedAtMs: Date.now() });
      }
      return { JobId: jobId, JobName: input.JobName, Status: 'SUCCEEDED' };
    },
    [STATE.runAnnealingFallback]: (input: FallbackInput) =>
      runFallbackTask(input, {
        readDataset: deps.readDataset,
        answers: deps.answers,
        ...(deps.maxAnnealingSeconds === undefined ? {} : { maxAnnealingSeconds: deps.maxAnnealingSeconds }),
        onProgress: (p) => deps.onProgress?.('fallback', p),
      }),
    [STATE.recordResult]: (input: { job: JobState }) => recordWithMetrics(input, deps),
    [STATE.recordFailure]: (input: FailureInput) => recordFailureMetrics(input, deps),
    [STATE.notifyFailure]: async (input: { Subject: string; Message: string; MessageAttributes: { error: { StringValue: string } } }) => {
      await deps.notify?.({ subject: input.Subject, message: input.Message, error: input.MessageAttributes.error.StringValue });
      return { MessageId: 'local' };
    },
  };
}
