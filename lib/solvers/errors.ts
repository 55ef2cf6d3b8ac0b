/**
 * Errors of the solver layer. Each has a stable `name` (public: Step Functions Retry/Catch match it)
 * and a `code` (stable, machine-readable), and passes `cause` on.
 */
export class SolverError extends Error {
  override readonly name: string = 'SolverError';
  readonly code: string;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: string,
    message: string,
    options: { field?: string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.field = options.field;
    this.details = options.details;
  }
}

/** The problem is too large for brute force (exact) or for the state-vector simulator. */
export class ProblemTooLargeError extends SolverError {
  override readonly name = 'ProblemTooLargeError';
  constructor(message: string, options: { field?: string; details?: Record<string, unknown> } = {}) {
    super('PROBLEM_TOO_LARGE', message, options);
  }
}

/** A solver option is out of range or unknown. */
export class InvalidSolverOptionError extends SolverError {
  override readonly name = 'InvalidSolverOptionError';
  constructor(field: string, message: string) {
    super('INVALID_SOLVER_OPTION', message, { field });
  }
}

/** No feasible bitstring (sum(x) = B) was found among the measured samples. */
export class NoFeasibleSampleError extends SolverError {
  override readonly name = 'NoFeasibleSampleError';
  constructor(message: string, details?: Record<string, unknown>) {
    super('NO_FEASIBLE_SAMPLE', message, details === undefined ? {} : { details });
  }
}

/** The solve was cancelled through its AbortSignal (e.g. the job timeout fired). */
export class SolveAbortedError extends SolverError {
  override readonly name = 'SolveAbortedError';
  constructor(message: string, cause?: unknown) {
    super('SOLVE_ABORTED', message, { cause });
  }
}

/** An unknown solver name was asked of the registry. */
export class UnknownSolverError extends SolverError {
  override readonly name = 'UnknownSolverError';
  constructor(name: string, known: readonly string[]) {
    super('UNKNOWN_SOLVER', `solver: '${name}' is not a known solver; use one of ${known.join(', ')}`, {
      field: 'solver',
    });
  }
}
