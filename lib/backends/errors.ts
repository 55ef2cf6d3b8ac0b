/**
 * Errors of the backends layer: classes with a stable `name` and `code` (STYLE.md practice 8).
 * lib/jobs/errors.ts maps the codes to HTTP status and exit codes; FALLBACK_REASON_BY_CODE tells
 * the job layer which fallback reason a backend failure stands for. Messages never contain credentials.
 */
import { Redactor } from './redact';

export const BACKEND_ERROR_CODES = {
  /** `--backend` names no known provider or device (user error). */
  INVALID_BACKEND: 'INVALID_BACKEND',
  /** The provider's credentials or settings are missing (user error). */
  BACKEND_NOT_CONFIGURED: 'BACKEND_NOT_CONFIGURED',
  /** The provider rejected the credentials (IBM IAM / HTTP 401, AWS AccessDenied). */
  BACKEND_AUTH_FAILED: 'BACKEND_AUTH_FAILED',
  /** The device does not exist for this account (HTTP 404, user error). */
  BACKEND_NOT_FOUND: 'BACKEND_NOT_FOUND',
  /** The device is offline, paused, retired or in maintenance. */
  BACKEND_UNAVAILABLE: 'BACKEND_UNAVAILABLE',
  /** The device's queue is deeper than the job allows (`fallback.queueThreshold`). */
  BACKEND_QUEUE_TOO_LONG: 'BACKEND_QUEUE_TOO_LONG',
  /** A request failed after the bounded retries (429, 5xx, network). */
  BACKEND_REQUEST_FAILED: 'BACKEND_REQUEST_FAILED',
  /** The provider reports the job/task as failed or cancelled. */
  BACKEND_JOB_FAILED: 'BACKEND_JOB_FAILED',
  /** The job ran too long (IBM reason code 1305) or did not finish within our timeout; it was cancelled. */
  BACKEND_JOB_TIMEOUT: 'BACKEND_JOB_TIMEOUT',
  /** The provider's answer does not have the documented shape. */
  BACKEND_BAD_RESPONSE: 'BACKEND_BAD_RESPONSE',
  /** The run would exceed `limits.maxShots` (refused before submission, user error). */
  SHOT_LIMIT_EXCEEDED: 'SHOT_LIMIT_EXCEEDED',
  /** The run would exceed `limits.maxCostUsd` (refused before submission, user error). */
  COST_LIMIT_EXCEEDED: 'COST_LIMIT_EXCEEDED',
  /** The circuit needs more qubits than the device has (user error). */
  BACKEND_TOO_SMALL: 'BACKEND_TOO_SMALL',
} as const;

export type BackendErrorCode = (typeof BACKEND_ERROR_CODES)[keyof typeof BACKEND_ERROR_CODES];

/** Error names, one per code, e.g. BACKEND_JOB_TIMEOUT -> BackendJobTimeoutError. */
export const BACKEND_ERROR_NAMES: Readonly<Record<BackendErrorCode, string>> = Object.fromEntries(
  Object.values(BACKEND_ERROR_CODES).map((code) => [
    code,
    `${code.toLowerCase().split('_').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}Error`,
  ]),
) as Record<BackendErrorCode, string>;

/** Codes caused by the user's input or settings (HTTP 400, exit code 2). */
export const BACKEND_USER_ERROR_CODES: readonly BackendErrorCode[] = [
  'INVALID_BACKEND',
  'BACKEND_NOT_CONFIGURED',
  'BACKEND_NOT_FOUND',
  'SHOT_LIMIT_EXCEEDED',
  'COST_LIMIT_EXCEEDED',
  'BACKEND_TOO_SMALL',
];

/** The fallback reason of a backend failure (lib/jobs/fallback.ts); codes not listed are `backend-error`. */
export const FALLBACK_REASON_BY_CODE: Readonly<Partial<Record<string, 'backend-unavailable' | 'queue-overflow' | 'timeout'>>> = {
  BACKEND_UNAVAILABLE: 'backend-unavailable',
  BACKEND_AUTH_FAILED: 'backend-unavailable',
  BACKEND_QUEUE_TOO_LONG: 'queue-overflow',
  BACKEND_JOB_TIMEOUT: 'timeout',
};

export interface BackendErrorOptions {
  readonly path?: string;
  readonly details?: Record<string, unknown>;
  readonly cause?: unknown;
}

/** Any failure of a quantum backend. `name` is derived from `code` (BACKEND_ERROR_NAMES). */
export class BackendError extends Error {
  readonly path: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  constructor(
    readonly code: BackendErrorCode,
    message: string,
    options: BackendErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = BACKEND_ERROR_NAMES[code];
    this.path = options.path;
    this.details = options.details;
  }
}

/**
 * Replace every occurrence of the secrets in `text`, in every encoding, and credential-shaped
 * values with `***` (lib/backends/redact.ts has the Redactor this is a shorthand for).
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  return new Redactor(secrets).redact(text);
}
