/** The report written beside each result on AWS: the same page as `qpo report --html`. */
import type { DatasetReader } from '../jobs/prepare';
import type { ResultRecord } from '../jobs/result';
import { renderJobReport } from './job-report';
import { buildReportModel } from './model';

/**
 * A `publishReport` for the RecordResult step: render the record's report (prices through
 * `readDataset` for the compounded returns) and hand the HTML to `put` (e.g. S3ReportStore.put).
 */
export function reportPublisher(deps: { readDataset: DatasetReader; put: (jobId: string, html: string) => Promise<string> }) {
  return async (record: ResultRecord): Promise<string> => deps.put(record.jobId, await renderJobReport(await buildReportModel(record, { readDataset: deps.readDataset })));
}
