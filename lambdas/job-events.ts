/**
 * EventBridge target: keeps the job index and the job-level metrics the state machine cannot emit.
 * - "Step Functions Execution Status Change" of the job machine -> the index entry
 *   (lib/jobs/execution-events.ts); JobFailed for a failed or timed-out job that was not rejected for
 *   its input, JobCancelled for a stopped one. (JobSucceeded comes from RecordResult.)
 * - "Batch Job State Change" of the quantum queue -> BatchJobSucceeded / BatchJobFailed
 *   (lib/jobs/batch-events.ts).
 * Failures are logged with the job id and error code (the on-call dashboard's "recent failures").
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { batchOutcome, type BatchJobStateChange } from '../lib/jobs/batch-events';
import { isUserFailure, patchOfExecution, type ExecutionStatusEvent } from '../lib/jobs/execution-events';
import type { JobIndex } from '../lib/jobs/job-index';
import { METRIC, type MetricGroup } from '../lib/jobs/metrics';
import { jobIndex } from './shared/jobs';
import { emitMetrics, functionEnv, logger, wrap } from './shared/runtime';

export const EXECUTION_STATUS_CHANGE = 'Step Functions Execution Status Change';
export const BATCH_JOB_STATE_CHANGE = 'Batch Job State Change';

interface SfnDetail {
  name: string;
  status: ExecutionStatusEvent['status'];
  startDate: number;
  stopDate?: number | null;
  input?: string | null;
  output?: string | null;
  error?: string | null;
  cause?: string | null;
}

export function createJobEventsHandler(deps: { index: JobIndex; emit: (groups: MetricGroup[]) => void }) {
  return async (event: EventBridgeEvent<string, unknown>): Promise<{ recorded: string | null }> => {
    if (event['detail-type'] === BATCH_JOB_STATE_CHANGE) {
      const detail = event.detail as BatchJobStateChange;
      const outcome = batchOutcome(detail);
      if (outcome === 'succeeded' || outcome === 'failed') {
        deps.emit([{ dimensions: {}, metrics: [{ name: outcome === 'succeeded' ? METRIC.batchJobSucceeded : METRIC.batchJobFailed, unit: 'Count', value: 1 }] }]);
        if (outcome === 'failed') logger.warn('quantum container failed', { batchJob: detail.jobName, batchJobId: detail.jobId, statusReason: detail.statusReason, exitCode: detail.container?.exitCode ?? null });
      }
      return { recorded: null };
    }
    if (event['detail-type'] !== EXECUTION_STATUS_CHANGE) {
      logger.warn('ignored an event of an unexpected kind', { detailType: event['detail-type'] });
      return { recorded: null };
    }
    const d = event.detail as SfnDetail;
    const patch = patchOfExecution({
      name: d.name,
      status: d.status,
      startDate: d.startDate,
      stopDate: d.stopDate ?? null,
      input: d.input ?? null,
      output: d.output ?? null,
      error: d.error ?? null,
      cause: d.cause ?? null,
    });
    await deps.index.record(patch);
    if (patch.status === 'failed') {
      const user = isUserFailure(patch);
      logger.info('job failed', { jobId: patch.jobId, code: patch.error?.code, message: patch.error?.message, userError: user });
      if (!user) deps.emit([{ dimensions: {}, metrics: [{ name: METRIC.jobFailed, unit: 'Count', value: 1 }] }]);
    }
    if (patch.status === 'cancelled') deps.emit([{ dimensions: {}, metrics: [{ name: METRIC.jobCancelled, unit: 'Count', value: 1 }] }]);
    return { recorded: patch.jobId };
  };
}

let live: ReturnType<typeof createJobEventsHandler> | undefined;
export const handler = wrap(async (event: EventBridgeEvent<string, unknown>) => {
  const env = functionEnv('job-events');
  live ??= createJobEventsHandler({ index: jobIndex(env.JOBS_TABLE, env.JOB_INDEX_RETENTION_DAYS), emit: emitMetrics });
  return live(event);
});
