/**
 * RecordResult task: the ResultRecord written to S3 with a conditional put, and the job metrics;
 * then the HTML report beside it (report.html, the page of `qpo report --html`; a report that cannot
 * be written is logged, the job still succeeds). A failed result write throws ResultPersistError and
 * emits ResultsPersisted = 0 (the alarm fires).
 */
import type { JobState } from '../lib/jobs/tasks';
import { recordWithMetrics } from '../lib/workflow/handlers';
import { reportPublisher } from '../lib/reports/publish';
import { emitMetrics, functionEnv, logger, software, stores, wrap } from './shared/runtime';

export const handler = wrap(async (event: { job: JobState }) => {
  const env = functionEnv('record-result');
  const { store, answers, readDataset, reports } = stores(env.RESULTS_BUCKET);
  return recordWithMetrics(event, {
    store,
    answers,
    readDataset,
    now: () => Date.now(),
    software: software(env.QPO_VERSION),
    emitMetrics,
    publishReport: reportPublisher({ readDataset, put: (jobId, html) => reports.put(jobId, html) }),
    warn: (message, error) => logger.warn(message, { error: error as Error }),
  });
});
