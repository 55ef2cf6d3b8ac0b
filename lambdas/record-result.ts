/**
 * RecordResult task: the ResultRecord written to S3 with a conditional put, and the job metrics.
 * A failed write throws ResultPersistError and emits ResultsPersisted = 0 (the alarm fires).
 */
import type { JobState } from '../lib/jobs/tasks';
import { recordWithMetrics } from '../lib/workflow/handlers';
import { emitMetrics, functionEnv, software, stores, wrap } from './shared/runtime';

export const handler = wrap(async (event: { job: JobState }) => {
  const env = functionEnv('record-result');
  const { store, answers, readDataset } = stores(env.RESULTS_BUCKET);
  return recordWithMetrics(event, {
    store,
    answers,
    readDataset,
    now: () => Date.now(),
    software: software(env.QPO_VERSION),
    emitMetrics,
  });
});
