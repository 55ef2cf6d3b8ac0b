/** API Gateway proxy responses: JSON bodies, errors as `{ error: { code, message, path, details } }`. */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { entryOf, QpoError } from '../../lib/contracts/errors';
import { describeError } from '../../lib/jobs/errors';

export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/**
 * Any error as its public response, with the catalogue's HTTP status (lib/contracts/errors.ts):
 * the caller's mistakes as 4xx with `{ code, message, path, details }`; a 5xx the catalogue marks
 * `expose` (a corrupt stored result, a busy service) with its message; anything else as 5xx with
 * the code only (no message, no stack). `details.retryAfterSeconds` becomes a Retry-After header.
 */
export function errorResponse(error: unknown): APIGatewayProxyResult {
  const d = describeError(error);
  const hidden = d.httpStatus >= 500 && !entryOf(d.body.code).expose;
  const body = hidden ? { code: d.body.code, message: 'internal error; see the function logs', path: null, details: null } : d.body;
  const retryAfter = d.body.details?.retryAfterSeconds;
  return json(d.httpStatus, { error: body }, typeof retryAfter === 'number' ? { 'retry-after': String(retryAfter) } : {});
}

/** AWS error names of throttling and of too many open executions (the SDK has retried them already). */
const THROTTLED = new Set(['ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'Throttling', 'ProvisionedThroughputExceededException']);

/** Seconds a client should wait: a moment after throttling, longer when executions are at their limit. */
export const RETRY_AFTER_SECONDS = { throttled: 2, executionLimit: 30 } as const;

/**
 * An AWS SDK error of a throttled call (ThrottlingException, HTTP 429, SDK-classified throttling)
 * or of Step Functions' open-execution limit as SERVICE_BUSY (503, Retry-After); anything else
 * unchanged.
 */
export function asServiceBusy(error: unknown): unknown {
  const e = error as { name?: unknown; $metadata?: { httpStatusCode?: number }; $retryable?: { throttling?: boolean } } | null;
  const limit = e?.name === 'ExecutionLimitExceeded';
  const throttled = THROTTLED.has(String(e?.name)) || e?.$metadata?.httpStatusCode === 429 || e?.$retryable?.throttling === true;
  if (!limit && !throttled) return error;
  const retryAfterSeconds = limit ? RETRY_AFTER_SECONDS.executionLimit : RETRY_AFTER_SECONDS.throttled;
  const why = limit ? 'too many jobs are running (the Step Functions execution limit)' : 'AWS Step Functions throttled the request';
  return new QpoError('SERVICE_BUSY', `the service is busy: ${why}; retry after ${retryAfterSeconds} s`, { details: { retryAfterSeconds }, cause: error });
}

/** A header, case-insensitively (API Gateway keeps the client's spelling). */
export function header(headers: Record<string, string | undefined> | null, name: string): string | undefined {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(headers ?? {})) if (k.toLowerCase() === want) return v;
  return undefined;
}
