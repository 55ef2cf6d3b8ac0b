/** CheckCapacity task: Batch queue depth (ListJobs, all pages) and backend status, then the route. */
import { BatchClient } from '@aws-sdk/client-batch';
import { BatchCapacityProbe } from '../lib/jobs/batch-capacity';
import { METRIC } from '../lib/jobs/metrics';
import type { JobState } from '../lib/jobs/tasks';
import { checkCapacityTask } from '../lib/workflow/route';
import { emitMetrics, functionEnv, wrap } from './shared/runtime';

let probe: BatchCapacityProbe | undefined;

export const handler = wrap(async (event: { job: JobState }) => {
  probe ??= new BatchCapacityProbe(new BatchClient({}), functionEnv('check-capacity').JOB_QUEUE);
  const route = await checkCapacityTask(event, probe);
  emitMetrics([{ dimensions: {}, metrics: [{ name: METRIC.queueDepth, unit: 'Count', value: route.queueDepth }] }]);
  return route;
});
