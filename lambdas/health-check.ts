/**
 * Scheduled health check (the runbook's check_quantum_status): the Batch queue depth and, for each
 * configured backend, its provider's status and queue, as metrics (namespace QuantumComputing):
 * QueueDepth (Batch), QuantumBackendHealthCheck (1 available, 0 not; dimension `backend`) and
 * ProviderQueueDepth (dimension `backend`, when the provider reports it); one log line per backend
 * with its status. Each provider call has a time limit (DEFAULTS.providerStatusTimeoutMs). And the
 * Batch compute's own health (the runbook's P1 "Batch compute unavailable"; lib/jobs/batch-health.ts)
 * as BatchComputeEnvironmentHealthy and BatchOldestRunnableSeconds.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { batchClient, BatchCapacityProbe } from '../lib/jobs/batch-capacity';
import { batchHealth, batchHealthMetrics, type BatchHealth } from '../lib/jobs/batch-health';
import { METRIC, type MetricGroup } from '../lib/jobs/metrics';
import type { ProviderStatus } from '../lib/jobs/provider-status';
import { IbmKeySecret, statusOf } from './shared/providers';
import { emitMetrics, functionEnv, logger, wrap } from './shared/runtime';

/** The health check's metric groups from the Batch queue depth and each backend's status. */
export function healthMetrics(batchQueueDepth: number, statuses: readonly ProviderStatus[]): MetricGroup[] {
  const groups: MetricGroup[] = [{ dimensions: {}, metrics: [{ name: METRIC.queueDepth, unit: 'Count', value: batchQueueDepth }] }];
  for (const s of statuses) {
    groups.push({
      dimensions: { backend: s.backend },
      metrics: [
        { name: METRIC.backendHealth, unit: 'Count', value: s.status === 'available' ? 1 : 0 },
        ...(s.queueDepth === null || s.backend === 'local' ? [] : [{ name: METRIC.providerQueueDepth, unit: 'Count' as const, value: s.queueDepth }]),
      ],
    });
  }
  return groups;
}

let state: { batch: BatchCapacityProbe; client: ReturnType<typeof batchClient>; jobQueue: string; key: IbmKeySecret | null; backends: string[]; timeoutMs: number } | undefined;

export const handler = wrap(async () => {
  if (!state) {
    const env = functionEnv('health-check');
    const client = batchClient();
    state = {
      batch: new BatchCapacityProbe(client, env.JOB_QUEUE),
      client,
      jobQueue: env.JOB_QUEUE,
      key: new IbmKeySecret(new SecretsManagerClient({}), env.QPO_IBM_SECRET_ARN),
      backends: env.QUANTUM_BACKENDS.split(',').filter(Boolean),
      timeoutMs: env.PROVIDER_STATUS_TIMEOUT_MS,
    };
  }
  const s = state;
  // A Batch API that cannot be read leaves the compute metrics out of this run (logged): the alarm reads a
  // missing value as healthy, since a failed read says nothing about the compute itself.
  const compute = batchHealth(s.client, s.jobQueue).catch((error: unknown): BatchHealth | null => {
    logger.warn('the Batch compute health could not be read', { error: (error as Error).message });
    return null;
  });
  const [depth, statuses, health] = await Promise.all([s.batch.queueDepth(), Promise.all(s.backends.map((b) => statusOf(b, s.key, s.timeoutMs))), compute]);
  for (const st of statuses) (st.status === 'available' ? logger.info : logger.warn).call(logger, 'quantum backend status', { ...st });
  if (health && !health.healthy) logger.warn('Batch compute unavailable', { problems: health.problems });
  emitMetrics([...healthMetrics(depth, statuses), ...(health ? batchHealthMetrics(health) : [])]);
  return { queueDepth: depth, backends: statuses, batchComputeHealthy: health?.healthy ?? null };
});
