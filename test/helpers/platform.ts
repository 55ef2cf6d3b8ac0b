/**
 * The platform on 127.0.0.1 for tests: S3 (s3rver) holding results and answers, a Step Functions
 * API running the job definition locally with the S3 stores, and the API handlers wired to them.
 */
import { readFile } from 'node:fs/promises';
import { LocalCapacityProbe } from '../../lib/jobs';
import { S3AnswerStore, S3ReportStore, S3ResultStore } from '../../lib/jobs/s3-store';
import { reportPublisher } from '../../lib/reports/publish';
import type { ResultRecord } from '../../lib/jobs/result';
import { jobHandlers } from '../../lib/workflow/handlers';
import { LocalWorkflow } from '../../lib/workflow/local-runner';
import { createGetJobHandler } from '../../lambdas/get-job';
import { createOptimizeHandler } from '../../lambdas/optimize-api';
import { PRICES_CSV } from './problems';
import { startS3 } from './s3rver';
import { STATE_MACHINE_ARN, startSfn } from './sfn-server';

export async function startPlatform(bucket: string, options: { publishReport?: (record: ResultRecord) => Promise<string> } = {}) {
  const s3 = await startS3([bucket]);
  const store = new S3ResultStore(s3.client, bucket);
  const reports = new S3ReportStore(s3.client, bucket);
  const readDataset = () => readFile(PRICES_CSV, 'utf8');
  const sfn = await startSfn(new LocalWorkflow(), () =>
    jobHandlers({
      readDataset: () => readFile(PRICES_CSV, 'utf8'),
      now: () => Date.now(),
      randomSeed: () => 11,
      startupGraceSeconds: 0,
      store,
      answers: new S3AnswerStore(s3.client, bucket),
      probe: new LocalCapacityProbe(),
      software: { qpo: 'test', node: process.version },
      emitMetrics: () => undefined,
      // RecordResult writes the HTML report beside the result, as lambdas/record-result does
      publishReport: options.publishReport ?? reportPublisher({ readDataset, put: (jobId, html) => reports.put(jobId, html) }),
    }) as never,
  );
  return {
    s3,
    sfn,
    optimize: createOptimizeHandler({ sfn: sfn.client, stateMachineArn: STATE_MACHINE_ARN, maxRequestBytes: 4096 }),
    getJob: createGetJobHandler({ sfn: sfn.client, stateMachineArn: STATE_MACHINE_ARN, store, reports }),
    close: async () => {
      await sfn.close();
      await s3.close();
    },
  };
}
