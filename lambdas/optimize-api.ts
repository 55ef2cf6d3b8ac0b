/**
 * POST /optimize: validate the JobSpec (zod, lib/jobs spec), then StartExecution of the job state
 * machine. The `Idempotency-Key` header (or the spec's jobId) is the execution name, so a repeat
 * returns the same job, running or finished (Step Functions: same name + same input is idempotent while
 * the execution runs; a finished one is recognised by its input).
 * 202 { jobId, executionArn, statusUrl } | 400 field errors | 409 key reused with another body.
 * API: https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';
import { executionArnOf, SfnJobExecutions } from '../lib/jobs/aws-lifecycle';
import { QpoError } from '../lib/contracts/errors';
import { JobValidationError } from '../lib/jobs/errors';
import { jobSpecNotes, parseJobSpec } from '../lib/jobs/spec';
import { functionEnv, wrap } from './shared/runtime';
import { errorResponse, header, json } from './shared/http';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;

/** The key was used before with a different request body (409). */
export const idempotencyConflict = (message: string) => new QpoError('IDEMPOTENCY_CONFLICT', message, { path: 'Idempotency-Key' });

/** The request body is larger than the platform accepts (413). */
export const payloadTooLarge = (message: string) => new QpoError('PAYLOAD_TOO_LARGE', message, { path: 'body' });

export function createOptimizeHandler(deps: { sfn: SFNClient; stateMachineArn: string; maxRequestBytes?: number }) {
  const limit = deps.maxRequestBytes ?? 131_072;
  return async (event: APIGatewayProxyEvent) => {
    try {
      const size = Buffer.byteLength(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
      if (size > limit) throw payloadTooLarge(`body: ${size} bytes is more than the ${limit} bytes accepted; send mu/sigma for at most 64 assets`);
      let body: unknown;
      try {
        body = JSON.parse(event.body ?? '');
      } catch {
        throw new JobValidationError('body: not valid JSON; send a JobSpec object', 'body');
      }
      const spec = parseJobSpec(body);
      const key = header(event.headers, 'idempotency-key');
      if (key !== undefined && !NAME.test(key))
        throw new JobValidationError(`Idempotency-Key: '${key}' is not valid; use 1-80 letters, digits, - and _`, 'Idempotency-Key');
      if (key !== undefined && spec.jobId !== undefined && key !== spec.jobId)
        throw new JobValidationError(`jobId: '${spec.jobId}' differs from the Idempotency-Key '${key}'; send one or make them equal`, 'jobId');
      const jobId = key ?? spec.jobId ?? randomUUID();
      // Same key, same body: the same job, running or finished (Step Functions refuses a closed
      // execution's name, so that case is recognised by reading the execution's input back).
      await new SfnJobExecutions(deps.sfn, deps.stateMachineArn).start(jobId, JSON.stringify(body)).catch((error: unknown) => {
        if ((error as { code?: unknown }).code === 'IDEMPOTENCY_CONFLICT') throw idempotencyConflict(`Idempotency-Key: '${jobId}' was already used with a different request body`);
        throw error;
      });
      const out = { executionArn: executionArnOf(deps.stateMachineArn, jobId) };
      const base = event.requestContext?.stage ? `/${event.requestContext.stage}` : '';
      const warnings = jobSpecNotes(body, spec);
      return json(202, { jobId, executionArn: out.executionArn, statusUrl: `${base}/jobs/${jobId}`, ...(warnings.length ? { warnings } : {}) }, { location: `${base}/jobs/${jobId}` });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

let live: ReturnType<typeof createOptimizeHandler> | undefined;
export const handler = wrap(async (event: APIGatewayProxyEvent) => {
  const env = functionEnv('optimize-api');
  live ??= createOptimizeHandler({ sfn: new SFNClient({}), stateMachineArn: env.STATE_MACHINE_ARN, maxRequestBytes: env.MAX_REQUEST_BYTES });
  return live(event);
});
