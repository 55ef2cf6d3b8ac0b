/**
 * The routing decision of CheckCapacity, pure: where a prepared job goes.
 *   solver=classical -> classical, solver=exact -> exact, fallback.force -> forced,
 *   queue depth > threshold -> queue-overflow, backend unavailable -> backend-unavailable,
 *   otherwise quantum. Only 'quantum' enters RunQuantumJob; every other path enters the fallback.
 */
import { probeCapacity, type CapacityProbe, type CapacityReport } from '../jobs/capacity';
import type { JobState, RoutePath } from '../jobs/tasks';

export interface RouteDecision {
  readonly path: RoutePath;
  readonly queueDepth: number;
  readonly backendStatus: CapacityReport['backendStatus'];
  readonly backendMessage: string | null;
}

export function decideRoute(job: Pick<JobState, 'spec'>, capacity: CapacityReport): RouteDecision {
  const { spec } = job;
  const base = { queueDepth: capacity.queueDepth, backendStatus: capacity.backendStatus, backendMessage: capacity.backendMessage };
  if (spec.solver === 'classical') return { path: 'classical', ...base };
  if (spec.solver === 'exact') return { path: 'exact', ...base };
  if (spec.fallback.force) return { path: 'forced', ...base };
  if (capacity.queueDepth > spec.fallback.queueThreshold) return { path: 'queue-overflow', ...base };
  if (capacity.backendStatus === 'unavailable') return { path: 'backend-unavailable', ...base };
  return { path: 'quantum', ...base };
}

/** Whether CheckCapacity needs to ask the probe at all (classical/exact/forced jobs do not). */
export function needsCapacity(job: Pick<JobState, 'spec'>): boolean {
  return job.spec.solver !== 'classical' && job.spec.solver !== 'exact' && !job.spec.fallback.force;
}

/** CheckCapacity: ask the probe only when the route depends on it, then decide. */
export async function checkCapacityTask(input: { job: JobState }, probe: CapacityProbe): Promise<RouteDecision> {
  const capacity = needsCapacity(input.job)
    ? await probeCapacity(probe, input.job.spec.quantum.backend)
    : { queueDepth: 0, backendStatus: 'unknown' as const, backendMessage: null };
  return decideRoute(input.job, capacity);
}
