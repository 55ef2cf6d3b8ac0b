/**
 * RecordResult task: the ResultRecord written to S3 with a conditional put, and the job metrics;
 * then the HTML report beside it (report.html, the page of `qpo report --html`; a report that cannot
 * be written is logged, the job still succeeds). The same function is the workflow's RecordFailure
 * step (input `{ jobId, failure }`): the failed job's one JobFailed. A failed result write throws
 * ResultPersistError; the record is written to this function's log (CloudWatch Logs) so the
 * computed answer is never lost.
 */
import type { JobState } from '../lib/jobs/tasks';
import type { ResultRecord } from '../lib/jobs/result';
import { recordFailureMetrics, recordWithMetrics, type FailureInput } from '../lib/workflow/handlers';
import { reportPublisher } from '../lib/reports/publish';
import { emitMetrics, functionEnv, logger, software, stores, wrap } from './shared/runtime';

/** The record in the function's log, one structured line (the fallback of a failed S3 write). */
async function logRecord(record: ResultRecord): Promise<string> {
  logger.error('result not persisted: the full record follows', { jobId: record.jobId, record });
  return `the RecordResult function's CloudWatch Logs (message "result not persisted", jobId ${record.jobId})`;
}

export const handler = wrap(async (event: { job: JobState } | FailureInput) => {
  if ('failure' in event) return recordFailureMetrics(event, { emitMetrics });
  const env = functionEnv('record-result');
  const { store, answers, readDataset, reports } = stores(env.RESULTS_BUCKET);
  return recordWithMetrics(event, {
    store,
    answers,
    readDataset,
    now: () => Date.now(),
    software: software(env.QPO_VERSION),
    emitMetrics,
    rescue: logRecord,
    publishReport: reportPublisher({ readDataset, put: (jobId, html) => reports.put(jobId, html) }),
    warn: (message, error) => logger.warn(message, { error: error as Error }),
  });
});
