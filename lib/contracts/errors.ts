/**
 * The error catalogue: every error code qpo throws, at the bottom of the layers (this module imports
 * nothing). Each entry gives the public `name` (Lambda reports it as `errorType`; Step Functions
 * `Retry`/`Catch` match it in `ErrorEquals`), the `kind` (who caused it), the HTTP status of the API,
 * the fallback reason of a quantum-path failure, and a message template used when a thrower gives
 * none. Everything else is derived from it, never kept by hand:
 *
 * - HTTP statuses: `httpStatusOf(code)` (the API handlers).
 * - CLI exit codes: `cliExitCodeOf(code)`: 0 success, 1 internal/provider/timeout, 2 the user's mistake.
 * - Batch container exit codes: `batchExitCodeOf(code)`: 0 answered, 1 internal, 2 input rejected,
 *   3 quantum path failed (the fallback answers).
 * - The state machine's `ErrorEquals`: `errorNamesOfKind('user')` and the single names below.
 *
 * Our names are `QPO.<PascalCase code>`; Step Functions' own `States.*` names are never borrowed.
 * Kinds: `user` (bad input or settings: HTTP 4xx, exit code 2, no stack trace), `provider` (a quantum
 * provider or the quantum path failed: the fallback may answer), `timeout` (a budget ran out: the
 * fallback may answer), `internal` (a bug or an infrastructure failure: HTTP 5xx, exit code 1).
 */

export type ErrorKind = 'user' | 'provider' | 'timeout' | 'internal';

/** Why the classical fallback answered instead of the quantum path. */
export type QuantumFailureReason = 'backend-unavailable' | 'queue-overflow' | 'timeout' | 'backend-error' | 'no-feasible-sample' | 'test-mode' | 'plan-exceeds-budget' | 'quota';

export interface CatalogueEntry {
  readonly kind: ErrorKind;
  /** HTTP status of an API answer carrying this error. */
  readonly httpStatus: number;
  /** The message when the thrower gives none; `{path}` is replaced by the field path. */
  readonly template: string;
  /** For provider and timeout kinds: the fallback reason recorded in the result. */
  readonly fallbackReason?: QuantumFailureReason;
  /**
   * A 5xx whose message is safe and useful to show to API clients (it names no internals): the API
   * returns it instead of the generic "internal error". User errors' messages are always shown.
   */
  readonly expose?: boolean;
}

const user = (template: string, httpStatus = 400): CatalogueEntry => ({ kind: 'user', httpStatus, template });
const provider = (template: string, fallbackReason: QuantumFailureReason, httpStatus = 502): CatalogueEntry => ({ kind: 'provider', httpStatus, template, fallbackReason });
const internal = (template: string, httpStatus = 500): CatalogueEntry => ({ kind: 'internal', httpStatus, template });

/** The catalogue, by code. Codes are stable: clients match them. */
export const ERROR_CATALOGUE = {
  // --- the user's input (JobSpec, CLI flags, config files, API requests)
  INVALID_INPUT: user('{path}: invalid value; see qpo optimize --help or docs/cli.md'),
  INVALID_ARGUMENT: user('{path}: invalid argument'),
  USAGE: user('invalid command line; run qpo --help'),
  INVALID_PRICES: user('{path}: the price data is malformed; a CSV needs a date column and one positive price column per ticker'),
  UNKNOWN_TICKER: user('{path}: unknown ticker; use a column of the price file'),
  INSUFFICIENT_DATA: user('{path}: too few price rows; widen the date range'),
  INVALID_PROBLEM: user('{path}: the problem is out of range'),
  INVALID_SOLVER_OPTION: user('{path}: invalid solver option'),
  UNKNOWN_SOLVER: user('{path}: unknown solver; use auto, quantum, classical or exact'),
  UNKNOWN_OPTIMIZER: user('{path}: unknown optimizer'),
  INVALID_OPTIMIZER_OPTION: user('{path}: invalid optimizer option'),
  PROBLEM_TOO_LARGE: user('{path}: the problem is too large for this solver; use fewer assets or --solver classical'),
  STATE_TOO_LARGE: user('{path}: the state vector does not fit in memory; use fewer assets or --solver classical'),
  INVALID_CIRCUIT: user('{path}: invalid circuit'),
  INVALID_BACKEND: user('{path}: unknown backend; run qpo backends for the valid names'),
  BACKEND_NOT_CONFIGURED: user('{path}: the provider is not configured; set its credentials (docs/backends.md)'),
  BACKEND_NOT_FOUND: user('{path}: no such device for this account; run qpo backends', 404),
  SHOT_LIMIT_EXCEEDED: user('{path}: the run needs more shots than limits.maxShots allows'),
  COST_LIMIT_EXCEEDED: user('{path}: the run would cost more than limits.maxCostUsd allows'),
  BACKEND_TOO_SMALL: user('{path}: the device has fewer qubits than the circuit needs'),
  RESULT_EXISTS: user('jobId: a result for this job already exists and is never overwritten; use a new job id', 409),
  JOB_NOT_FOUND: user('jobId: no such job', 404),
  IDEMPOTENCY_CONFLICT: user('Idempotency-Key: the key was used with a different request body; use a new key', 409),
  EXECUTION_EXISTS: user('an execution with this name already exists with a different input; use a new job id', 409),
  PAYLOAD_TOO_LARGE: user('body: the request body is too large', 413),
  ACCESS_DENIED: user('the API refused the request (403); check the AWS credentials and their execute-api:Invoke permission', 403),
  CREDENTIALS_MISSING: user('no AWS credentials were found; set AWS_PROFILE or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY', 401),
  API_UNREACHABLE: user('the API could not be reached; check --api (or QPO_API_URL) and the network', 502),
  MARKET_DATA_NOT_CONFIGURED: user('{path}: the market-data source needs an API token; set TIINGO_API_KEY, or use the bundled prices or a CSV file'),
  MARKET_DATA_RATE_LIMITED: user('{path}: the market-data service refused the request for its rate limit; wait, or use prices already cached', 429),
  MARKET_DATA_UNAVAILABLE: user('{path}: the market-data service could not be reached or answered with an unexpected response', 502),
  JOB_NOT_CANCELLABLE: user('jobId: the job has already finished; there is nothing to cancel', 409),
  JOB_STILL_RUNNING: user('jobId: the job is still running; cancel it first or wait for it to finish', 409),
  JOB_CANCELLED: user('the job was cancelled', 409),
  // --- the quantum path and its providers: the classical fallback may answer
  BACKEND_AUTH_FAILED: provider('the provider rejected the credentials', 'backend-unavailable'),
  BACKEND_UNAVAILABLE: provider('the quantum backend is offline or unreachable', 'backend-unavailable', 503),
  BACKEND_QUEUE_TOO_LONG: provider('the quantum backend queue is longer than fallback.queueThreshold', 'queue-overflow', 503),
  PLAN_EXCEEDS_BUDGET: provider('the execution plan does not fit quantum.timeoutSeconds or the limits in any mode; no provider job was created', 'plan-exceeds-budget', 503),
  QUOTA_EXCEEDED: provider("the provider instance's usage limit is reached; no provider job was created", 'quota', 503),
  BACKEND_REQUEST_FAILED: provider('a request to the provider failed after retries', 'backend-error'),
  BACKEND_JOB_FAILED: provider('the provider reports the job as failed or cancelled', 'backend-error'),
  BACKEND_BAD_RESPONSE: provider('the provider answered with an undocumented shape', 'backend-error'),
  NO_FEASIBLE_SAMPLE: provider('no measured bitstring meets the budget', 'no-feasible-sample', 500),
  QUANTUM_PATH_FAILED: provider('the quantum path failed', 'backend-error', 500),
  SIMULATED_QUANTUM_FAILURE: provider('a quantum-path failure simulated by test mode (fallback.testMode) to exercise the fallback', 'test-mode', 500),
  BACKEND_JOB_TIMEOUT: { kind: 'timeout', httpStatus: 504, template: 'the provider job did not finish in time and was cancelled', fallbackReason: 'timeout' },
  QUANTUM_TIMEOUT: { kind: 'timeout', httpStatus: 504, template: 'the quantum path ran out of its time budget', fallbackReason: 'timeout' },
  SOLVE_ABORTED: { kind: 'timeout', httpStatus: 504, template: 'the solve was stopped', fallbackReason: 'timeout' },
  // --- bugs and infrastructure
  INTERNAL: internal('internal error'),
  QUANTUM_ERROR: internal('internal error of the simulator'),
  OPTIMIZER_ERROR: internal('internal error of the optimizer'),
  JOB_FAILED: internal('the job failed: the quantum path and the fallback did not answer'),
  RESULT_NOT_PERSISTED: internal('the result could not be written'),
  RESULT_CORRUPT: { kind: 'internal', httpStatus: 502, template: 'the stored result is not a valid ResultRecord; re-run the job under a new job id', expose: true },
  SERVICE_BUSY: { kind: 'internal', httpStatus: 503, template: 'the service is busy (AWS throttled the request); retry after the Retry-After seconds', expose: true },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

const CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

/** Whether `code` is in the catalogue. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CATALOGUE, code);
}

/** The entry of a code; unknown codes are INTERNAL. */
export function entryOf(code: unknown): CatalogueEntry {
  return isErrorCode(code) ? ERROR_CATALOGUE[code] : ERROR_CATALOGUE.INTERNAL;
}

/** The public name of a code: `RESULT_NOT_PERSISTED` -> `QPO.ResultNotPersisted`. */
export function errorNameOf(code: ErrorCode): string {
  return `QPO.${code
    .toLowerCase()
    .split('_')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('')}`;
}

const CODE_BY_NAME: ReadonlyMap<string, ErrorCode> = new Map(CODES.map((c) => [errorNameOf(c), c]));

/** The code of a public name (`QPO.UnknownTicker` -> `UNKNOWN_TICKER`), or undefined. */
export function codeOfName(name: unknown): ErrorCode | undefined {
  return typeof name === 'string' ? CODE_BY_NAME.get(name) : undefined;
}

/** Names of every code of a kind, in catalogue order (for `ErrorEquals`). */
export function errorNamesOfKind(kind: ErrorKind): string[] {
  return CODES.filter((c) => ERROR_CATALOGUE[c].kind === kind).map(errorNameOf);
}

/** HTTP status of an error code (unknown codes: 500). */
export function httpStatusOf(code: unknown): number {
  return entryOf(code).httpStatus;
}

/** CLI exit codes. */
export const EXIT = { ok: 0, failure: 1, userError: 2 } as const;

/** Exit code of the CLI for an error code: 2 for the user's mistakes, 1 otherwise. */
export function cliExitCodeOf(code: unknown): number {
  return entryOf(code).kind === 'user' ? EXIT.userError : EXIT.failure;
}

/**
 * Exit codes of the Batch container (batch-image): the state machine sees any non-zero exit as
 * `States.TaskFailed` with the DescribeJobs description as `Cause`, and the fallback step reads the
 * code from `container.exitCode`.
 */
export const BATCH_EXIT = { answered: 0, internal: 1, inputRejected: 2, quantumPathFailed: 3 } as const;

/** The Batch container's exit code for an error code. */
export function batchExitCodeOf(code: unknown): number {
  const { kind } = entryOf(code);
  if (kind === 'user') return BATCH_EXIT.inputRejected;
  if (kind === 'provider' || kind === 'timeout') return BATCH_EXIT.quantumPathFailed;
  return BATCH_EXIT.internal;
}

/** The fallback reason of a quantum-path failure with this code (internal errors: backend-error). */
export function fallbackReasonOfCode(code: unknown): QuantumFailureReason {
  return entryOf(code).fallbackReason ?? 'backend-error';
}

/** The template message of a code with `{path}` filled in. */
export function templateMessage(code: unknown, path: string | null): string {
  return entryOf(code).template.replace('{path}', path ?? 'input');
}

export interface QpoErrorOptions {
  /** The input field the error is about, e.g. `portfolio.tickers` or `quantum.shots`. */
  readonly path?: string | null;
  /** JSON-safe facts: the bad value, the valid range, ... */
  readonly details?: Readonly<Record<string, unknown>> | null;
  /** The underlying error, passed on unchanged. */
  readonly cause?: unknown;
}

/**
 * The base of every qpo error: a catalogued `code`, the `name` derived from it, the input `path` and
 * JSON-safe `details`. Each layer's errors.ts subclasses it (or throws it with a code).
 *
 * @example throw new QpoError('INVALID_INPUT', 'quantum.shots: 0 is out of range; must be between 1 and 100000', { path: 'quantum.shots' })
 */
export class QpoError extends Error {
  override name: string;
  readonly code: ErrorCode;
  readonly path: string | null;
  readonly details: Readonly<Record<string, unknown>> | null;

  constructor(code: ErrorCode, message?: string, options: QpoErrorOptions = {}) {
    super(message || templateMessage(code, options.path ?? null), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = errorNameOf(code);
    this.path = options.path ?? null;
    this.details = options.details ?? null;
  }

  get kind(): ErrorKind {
    return ERROR_CATALOGUE[this.code].kind;
  }

  /** `{ code, message, path, details }` (the public error body; no stack). */
  toJSON(): ErrorBody {
    return { code: this.code, message: this.message, path: this.path, details: this.details };
  }
}

/** The public error body of the API and of `--json` output. */
export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly path: string | null;
  readonly details: Readonly<Record<string, unknown>> | null;
}

export interface DescribedError {
  readonly body: ErrorBody;
  readonly kind: ErrorKind;
  readonly httpStatus: number;
  readonly exitCode: number;
  /** True when the user's input caused it (no stack trace is shown). */
  readonly userError: boolean;
}

/**
 * Any thrown value as its public description. A value with a catalogued `code` keeps it; a value
 * whose `name` is a catalogued name (e.g. a Step Functions `Error`) takes that code; anything else
 * is INTERNAL.
 */
export function describeError(error: unknown): DescribedError {
  const e = (error ?? {}) as { code?: unknown; name?: unknown; message?: unknown; path?: unknown; details?: unknown };
  const code: ErrorCode = isErrorCode(e.code) ? e.code : (codeOfName(e.name) ?? 'INTERNAL');
  const entry = ERROR_CATALOGUE[code];
  const path = typeof e.path === 'string' ? e.path : null;
  const message = typeof e.message === 'string' && e.message ? e.message : error instanceof Error || error === undefined || error === null ? templateMessage(code, path) : String(error);
  const details = e.details && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : null;
  return {
    body: { code, message, path, details },
    kind: entry.kind,
    httpStatus: entry.httpStatus,
    exitCode: cliExitCodeOf(code),
    userError: entry.kind === 'user',
  };
}
