/**
 * CheckCapacity task: the platform-wide force-classical switch (SSM, cached for
 * FORCE_CLASSICAL_CACHE_SECONDS), Batch queue depth (ListJobs, all pages) and backend status, then
 * the route. Emits QueueDepth and ForceClassicalActive (1 while the switch is on).
 */
import { BatchClient } from '@aws-sdk/client-batch';
import { SSMClient } from '@aws-sdk/client-ssm';
import { BatchCapacityProbe } from '../lib/jobs/batch-capacity';
import { METRIC } from '../lib/jobs/metrics';
import { CachedSwitch } from '../lib/jobs/platform-switch';
import { SsmSwitchStore } from '../lib/jobs/ssm-switch';
import type { JobState } from '../lib/jobs/tasks';
import { checkCapacityTask } from '../lib/workflow/route';
import { emitMetrics, functionEnv, logger, wrap } from './shared/runtime';

let probe: BatchCapacityProbe | undefined;
let platformSwitch: CachedSwitch | undefined;

export const handler = wrap(async (event: { job: JobState }) => {
  const env = functionEnv('check-capacity');
  probe ??= new BatchCapacityProbe(new BatchClient({}), env.JOB_QUEUE);
  platformSwitch ??= new CachedSwitch(new SsmSwitchStore(new SSMClient({}), env.FORCE_CLASSICAL_PARAMETER), env.FORCE_CLASSICAL_CACHE_SECONDS, Date.now, (error) =>
    logger.warn('the force-classical switch could not be read; the last value read stays in force', { error: (error as Error).message, parameter: env.FORCE_CLASSICAL_PARAMETER }),
  );
  const route = await checkCapacityTask(event, probe, platformSwitch);
  const forced = (await platformSwitch.read()).forced;
  emitMetrics([
    {
      dimensions: {},
      metrics: [
        { name: METRIC.queueDepth, unit: 'Count', value: route.queueDepth },
        { name: METRIC.forceClassicalActive, unit: 'Count', value: forced ? 1 : 0 },
      ],
    },
  ]);
  return route;
});
