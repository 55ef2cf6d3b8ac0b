/**
 * A quantum container's end as the Batch SLO counts it, from a "Batch Job State Change" event
 * (EventBridge, detail: jobName, status, statusReason, container.exitCode):
 * https://docs.aws.amazon.com/batch/latest/userguide/batch_cwe_events.html
 * A container that ran to a verdict succeeded, whatever the verdict: exit code 0 (answered), 2 (the
 * job's input was rejected) and 3 (the quantum path failed; the fallback answers: the fallback rate
 * counts it) are not Batch failures. Batch failed when the container exited 1 or was killed (out of
 * memory, timeout, host lost, image pull) without an exit code. A container terminated by a cancel
 * counts as neither.
 */
import { BATCH_EXIT } from '../contracts/errors';

export interface BatchJobStateChange {
  readonly jobName?: string;
  readonly jobId?: string;
  readonly status?: string;
  readonly statusReason?: string;
  readonly container?: { readonly exitCode?: number; readonly reason?: string };
}

const VERDICTS: ReadonlySet<number> = new Set([BATCH_EXIT.answered, BATCH_EXIT.inputRejected, BATCH_EXIT.quantumPathFailed]);

/** 'succeeded' | 'failed' for the Batch SLO, 'cancelled', or null for a state that is not an end. */
export function batchOutcome(detail: BatchJobStateChange): 'succeeded' | 'failed' | 'cancelled' | null {
  if (detail.status === 'SUCCEEDED') return 'succeeded';
  if (detail.status !== 'FAILED') return null;
  if (/^cancelled by /.test(detail.statusReason ?? '')) return 'cancelled';
  const code = detail.container?.exitCode;
  return code !== undefined && VERDICTS.has(code) ? 'succeeded' : 'failed';
}
