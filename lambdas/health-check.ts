/**
 * Scheduled health check (the runbook's check_quantum_status): the Batch queue depth and, for each
 * configured backend, its provider's status and queue, as metrics (namespace QuantumComputing):
 * QueueDepth (Batch), QuantumBackendHealthCheck (1 available, 0 not; dimension `backend`) and
 * ProviderQueueDepth (dimension `backend`, when the provider reports it); one log line per backend
 * with its status; with an IBM key, the instance's remaining quantum seconds (GET /v1/usage) as
 * RemainingQuantumSeconds and RemainingQuantumShare (dimension `backend` = `ibm`; the alarm fires at
 * 10 % left). Each provider call has a time limit (DEFAULTS.providerStatusTimeoutMs). And the
 * Batch compute's own health (the runbook's P1 "Batch compute unavailable"; lib/jobs/batch-health.ts)
 * as BatchComputeEnvironmentHealthy and BatchOldestRunnableSeconds.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { batchClient, BatchCapacityProbe } from '../lib/jobs/batch-capacity';
import { batchHealth, batchHealthMetrics, type BatchHealth } from '../lib/jobs/batch-health';
import { METRIC, type MetricGroup } from '../lib/jobs/metrics';
import type { ProviderStatus } from '../lib/jobs/provider-status';
import { IbmKeySecret, statusOf } from './shared/providers';
import { providerUsage, remainingShareOf } from '../lib/backends/usage';
import type { IbmUsage } from '../lib/backends/ibm/client';
import { emitMetrics, functionEnv, logger, wrap } from './shared/runtime';

/** The health check's metric groups from the Batch queue depth and each backend's status. */
export function healthMetrics(batchQueueDepth: number, statuses: readonly ProviderStatus[], ibmUsage: IbmUsage | null = null): MetricGroup[] {
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
  const share = ibmUsage ? remainingShareOf(ibmUsage) : null;
  if (ibmUsage && share !== null) {
    const limit = ibmUsage.usage_limit_seconds ?? 0;
    groups.push({
      dimensions: { backend: 'ibm' },
      metrics: [
        { name: METRIC.remainingQuantumSeconds, unit: 'Seconds', value: ibmUsage.usage_remaining_seconds ?? Math.max(0, limit - ibmUsage.usage_consumed_seconds) },
        { name: METRIC.remainingQuantumShare, unit: 'None', value: share },
      ],
    });
  }
  return groups;
}

/** The IBM instance's usage (null without a key, a limit, or an answer). */
async function ibmUsageOf(key: IbmKeySecret | null, timeoutMs: number): Promise<IbmUsage | null> {
  const ibm = key ? await key.get().catch(() => null) : null;
  if (!ibm) return null;
  const u = await providerUsage({ ibm, timeouts: { probeSeconds: timeoutMs / 1000 } }, new Date()).catch(() => null);
  return u?.ibm && 'usage' in u.ibm ? u.ibm.usage : null;
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
  const [depth, statuses, health, usage] = await Promise.all([
    s.batch.queueDepth(),
    Promise.all(s.backends.map((b) => statusOf(b, s.key, s.timeoutMs))),
    compute,
    ibmUsageOf(s.key, s.timeoutMs),
  ]);
  for (const st of statuses) (st.status === 'available' ? logger.info : logger.warn).call(logger, 'quantum backend status', { ...st });
  if (health && !health.healthy) logger.warn('Batch compute unavailable', { problems: health.problems });
  emitMetrics([...healthMetrics(depth, statuses, usage), ...(health ? batchHealthMetrics(health) : [])]);
  return { queueDepth: depth, backends: statuses, batchComputeHealthy: health?.healthy ?? null };
});
