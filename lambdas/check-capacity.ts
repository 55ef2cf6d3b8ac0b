/**
 * CheckCapacity task: the Batch queue depth (ListJobs, all pages) and the job's backend as its
 * provider reports it (status and queue, lib/jobs/provider-status.ts, the IBM key from Secrets
 * Manager), then the route (lib/workflow decideRoute). Emits QueueDepth (Batch) and
 * ProviderQueueDepth (dimension `backend`) when the provider was asked.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { batchClient, BatchCapacityProbe } from '../lib/jobs/batch-capacity';
import { METRIC, type MetricGroup } from '../lib/jobs/metrics';
import type { JobState } from '../lib/jobs/tasks';
import { checkCapacityTask } from '../lib/workflow/route';
import { IbmKeySecret, statusOf } from './shared/providers';
import { emitMetrics, functionEnv, wrap } from './shared/runtime';

let probe: BatchCapacityProbe | undefined;

export const handler = wrap(async (event: { job: JobState }) => {
  if (!probe) {
    const env = functionEnv('check-capacity');
    const key = new IbmKeySecret(new SecretsManagerClient({}), env.QPO_IBM_SECRET_ARN);
    probe = new BatchCapacityProbe(batchClient(), env.JOB_QUEUE, (backend) => statusOf(backend, key, env.PROVIDER_STATUS_TIMEOUT_MS));
  }
  const route = await checkCapacityTask(event, probe);
  const groups: MetricGroup[] = [{ dimensions: {}, metrics: [{ name: METRIC.queueDepth, unit: 'Count', value: route.queueDepth }] }];
  if (route.providerQueueDepth !== null)
    groups.push({ dimensions: { backend: event.job.spec.quantum.backend }, metrics: [{ name: METRIC.providerQueueDepth, unit: 'Count', value: route.providerQueueDepth }] });
  emitMetrics(groups);
  return route;
});
