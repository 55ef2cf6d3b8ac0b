/**
 * The routing decision of CheckCapacity, pure: where a prepared job goes.
 *   solver=classical -> classical, solver=exact -> exact, fallback.force -> forced,
 *   Batch queue depth or the provider's queue > threshold -> queue-overflow,
 *   backend unavailable -> backend-unavailable, otherwise quantum.
 * Only 'quantum' enters RunQuantumJob; every other path enters the fallback.
 */
import { probeCapacity, type CapacityProbe, type CapacityReport } from '../jobs/capacity';
import type { JobState, RoutePath } from '../jobs/tasks';

export interface RouteDecision {
  readonly path: RoutePath;
  /** Jobs in the Batch queue. */
  readonly queueDepth: number;
  /** Jobs waiting at the quantum provider for the job's backend, when known. */
  readonly providerQueueDepth: number | null;
  readonly backendStatus: CapacityReport['backendStatus'];
  readonly backendMessage: string | null;
}

export function decideRoute(job: Pick<JobState, 'spec'>, capacity: CapacityReport): RouteDecision {
  const { spec } = job;
  const base = { queueDepth: capacity.queueDepth, providerQueueDepth: capacity.providerQueueDepth, backendStatus: capacity.backendStatus, backendMessage: capacity.backendMessage };
  if (spec.solver === 'classical') return { path: 'classical', ...base };
  if (spec.solver === 'exact') return { path: 'exact', ...base };
  if (spec.fallback.force) return { path: 'forced', ...base };
  if (capacity.queueDepth > spec.fallback.queueThreshold || (capacity.providerQueueDepth ?? 0) > spec.fallback.queueThreshold) return { path: 'queue-overflow', ...base };
  if (capacity.backendStatus === 'unavailable') return { path: 'backend-unavailable', ...base };
  return { path: 'quantum', ...base };
}

/** Whether CheckCapacity needs to ask the probe at all (classical/exact/forced jobs do not). */
export function needsCapacity(job: Pick<JobState, 'spec'>): boolean {
  return job.spec.solver !== 'classical' && job.spec.solver !== 'exact' && !job.spec.fallback.force;
}

/**
 * CheckCapacity: ask the probe only when the route depends on it, then decide. Never throws for the
 * probe: a failed or late capacity check is an unavailable backend (probeCapacity).
 */
export async function checkCapacityTask(input: { job: JobState }, probe: CapacityProbe, deadlineSeconds?: number): Promise<RouteDecision> {
  const capacity = needsCapacity(input.job)
    ? await probeCapacity(probe, input.job.spec.quantum.backend, deadlineSeconds)
    : { queueDepth: 0, providerQueueDepth: null, backendStatus: 'unknown' as const, backendMessage: null };
  return decideRoute(input.job, capacity);
}
