/**
 * GET /jobs/{jobId}: the job's phase from its execution (DescribeExecution) and, when completed,
 * its ResultRecord from S3 and a presigned URL of its HTML report (valid for an hour). Phases:
 * Pending | Running | Completed (with `result`) | Failed (with `error`: the catalogued code and
 * message only, never the execution's Cause) | Cancelled (with `error`, code JOB_CANCELLED). `links`
 * gives the resubmissions and the canceller from the job index. 404 for an unknown job; 502
 * RESULT_CORRUPT for a damaged stored record; 503 with Retry-After when AWS throttles.
 * API: https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { JobValidationError } from '../lib/jobs/errors';
import { executionArnOf } from '../lib/jobs/aws-lifecycle';
import { executionError } from '../lib/jobs/execution-events';
import type { JobIndex } from '../lib/jobs/job-index';
import { jobNotFound } from '../lib/jobs/lifecycle';
import type { ResultStore } from '../lib/jobs/store';
import { jobIndex } from './shared/jobs';
import { functionEnv, stores, wrap } from './shared/runtime';
import { asServiceBusy, errorResponse, json } from './shared/http';

export { executionError, jobNotFound, executionArnOf };

export function createGetJobHandler(deps: {
  sfn: SFNClient;
  stateMachineArn: string;
  store: ResultStore;
  index?: JobIndex;
  reports?: { presignedUrl(jobId: string): Promise<string | null> };
}) {
  return async (event: APIGatewayProxyEvent) => {
    try {
      const jobId = event.pathParameters?.jobId ?? '';
      if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/.test(jobId)) throw new JobValidationError(`jobId: '${jobId}' is not a job id`, 'jobId');
      const ex = await deps.sfn.send(new DescribeExecutionCommand({ executionArn: executionArnOf(deps.stateMachineArn, jobId) })).catch((error: unknown) => {
        if ((error as Error).name === 'ExecutionDoesNotExist') throw jobNotFound(jobId);
        throw asServiceBusy(error);
      });
      const entry = await deps.index?.get(jobId);
      const links = { resubmitOf: entry?.resubmitOf ?? null, resubmittedAs: entry?.resubmittedAs ?? null, cancelledBy: entry?.cancelledBy ?? null };
      const common = { jobId, executionArn: ex.executionArn, startedAt: ex.startDate?.toISOString() ?? null, links };
      switch (ex.status) {
        case 'SUCCEEDED': {
          // A damaged stored record is RESULT_CORRUPT (502, with its location), not an opaque 500.
          const [result, reportUrl] = await Promise.all([
            deps.store.get(jobId).catch((error: unknown) => {
              throw asServiceBusy(error);
            }),
            deps.reports?.presignedUrl(jobId) ?? null,
          ]);
          return json(200, { ...common, phase: 'Completed', result: result ?? null, reportUrl });
        }
        case 'RUNNING':
          return json(200, { ...common, phase: 'Running' });
        case 'PENDING_REDRIVE':
          return json(200, { ...common, phase: 'Pending' });
        case 'ABORTED':
          return json(200, { ...common, phase: 'Cancelled', status: ex.status, error: executionError(ex.error, ex.cause, ex.status) });
        default:
          return json(200, { ...common, phase: 'Failed', status: ex.status, error: executionError(ex.error, ex.cause, ex.status ?? 'FAILED') });
      }
    } catch (error) {
      return errorResponse(error);
    }
  };
}

let live: ReturnType<typeof createGetJobHandler> | undefined;
export const handler = wrap(async (event: APIGatewayProxyEvent) => {
  const env = functionEnv('get-job');
  const { store, reports } = stores(env.RESULTS_BUCKET);
  live ??= createGetJobHandler({ sfn: new SFNClient({}), stateMachineArn: env.STATE_MACHINE_ARN, store, reports, index: jobIndex(env.JOBS_TABLE) });
  return live(event);
});
