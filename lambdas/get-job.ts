/**
 * GET /jobs/{jobId}: the job's phase from its execution (DescribeExecution) and, when completed,
 * its ResultRecord from S3. Phases: Pending | Running | Completed (with `result`) | Failed (with
 * `error`). 404 for an unknown job.
 * API: https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { JobValidationError } from '../lib/jobs/errors';
import type { ResultStore } from '../lib/jobs/store';
import { env, stores, wrap } from './shared/runtime';
import { errorResponse, json } from './shared/http';

export class JobNotFoundError extends Error {
  override readonly name = 'JobNotFoundError';
  readonly code = 'JOB_NOT_FOUND';
  readonly httpStatus = 404;
  readonly path = 'jobId';
}

/** arn:...:stateMachine:NAME -> arn:...:execution:NAME:jobId */
export const executionArnOf = (stateMachineArn: string, jobId: string) => `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${jobId}`;

export function createGetJobHandler(deps: { sfn: SFNClient; stateMachineArn: string; store: ResultStore }) {
  return async (event: APIGatewayProxyEvent) => {
    try {
      const jobId = event.pathParameters?.jobId ?? '';
      if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/.test(jobId)) throw new JobValidationError(`jobId: '${jobId}' is not a job id`, 'jobId');
      const ex = await deps.sfn.send(new DescribeExecutionCommand({ executionArn: executionArnOf(deps.stateMachineArn, jobId) })).catch((error: unknown) => {
        if ((error as Error).name === 'ExecutionDoesNotExist') throw new JobNotFoundError(`jobId: no job '${jobId}'`);
        throw error;
      });
      const common = { jobId, executionArn: ex.executionArn, startedAt: ex.startDate?.toISOString() ?? null };
      switch (ex.status) {
        case 'SUCCEEDED': {
          const result = await deps.store.get(jobId);
          return json(200, { ...common, phase: 'Completed', result: result ?? null });
        }
        case 'RUNNING':
          return json(200, { ...common, phase: 'Running' });
        case 'PENDING_REDRIVE':
          return json(200, { ...common, phase: 'Pending' });
        default:
          return json(200, { ...common, phase: 'Failed', status: ex.status, error: { code: ex.error ?? ex.status, message: ex.cause ?? null } });
      }
    } catch (error) {
      return errorResponse(error);
    }
  };
}

let live: ReturnType<typeof createGetJobHandler> | undefined;
export const handler = wrap(async (event: APIGatewayProxyEvent) => {
  live ??= createGetJobHandler({ sfn: new SFNClient({}), stateMachineArn: env('STATE_MACHINE_ARN'), store: stores().store });
  return live(event);
});
