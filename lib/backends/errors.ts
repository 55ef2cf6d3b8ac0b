/**
 * Errors of the backends layer: codes of the error catalogue (lib/contracts/errors.ts), which gives
 * each its name, kind, HTTP status, exit codes and fallback reason. Messages never contain credentials.
 */
import { errorNameOf, QpoError } from '../contracts/errors';
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

/** Error names, one per code, from the catalogue: BACKEND_JOB_TIMEOUT -> QPO.BackendJobTimeout. */
export const BACKEND_ERROR_NAMES: Readonly<Record<BackendErrorCode, string>> = Object.fromEntries(
  Object.values(BACKEND_ERROR_CODES).map((code) => [code, errorNameOf(code)]),
) as Record<BackendErrorCode, string>;

export interface BackendErrorOptions {
  readonly path?: string;
  readonly details?: Record<string, unknown>;
  readonly cause?: unknown;
}

/**
 * Any failure of a quantum backend. Its kind (user, provider, timeout), HTTP status and fallback
 * reason come from the catalogue entry of its code.
 */
export class BackendError extends QpoError {
  declare readonly code: BackendErrorCode;
  constructor(code: BackendErrorCode, message: string, options: BackendErrorOptions = {}) {
    super(code, message, options);
  }
}

/**
 * Replace every occurrence of the secrets in `text`, in every encoding, and credential-shaped
 * values with `***` (lib/backends/redact.ts has the Redactor this is a shorthand for).
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  return new Redactor(secrets).redact(text);
}
