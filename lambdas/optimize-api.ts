/**
 * POST /optimize: validate the JobSpec (zod, lib/jobs spec, and the data-free preflight), then
 * StartExecution of the job state machine with the canonical form of the body (keys sorted), so the
 * same request with its keys in another order is the same execution input. The `Idempotency-Key`
 * header (or the spec's jobId) is the execution name:
 * - a repeat while the job runs: StartExecution is idempotent (same name and input) -> the same job;
 * - a repeat after the job finished: StartExecution answers ExecutionAlreadyExists for any closed
 *   execution, so DescribeExecution compares the inputs -> the original job (202, same body);
 * - the key with another body -> 409.
 * 202 { jobId, executionArn, statusUrl } | 400 field errors | 409 | 413 | 503 + Retry-After when
 * Step Functions throttles. Bodies with `isBase64Encoded` are decoded.
 * API: https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { QpoError } from '../lib/contracts/errors';
import { JobValidationError } from '../lib/jobs/errors';
import { canonicalJson } from '../lib/jobs/canonical';
import { checkDepth, stripBom } from '../lib/jobs/depth';
import { preflightJob } from '../lib/jobs/preflight';
import { prepareJob } from '../lib/jobs/prepare';
import { jobSpecNotes, parseJobSpec } from '../lib/jobs/spec';
import { functionEnv, wrap } from './shared/runtime';
import { asServiceBusy, errorResponse, header, json } from './shared/http';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The key was used before with a different request body (409). */
export const idempotencyConflict = (message: string) => new QpoError('IDEMPOTENCY_CONFLICT', message, { path: 'Idempotency-Key' });

/** The request body is larger than the platform accepts (413). */
export const payloadTooLarge = (message: string) => new QpoError('PAYLOAD_TOO_LARGE', message, { path: 'body' });

/** The body as text: base64-decoded when API Gateway says so. @throws JobValidationError for a body that is not base64. */
function bodyText(event: APIGatewayProxyEvent): string {
  const raw = event.body ?? '';
  if (!event.isBase64Encoded) return raw;
  const compact = raw.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact))
    throw new JobValidationError('body: isBase64Encoded is true but the body is not base64; send JSON (Content-Type: application/json)', 'body');
  return Buffer.from(compact, 'base64').toString('utf8');
}

/** The data-free preflight, and the problem itself when the body carries mu and Sigma (PSD, overflow). */
async function preflight(spec: ReturnType<typeof parseJobSpec>): Promise<void> {
  if (spec.portfolio.mu && spec.portfolio.sigma) {
    const { problem } = await prepareJob(spec, () => Promise.reject(new Error('explicit mu/sigma read no dataset')));
    preflightJob(spec, problem);
  } else preflightJob(spec);
}

export function createOptimizeHandler(deps: { sfn: SFNClient; stateMachineArn: string; maxRequestBytes?: number }) {
  const limit = deps.maxRequestBytes ?? 131_072;
  return async (event: APIGatewayProxyEvent) => {
    try {
      const text = bodyText(event);
      const size = Buffer.byteLength(text, 'utf8');
      if (size > limit) throw payloadTooLarge(`body: ${size} bytes is more than the ${limit} bytes accepted; send mu/sigma for at most 64 assets`);
      let body: unknown;
      try {
        body = JSON.parse(stripBom(text));
      } catch {
        throw new JobValidationError('body: not valid JSON; send a JobSpec object', 'body');
      }
      checkDepth(body, 'body');
      const spec = parseJobSpec(body);
      await preflight(spec);
      const key = header(event.headers, 'idempotency-key');
      if (key !== undefined && !NAME.test(key))
        throw new JobValidationError(`Idempotency-Key: '${key}' is not valid; use 1-80 letters, digits, - and _`, 'Idempotency-Key');
      if (key !== undefined && spec.jobId !== undefined && key !== spec.jobId)
        throw new JobValidationError(`jobId: '${spec.jobId}' differs from the Idempotency-Key '${key}'; send one or make them equal`, 'jobId');
      const jobId = key ?? spec.jobId ?? randomUUID();
      const input = canonicalJson(body);
      const executionArn = await startOrJoin(deps, jobId, input);
      const base = event.requestContext?.stage ? `/${event.requestContext.stage}` : '';
      const warnings = jobSpecNotes(body, spec);
      return json(202, { jobId, executionArn, statusUrl: `${base}/jobs/${jobId}`, ...(warnings.length ? { warnings } : {}) }, { location: `${base}/jobs/${jobId}` });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/**
 * StartExecution; on ExecutionAlreadyExists, the execution of that name: the same input (a repeat,
 * also after it finished) is that job, another input is 409.
 */
async function startOrJoin(deps: { sfn: SFNClient; stateMachineArn: string }, jobId: string, input: string): Promise<string | undefined> {
  try {
    const out = await deps.sfn.send(new StartExecutionCommand({ stateMachineArn: deps.stateMachineArn, name: jobId, input }));
    return out.executionArn;
  } catch (error) {
    if ((error as Error).name !== 'ExecutionAlreadyExists') throw asServiceBusy(error);
  }
  const executionArn = `${deps.stateMachineArn.replace(':stateMachine:', ':execution:')}:${jobId}`;
  const existing = await deps.sfn.send(new DescribeExecutionCommand({ executionArn })).catch((error: unknown) => {
    throw asServiceBusy(error);
  });
  if (existing.input !== undefined && sameInput(existing.input, input)) return existing.executionArn ?? executionArn;
  throw idempotencyConflict(`Idempotency-Key: '${jobId}' was already used with a different request body; use a new key`);
}

/** Whether two execution inputs are the same request (executions started before canonical inputs compare by their canonical form). */
function sameInput(stored: string, input: string): boolean {
  if (stored === input) return true;
  try {
    return canonicalJson(JSON.parse(stored)) === input;
  } catch {
    return false;
  }
}

let live: ReturnType<typeof createOptimizeHandler> | undefined;
export const handler = wrap(async (event: APIGatewayProxyEvent) => {
  const env = functionEnv('optimize-api');
  live ??= createOptimizeHandler({ sfn: new SFNClient({}), stateMachineArn: env.STATE_MACHINE_ARN, maxRequestBytes: env.MAX_REQUEST_BYTES });
  return live(event);
});
