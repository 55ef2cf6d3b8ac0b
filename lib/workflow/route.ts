/**
 * The routing decision of CheckCapacity, pure: where a prepared job goes.
 *   solver=classical -> classical, solver=exact -> exact, fallback.force -> forced,
 *   the platform-wide force-classical switch on -> forced-platform,
 *   Batch queue depth or the provider's queue > threshold -> queue-overflow,
 *   backend unavailable -> backend-unavailable,
 *   the execution plan fits neither the budget in any mode -> plan-exceeds-budget (before any
 *   provider job; lib/jobs/plan.ts), otherwise quantum.
 * Only 'quantum' enters RunQuantumJob; every other path enters the fallback.
 */
import { probeCapacity, type CapacityProbe, type CapacityReport } from '../jobs/capacity';
import { SWITCH_OFF, type ForceClassicalState, type ForceClassicalSwitch } from '../jobs/platform-switch';
import type { JobState, RoutePath } from '../jobs/tasks';
import type { ModelSettings } from '../backends/plan-model';
import { planRefusal, planWorkload } from '../jobs/plan-run';
import { planSummary, type ExecutionPlan } from '../jobs/plan';

export interface RouteDecision {
  readonly path: RoutePath;
  /** Jobs in the Batch queue. */
  readonly queueDepth: number;
  /** Jobs waiting at the quantum provider for the job's backend, when known. */
  readonly providerQueueDepth: number | null;
  readonly backendStatus: CapacityReport['backendStatus'];
  readonly backendMessage: string | null;
  /** The execution plan on the provider (mode, jobs, wall time, cost, fits), when one was made. */
  readonly plan: Pick<ExecutionPlan, 'mode' | 'providerJobs' | 'shots' | 'expectedQueueSeconds' | 'expectedWallSeconds' | 'expectedCostUsd' | 'fits' | 'reason'> | null;
}

/** The plan of a job on the device CheckCapacity found, when the job runs on a provider. */
export function capacityPlan(job: Pick<JobState, 'spec' | 'workload'>, capacity: CapacityReport, settings: ModelSettings = {}): ExecutionPlan | null {
  if (!job.workload || !capacity.device || capacity.device.provider === 'local') return null;
  return planWorkload(job.spec, job.workload, capacity.device, settings);
}

export function decideRoute(job: Pick<JobState, 'spec'>, capacity: CapacityReport, platform: ForceClassicalState = SWITCH_OFF, plan: ExecutionPlan | null = null): RouteDecision {
  const { spec } = job;
  const summary = plan
    ? { mode: plan.mode, providerJobs: plan.providerJobs, shots: plan.shots, expectedQueueSeconds: plan.expectedQueueSeconds, expectedWallSeconds: plan.expectedWallSeconds, expectedCostUsd: plan.expectedCostUsd, fits: plan.fits, reason: plan.reason }
    : null;
  const base = { queueDepth: capacity.queueDepth, providerQueueDepth: capacity.providerQueueDepth, backendStatus: capacity.backendStatus, backendMessage: capacity.backendMessage, plan: summary };
  if (spec.solver === 'classical') return { path: 'classical', ...base };
  if (spec.solver === 'exact') return { path: 'exact', ...base };
  if (spec.fallback.force) return { path: 'forced', ...base };
  if (platform.forced) return { path: 'forced-platform', ...base };
  if (capacity.queueDepth > spec.fallback.queueThreshold || (capacity.providerQueueDepth ?? 0) > spec.fallback.queueThreshold) return { path: 'queue-overflow', ...base };
  if (capacity.backendStatus === 'unavailable') return { path: 'backend-unavailable', ...base };
  // A plan over the time budget never reaches a provider; one over the user's limits is the quantum step's user error.
  if (plan && planRefusal(plan) === 'budget') return { path: 'plan-exceeds-budget', ...base, backendMessage: `${plan.reason} (${planSummary(plan)})` };
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
  const capacity = await probeCapacity(probe, input.job.spec.quantum.backend, options.deadlineSeconds);
  return decideRoute(input.job, capacity, platform, capacityPlan(input.job, capacity, probe.planSettings?.()));
}
