/**
 * GET /jobs/{jobId}: the job's phase from its execution (DescribeExecution) and, when completed,
 * its ResultRecord from S3 and a presigned URL of its HTML report (valid for an hour). Phases:
 * Pending | Running | Completed (with `result`) | Failed (with `error`: the catalogued code and
 * message only, never the execution's Cause). 404 for an unknown job; 502 RESULT_CORRUPT for a
 * damaged stored record; 503 with Retry-After when AWS throttles.
 * API: https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { codeOfName, ERROR_CATALOGUE, QpoError, templateMessage } from '../lib/contracts/errors';
import { JobValidationError } from '../lib/jobs/errors';
import type { ResultStore } from '../lib/jobs/store';
import { functionEnv, stores, wrap } from './shared/runtime';
import { asServiceBusy, errorResponse, json } from './shared/http';

/** No execution of the job machine has this job id (404). */
export const jobNotFound = (jobId: string) => new QpoError('JOB_NOT_FOUND', `jobId: no job '${jobId}'`, { path: 'jobId' });

/**
 * The public error of a failed execution: the catalogued code of its error name and, for the
 * caller's own mistakes, the message (read from a Lambda error's Cause); never the raw Cause, whose
 * stack frames and provider echoes stay in the logs.
 */
export function executionError(error: string | undefined, cause: string | undefined, status: string): { code: string; message: string } {
  const code = codeOfName(error);
  if (!code) return { code: error === 'States.Timeout' ? 'QUANTUM_TIMEOUT' : 'INTERNAL', message: `the job ${status === 'TIMED_OUT' ? 'timed out' : 'failed'}; see the execution's history` };
  const { kind } = ERROR_CATALOGUE[code];
  let message: string | undefined;
  try {
    const parsed = JSON.parse(cause ?? '') as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') message = parsed.errorMessage;
  } catch {
    // not a Lambda error's Cause
  }
  return { code, message: kind === 'user' && message ? message : templateMessage(code, null) };
}

/** arn:...:stateMachine:NAME -> arn:...:execution:NAME:jobId */
export const executionArnOf = (stateMachineArn: string, jobId: string) => `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${jobId}`;

export function createGetJobHandler(deps: { sfn: SFNClient; stateMachineArn: string; store: ResultStore; reports?: { presignedUrl(jobId: string): Promise<string | null> } }) {
  return async (event: APIGatewayProxyEvent) => {
    try {
      const jobId = event.pathParameters?.jobId ?? '';
      if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/.test(jobId)) throw new JobValidationError(`jobId: '${jobId}' is not a job id`, 'jobId');
      const ex = await deps.sfn.send(new DescribeExecutionCommand({ executionArn: executionArnOf(deps.stateMachineArn, jobId) })).catch((error: unknown) => {
        if ((error as Error).name === 'ExecutionDoesNotExist') throw jobNotFound(jobId);
        throw asServiceBusy(error);
      });
      const common = { jobId, executionArn: ex.executionArn, startedAt: ex.startDate?.toISOString() ?? null };
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
  live ??= createGetJobHandler({ sfn: new SFNClient({}), stateMachineArn: env.STATE_MACHINE_ARN, store, reports });
  return live(event);
});
