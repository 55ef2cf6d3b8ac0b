/**
 * The routing decision of CheckCapacity, pure: where a prepared job goes.
 *   solver=classical -> classical, solver=exact -> exact, fallback.force -> forced,
 *   the platform-wide force-classical switch on -> forced-platform,
 *   Batch queue depth or the provider's queue > threshold -> queue-overflow,
 *   backend unavailable -> backend-unavailable, otherwise quantum.
 * Only 'quantum' enters RunQuantumJob; every other path enters the fallback.
 */
import { probeCapacity, type CapacityProbe, type CapacityReport } from '../jobs/capacity';
import { SWITCH_OFF, type ForceClassicalState, type ForceClassicalSwitch } from '../jobs/platform-switch';
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

export function decideRoute(job: Pick<JobState, 'spec'>, capacity: CapacityReport, platform: ForceClassicalState = SWITCH_OFF): RouteDecision {
  const { spec } = job;
  const base = { queueDepth: capacity.queueDepth, providerQueueDepth: capacity.providerQueueDepth, backendStatus: capacity.backendStatus, backendMessage: capacity.backendMessage };
  if (spec.solver === 'classical') return { path: 'classical', ...base };
  if (spec.solver === 'exact') return { path: 'exact', ...base };
  if (spec.fallback.force) return { path: 'forced', ...base };
  if (platform.forced) return { path: 'forced-platform', ...base };
  if (capacity.queueDepth > spec.fallback.queueThreshold || (capacity.providerQueueDepth ?? 0) > spec.fallback.queueThreshold) return { path: 'queue-overflow', ...base };
  if (capacity.backendStatus === 'unavailable') return { path: 'backend-unavailable', ...base };
  return { path: 'quantum', ...base };
}

/** Whether CheckCapacity needs to ask the probe at all (classical/exact/forced jobs do not). */
export function needsCapacity(job: Pick<JobState, 'spec'>): boolean {
  return job.spec.solver !== 'classical' && job.spec.solver !== 'exact' && !job.spec.fallback.force;
}

const NOT_ASKED: CapacityReport = { queueDepth: 0, providerQueueDepth: null, backendStatus: 'unknown', backendMessage: null };

export interface CheckCapacityOptions {
  /** The platform-wide force-classical switch (none: off). */
  readonly platformSwitch?: ForceClassicalSwitch;
  /** Seconds the probe may take before the backend counts as unavailable (probeCapacity). */
  readonly deadlineSeconds?: number;
}

/**
 * CheckCapacity: read the platform-wide switch, then ask the probe only when the route depends on
 * it (classical, exact, forced and platform-forced jobs do not), then decide. Never throws for the
 * probe: a failed or late capacity check is an unavailable backend (probeCapacity).
 */
export async function checkCapacityTask(input: { job: JobState }, probe: CapacityProbe, options: CheckCapacityOptions = {}): Promise<RouteDecision> {
  if (!needsCapacity(input.job)) return decideRoute(input.job, NOT_ASKED);
  const platform = options.platformSwitch ? await options.platformSwitch.read() : SWITCH_OFF;
  if (platform.forced) return decideRoute(input.job, NOT_ASKED, platform);
  return decideRoute(input.job, await probeCapacity(probe, input.job.spec.quantum.backend, options.deadlineSeconds));
}
