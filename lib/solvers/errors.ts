/**
 * Errors of the solver layer, on the error catalogue (lib/contracts/errors.ts): each has a stable
 * `code` and the `name` derived from it (public: Step Functions Retry/Catch match it), the input
 * `path` it is about, and passes `cause` on.
 */
import { QpoError, type ErrorCode } from '../contracts/errors';

export class SolverError extends QpoError {
  constructor(code: ErrorCode, message: string, options: { field?: string; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(code, message, { path: options.field ?? null, details: options.details ?? null, cause: options.cause });
  }
}

/** The problem is too large for brute force (exact) or for the state-vector simulator. */
export class ProblemTooLargeError extends SolverError {
  constructor(message: string, options: { field?: string; details?: Record<string, unknown> } = {}) {
    super('PROBLEM_TOO_LARGE', message, options);
  }
}

/** A solver option is out of range or unknown. */
export class InvalidSolverOptionError extends SolverError {
  constructor(field: string, message: string) {
    super('INVALID_SOLVER_OPTION', message, { field });
  }
}

/** No feasible bitstring (sum(x) = B) was found among the measured samples. */
export class NoFeasibleSampleError extends SolverError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('NO_FEASIBLE_SAMPLE', message, details === undefined ? {} : { details });
  }
}

/** The solve was cancelled through its AbortSignal (e.g. the job timeout fired). */
export class SolveAbortedError extends SolverError {
  constructor(message: string, cause?: unknown) {
    super('SOLVE_ABORTED', message, { cause });
  }
}

/** An unknown solver name was asked of the registry. */
export class UnknownSolverError extends SolverError {
  constructor(name: string, known: readonly string[]) {
    super('UNKNOWN_SOLVER', `solver: '${name}' is not a known solver; use one of ${known.join(', ')}`, {
      field: 'solver',
    });
  }
}
