/**
 * Errors of the job layer, on the error catalogue (lib/contracts/errors.ts), which maps every code
 * to its name, kind, HTTP status and exit codes (STYLE.md practice 9). `describeError` is the
 * catalogue's, re-exported for the layers above.
 */
import { describeError, errorNameOf, isErrorCode, QpoError, type DescribedError, type ErrorBody } from '../contracts/errors';

export { describeError, type DescribedError, type ErrorBody };

/** Invalid job input: a JobSpec field, a CLI flag or a config file. */
export class JobValidationError extends QpoError {
  constructor(message: string, path: string, details?: Record<string, unknown>) {
    super('INVALID_INPUT', message, { path, details: details ?? null });
  }
}

/**
 * The result could not be persisted; the job must fail loudly (results are never silently lost).
 * `record` is the computed ResultRecord (not part of the public body: runners print or log it;
 * typed loosely so this module stays below lib/jobs/result.ts), and `details.fallbackLocation`
 * where a copy was saved instead, when one was.
 */
export class ResultPersistError extends QpoError {
  constructor(
    message: string,
    cause?: unknown,
    readonly record?: { readonly jobId: string },
    fallbackLocation?: string,
  ) {
    super('RESULT_NOT_PERSISTED', message, { cause, details: fallbackLocation ? { fallbackLocation } : null });
  }
}

/** A stored record that is not a ResultRecord (truncated or edited object); it is never overwritten. */
export class ResultCorruptError extends QpoError {
  constructor(jobId: string, location: string, why: string) {
    super('RESULT_CORRUPT', `jobId: the stored result of '${jobId}' (${location}) is not a valid ResultRecord (${why}); it is kept as is: re-run the job under a new job id`, {
      path: 'jobId',
      details: { location },
    });
  }
}

/** A finished result for this job id already exists and is never overwritten. */
export class ResultExistsError extends QpoError {
  constructor(readonly jobId: string) {
    super('RESULT_EXISTS', `jobId: a result for '${jobId}' already exists; finished results are never overwritten (use a new job id)`, { path: 'jobId' });
  }
}

/** Both the quantum path and the fallback failed, or the fallback was disabled. */
export class JobFailedError extends QpoError {
  constructor(message: string, cause?: unknown) {
    super('JOB_FAILED', message, { cause });
  }
}

/**
 * The quantum path failed in a way the fallback may answer (backend error, no feasible sample).
 * `reason` is the fallback reason.
 */
export class QuantumPathError extends QpoError {
  constructor(
    message: string,
    readonly reason: string,
    cause?: unknown,
  ) {
    super('QUANTUM_PATH_FAILED', message, { cause });
  }
}

/** The quantum path ran out of the spec's time budget (`quantum.timeoutSeconds`). */
export class QuantumTimeoutError extends QpoError {
  constructor(message: string, cause?: unknown) {
    super('QUANTUM_TIMEOUT', message, { cause });
  }
}

/** Stable error names the state machine's Retry/Catch match (thrown by lib/jobs and its runners). */
export const JOB_ERROR_NAMES = {
  jobFailed: errorNameOf('JOB_FAILED'),
  resultPersist: errorNameOf('RESULT_NOT_PERSISTED'),
  resultExists: errorNameOf('RESULT_EXISTS'),
  quantumTimeout: errorNameOf('QUANTUM_TIMEOUT'),
  quantumPathFailed: errorNameOf('QUANTUM_PATH_FAILED'),
} as const;

/**
 * An error as it must leave a workflow task: a catalogued code whose `name` is the catalogue's (the
 * name Step Functions matches). Errors carrying a catalogued code under another name (e.g. an error
 * class of a handler) are re-thrown as QpoError with the same code, path, details and message;
 * anything else is returned unchanged (an internal error).
 */
export function asCatalogued(error: unknown): unknown {
  const e = error as { code?: unknown; name?: unknown } | null;
  if (!e || !isErrorCode(e.code) || e.name === errorNameOf(e.code)) return error;
  const { body } = describeError(error);
  return new QpoError(e.code, body.message, { path: body.path, details: body.details, cause: error });
}

/** Throw `error` as it must leave a workflow task (see asCatalogued). */
export function rethrowCatalogued(error: unknown): never {
  throw asCatalogued(error);
}
