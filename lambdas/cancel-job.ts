/**
 * POST /jobs/{jobId}/cancel, body optional `{ "reason": "..." }`: StopExecution (error
 * QPO.JobCancelled), TerminateJob of its quantum container, the provider-session hook, then
 * `cancelled` in the job index (lib/jobs/lifecycle.ts cancelJob). 200 with what was done; 404 unknown
 * job; 409 the job already finished; 400 a bad body.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { BatchClient } from '@aws-sdk/client-batch';
import { SFNClient } from '@aws-sdk/client-sfn';
import { JobValidationError } from '../lib/jobs/errors';
import { BatchContainers, SfnJobExecutions } from '../lib/jobs/aws-lifecycle';
import type { JobIndex } from '../lib/jobs/job-index';
import { cancelJob, NO_PROVIDER_SESSIONS, type JobExecutions, type ProviderSessions, type QuantumContainers } from '../lib/jobs/lifecycle';
import { errorResponse, json } from './shared/http';
import { callerOf, jobIndex, optionalBody } from './shared/jobs';
import { functionEnv, wrap } from './shared/runtime';

const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;

export function createCancelJobHandler(deps: { executions: JobExecutions; containers: QuantumContainers; providerSessions?: ProviderSessions; index: JobIndex; now?: () => number }) {
  return async (event: APIGatewayProxyEvent) => {
    try {
      const jobId = event.pathParameters?.jobId ?? '';
      if (!JOB_ID.test(jobId)) throw new JobValidationError(`jobId: '${jobId}' is not a job id`, 'jobId');
      let body: Record<string, unknown> | undefined;
      try {
        body = optionalBody(event);
      } catch {
        throw new JobValidationError('body: not a JSON object; send {"reason": "..."} or nothing', 'body');
      }
      const unknown = Object.keys(body ?? {}).filter((k) => k !== 'reason');
      if (unknown.length) throw new JobValidationError(`body: unknown field(s) ${unknown.map((k) => `'${k}'`).join(', ')}; the body holds only reason`, 'body');
      const reason = body?.reason;
      if (reason !== undefined && (typeof reason !== 'string' || reason.length > 500)) throw new JobValidationError('reason: must be a string of at most 500 characters', 'reason');
      const report = await cancelJob(jobId, { by: callerOf(event), ...(reason ? { reason } : {}) }, {
        executions: deps.executions,
        containers: deps.containers,
        providerSessions: deps.providerSessions ?? NO_PROVIDER_SESSIONS,
        index: deps.index,
        now: deps.now ?? Date.now,
      });
      return json(200, report);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

let live: ReturnType<typeof createCancelJobHandler> | undefined;
export const handler = wrap(async (event: APIGatewayProxyEvent) => {
  const env = functionEnv('cancel-job');
  live ??= createCancelJobHandler({
    executions: new SfnJobExecutions(new SFNClient({}), env.STATE_MACHINE_ARN),
    containers: new BatchContainers(new BatchClient({}), env.JOB_QUEUE),
    index: jobIndex(env.JOBS_TABLE, env.JOB_INDEX_RETENTION_DAYS),
  });
  return live(event);
});
