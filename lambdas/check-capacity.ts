/**
 * CheckCapacity task: the platform-wide force-classical switch (SSM, cached for
 * FORCE_CLASSICAL_CACHE_SECONDS), the Batch queue depth (ListJobs, all pages) and the job's backend
 * as its provider reports it (status and queue, lib/jobs/provider-status.ts, the IBM key from
 * Secrets Manager), then the route (lib/workflow decideRoute). Emits QueueDepth (Batch),
 * ForceClassicalActive (1 while the switch is on) and ProviderQueueDepth (dimension `backend`) when
 * the provider was asked.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { batchClient, BatchCapacityProbe } from '../lib/jobs/batch-capacity';
import { METRIC, type MetricGroup } from '../lib/jobs/metrics';
import { CachedSwitch } from '../lib/jobs/platform-switch';
import { SsmSwitchStore } from '../lib/jobs/ssm-switch';
import type { JobState } from '../lib/jobs/tasks';
import { checkCapacityTask } from '../lib/workflow/route';
import { IbmKeySecret, statusOf } from './shared/providers';
import { emitMetrics, functionEnv, logger, wrap } from './shared/runtime';

let probe: BatchCapacityProbe | undefined;
let platformSwitch: CachedSwitch | undefined;

export const handler = wrap(async (event: { job: JobState }) => {
  const env = functionEnv('check-capacity');
  if (!probe) {
    const key = new IbmKeySecret(new SecretsManagerClient({}), env.QPO_IBM_SECRET_ARN);
    probe = new BatchCapacityProbe(batchClient(), env.JOB_QUEUE, (backend) => statusOf(backend, key, env.PROVIDER_STATUS_TIMEOUT_MS));
  }
  platformSwitch ??= new CachedSwitch(new SsmSwitchStore(new SSMClient({}), env.FORCE_CLASSICAL_PARAMETER), env.FORCE_CLASSICAL_CACHE_SECONDS, Date.now, (error) =>
    logger.warn('the force-classical switch could not be read; the last value read stays in force', { error: (error as Error).message, parameter: env.FORCE_CLASSICAL_PARAMETER }),
  );
  const route = await checkCapacityTask(event, probe, { platformSwitch });
  const forced = (await platformSwitch.read()).forced;
  const groups: MetricGroup[] = [
    {
      dimensions: {},
      metrics: [
        { name: METRIC.queueDepth, unit: 'Count', value: route.queueDepth },
        { name: METRIC.forceClassicalActive, unit: 'Count', value: forced ? 1 : 0 },
      ],
    },
  ];
  if (route.providerQueueDepth !== null)
    groups.push({ dimensions: { backend: event.job.spec.quantum.backend }, metrics: [{ name: METRIC.providerQueueDepth, unit: 'Count', value: route.providerQueueDepth }] });
  emitMetrics(groups);
  return route;
});
