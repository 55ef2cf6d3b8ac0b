/**
 * POST /jobs/{jobId}/resubmit: the job's request started again under a new job id (the
 * `Idempotency-Key` header, or `<jobId>-r1`, `-r2`, ...), linked both ways in the job index
 * (lib/jobs/lifecycle.ts resubmitJob). 202 `{ jobId, resubmitOf, existing, statusUrl }`; 404 unknown
 * job; 409 still running, or the key taken by another request.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';
import { JobValidationError } from '../lib/jobs/errors';
import { SfnJobExecutions } from '../lib/jobs/aws-lifecycle';
import type { JobIndex } from '../lib/jobs/job-index';
import { resubmitJob, type JobExecutions } from '../lib/jobs/lifecycle';
import { errorResponse, header, json } from './shared/http';
import { jobIndex } from './shared/jobs';
import { functionEnv, wrap } from './shared/runtime';

const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;

export function createResubmitJobHandler(deps: { executions: JobExecutions; index: JobIndex; now?: () => number }) {
  return async (event: APIGatewayProxyEvent) => {
    try {
      const jobId = event.pathParameters?.jobId ?? '';
      if (!JOB_ID.test(jobId)) throw new JobValidationError(`jobId: '${jobId}' is not a job id`, 'jobId');
      if (event.body && event.body.trim() && event.body.trim() !== '{}')
        throw new JobValidationError('body: resubmit takes no body (the job runs its own request again); send none', 'body');
      const key = header(event.headers, 'idempotency-key');
      const report = await resubmitJob(jobId, key === undefined ? {} : { key }, { executions: deps.executions, index: deps.index, now: deps.now ?? Date.now });
      const base = event.requestContext?.stage ? `/${event.requestContext.stage}` : '';
      return json(202, { ...report, statusUrl: `${base}/jobs/${report.jobId}` }, { location: `${base}/jobs/${report.jobId}` });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

let live: ReturnType<typeof createResubmitJobHandler> | undefined;
export const handler = wrap(async (event: APIGatewayProxyEvent) => {
  const env = functionEnv('resubmit-job');
  live ??= createResubmitJobHandler({ executions: new SfnJobExecutions(new SFNClient({}), env.STATE_MACHINE_ARN), index: jobIndex(env.JOBS_TABLE, env.JOB_INDEX_RETENTION_DAYS) });
  return live(event);
});
