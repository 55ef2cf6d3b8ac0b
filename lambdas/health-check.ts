/**
 * Scheduled health check (the runbook's check_quantum_status): Batch queue depth and the status of
 * each configured quantum backend, as QueueDepth and QuantumBackendHealthCheck (1 healthy, 0 not,
 * dimension `backend`), and the Batch compute's health (BatchComputeEnvironmentHealthy,
 * BatchOldestRunnableSeconds; lib/jobs/batch-health.ts).
 */
import { BatchClient } from '@aws-sdk/client-batch';
import { BatchCapacityProbe } from '../lib/jobs/batch-capacity';
import { batchHealth, batchHealthMetrics } from '../lib/jobs/batch-health';
import type { CapacityProbe } from '../lib/jobs/capacity';
import { ProviderCapacityProbe } from '../lib/jobs/provider-capacity';
import { backendEnvironment } from '../lib/backends/environment';
import { METRIC, type MetricGroup } from '../lib/jobs/metrics';
import { emitMetrics, functionEnv, logger, wrap } from './shared/runtime';

export async function healthCheck(probe: CapacityProbe, backends: readonly string[]): Promise<MetricGroup[]> {
  const depth = await probe.queueDepth();
  const groups: MetricGroup[] = [{ dimensions: {}, metrics: [{ name: METRIC.queueDepth, unit: 'Count', value: depth }] }];
  for (const backend of backends) {
    const s = await probe.backendStatus(backend);
    if (s.status !== 'available') logger.warn('quantum backend not available', { backend, ...s });
    groups.push({ dimensions: { backend }, metrics: [{ name: METRIC.backendHealth, unit: 'Count', value: s.status === 'unavailable' ? 0 : 1 }] });
  }
  return groups;
}

export const handler = wrap(async () => {
  // Queue depth from Batch, backend status from the providers (IBM needs its key in the environment).
  const env = functionEnv('health-check');
  const probe = new ProviderCapacityProbe(new BatchCapacityProbe(new BatchClient({}), env.JOB_QUEUE), backendEnvironment(env));
  const backends = env.QUANTUM_BACKENDS.split(',').filter(Boolean);
  const groups = await healthCheck(probe, backends);
  // Batch compute itself (the P1 "Batch compute unavailable"): its environments and the RUNNABLE backlog.
  const compute = await batchHealth(new BatchClient({}), env.JOB_QUEUE);
  if (!compute.healthy) logger.warn('Batch compute unavailable', { problems: compute.problems });
  emitMetrics([...groups, ...batchHealthMetrics(compute)]);
  return { queueDepth: groups[0]!.metrics[0]!.value, batchComputeHealthy: compute.healthy };
});
