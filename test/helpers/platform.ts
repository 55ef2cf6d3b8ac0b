/**
 * The platform on 127.0.0.1 for tests: S3 (s3rver) holding results and answers, a Step Functions
 * API running the job definition locally with the S3 stores, DynamoDB (dynalite) holding the job
 * index kept by the job-events handler from the execution status events, and the API handlers
 * wired to them (Batch has no containers here: every job is classical or runs in-process).
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
import { startDynamo } from './dynamodb';
import { DynamoJobIndex } from '../../lib/jobs/dynamo-job-index';
import { SfnJobExecutions } from '../../lib/jobs/aws-lifecycle';
import { createCancelJobHandler } from '../../lambdas/cancel-job';
import { createJobEventsHandler, EXECUTION_STATUS_CHANGE } from '../../lambdas/job-events';
import { createListJobsHandler } from '../../lambdas/list-jobs';
import { createResubmitJobHandler } from '../../lambdas/resubmit-job';
import { STATE_MACHINE_ARN, startSfn } from './sfn-server';

export async function startPlatform(bucket: string, options: { publishReport?: (record: ResultRecord) => Promise<string> } = {}) {
  const s3 = await startS3([bucket]);
  const dynamo = await startDynamo();
  await dynamo.createJobIndexTable('qpo-jobs');
  const index = new DynamoJobIndex(dynamo.client, 'qpo-jobs', 30);
  const events = createJobEventsHandler({ index, emit: () => undefined });
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
    { onStatusChange: (detail) => events({ version: '0', id: 'e', 'detail-type': EXECUTION_STATUS_CHANGE, source: 'aws.states', account: '123456789012', time: new Date().toISOString(), region: 'us-east-1', resources: [], detail }).then(() => undefined) },
  );
  const executions = new SfnJobExecutions(sfn.client, STATE_MACHINE_ARN);
  return {
    s3,
    sfn,
    optimize: createOptimizeHandler({ sfn: sfn.client, stateMachineArn: STATE_MACHINE_ARN, maxRequestBytes: 4096 }),
    getJob: createGetJobHandler({ sfn: sfn.client, stateMachineArn: STATE_MACHINE_ARN, store, reports, index }),
    listJobs: createListJobsHandler({ index }),
    cancelJob: createCancelJobHandler({ executions, containers: { terminate: async () => [] }, index }),
    resubmitJob: createResubmitJobHandler({ executions, index }),
    index,
    close: async () => {
      await sfn.close();
      await dynamo.close();
      await s3.close();
    },
  };
}
