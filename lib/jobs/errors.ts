/**
 * Errors of the job layer and the one table that maps any error to an HTTP status, a CLI exit code
 * and a public body `{ code, message, path, details }` (STYLE.md practice 9).
 */

/** Invalid job input: a JobSpec field, a CLI flag or a config file. */
export class JobValidationError extends Error {
  override readonly name = 'JobValidationError';
  readonly code = 'INVALID_INPUT';
  constructor(
    message: string,
    readonly path: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** The result could not be persisted; the job must fail loudly (results are never silently lost). */
export class ResultPersistError extends Error {
  override readonly name = 'ResultPersistError';
  readonly code = 'RESULT_NOT_PERSISTED';
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

/** A finished result for this job id already exists and is never overwritten. */
export class ResultExistsError extends Error {
  override readonly name = 'ResultExistsError';
  readonly code = 'RESULT_EXISTS';
  constructor(readonly jobId: string) {
    super(`jobId: a result for '${jobId}' already exists; finished results are never overwritten (use a new job id)`);
  }
}

/** Both the quantum path and the fallback failed, or the fallback was disabled. */
export class JobFailedError extends Error {
  override readonly name = 'JobFailedError';
  readonly code = 'JOB_FAILED';
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

import { BACKEND_USER_ERROR_CODES } from '../backends/errors';

/** Error codes caused by the user's input: HTTP 400, exit code 2, no stack trace. */
const USER_ERROR_CODES = new Set([
  'INVALID_INPUT',
  'INVALID_PRICES',
  'UNKNOWN_TICKER',
  'INSUFFICIENT_DATA',
  'INVALID_PROBLEM',
  'INVALID_SOLVER_OPTION',
  'UNKNOWN_SOLVER',
  'UNKNOWN_OPTIMIZER',
  'INVALID_OPTIMIZER_OPTION',
  'PROBLEM_TOO_LARGE',
  'STATE_TOO_LARGE',
  'INVALID_CIRCUIT',
  'RESULT_EXISTS',
  ...BACKEND_USER_ERROR_CODES,
  'JOB_NOT_FOUND',
  'IDEMPOTENCY_CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'ACCESS_DENIED',
]);

const HTTP_BY_CODE: Record<string, number> = {
  RESULT_EXISTS: 409,
  JOB_NOT_FOUND: 404,
  IDEMPOTENCY_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  ACCESS_DENIED: 403,
  BACKEND_NOT_FOUND: 404,
  // provider failures (exit code 1): the gateway-style statuses of an upstream service
  BACKEND_AUTH_FAILED: 502,
  BACKEND_REQUEST_FAILED: 502,
  BACKEND_BAD_RESPONSE: 502,
  BACKEND_JOB_FAILED: 502,
  BACKEND_UNAVAILABLE: 503,
  BACKEND_QUEUE_TOO_LONG: 503,
  BACKEND_JOB_TIMEOUT: 504,
};

export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly path: string | null;
  readonly details: Record<string, unknown> | null;
}

export interface DescribedError {
  readonly body: ErrorBody;
  readonly httpStatus: number;
  readonly exitCode: number;
  /** True when the user's input caused it (no stack trace is shown). */
  readonly userError: boolean;
}

/** Map any thrown value to its public description. */
export function describeError(error: unknown): DescribedError {
  const e = (error ?? {}) as { code?: unknown; message?: unknown; path?: unknown; field?: unknown; details?: unknown };
  const code = typeof e.code === 'string' ? e.code : 'INTERNAL';
  const userError = USER_ERROR_CODES.has(code);
  const path = typeof e.path === 'string' ? e.path : typeof e.field === 'string' ? e.field : null;
  const message = typeof e.message === 'string' && e.message ? e.message : String(error);
  const details = e.details && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : null;
  return {
    body: { code, message, path, details },
    httpStatus: HTTP_BY_CODE[code] ?? (userError ? 400 : 500),
    exitCode: userError ? 2 : 1,
    userError,
  };
}

/**
 * A step of the workflow rejected its input (any user error: bad spec, unknown ticker, state too
 * large). Keeps the original `code`, `path`, `details` and message, so `describeError` renders it
 * exactly like the original; its `name` is what the state machine's Catch matches.
 */
export class InputRejectedError extends Error {
  override readonly name = 'QPO.InputRejected';
  readonly code: string;
  readonly path: string | null;
  readonly details: Record<string, unknown> | null;
  constructor(original: unknown) {
    const { body } = describeError(original);
    super(body.message, { cause: original });
    this.code = body.code;
    this.path = body.path;
    this.details = body.details;
  }
}

/**
 * The quantum path failed in a way the fallback may answer (backend error, no feasible sample).
 * `reason` is the fallback reason; the state machine's Catch matches `name`.
 */
export class QuantumPathError extends Error {
  override readonly name = 'QPO.QuantumPathFailed';
  readonly code = 'QUANTUM_PATH_FAILED';
  constructor(
    message: string,
    readonly reason: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

/** Stable error names the state machine's Retry/Catch match (thrown by lib/jobs and its runners). */
export const JOB_ERROR_NAMES = {
  inputRejected: 'QPO.InputRejected',
  quantumPathFailed: 'QPO.QuantumPathFailed',
  jobFailed: 'JobFailedError',
  resultPersist: 'ResultPersistError',
  resultExists: 'ResultExistsError',
} as const;

/** Re-throw a user error as InputRejectedError; anything else unchanged. */
export function rejectUserErrors(error: unknown): never {
  if (!(error instanceof InputRejectedError) && describeError(error).userError) throw new InputRejectedError(error);
  throw error;
}
