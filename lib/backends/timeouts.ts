/**
 * Deadlines of every provider call (IBM Quantum REST, IAM, Amazon Braket, S3, AWS Batch), in one
 * place so that sessions, pacing and the run plan (issue 11) reuse them:
 * - `requestSeconds`: one HTTP attempt, from connecting to the last byte of the body;
 * - `callSeconds`: one logical call, its retries and backoff included (a server's `Retry-After`
 *   beyond it ends the call instead of waiting);
 * - `probeSeconds`: all status queries of one provider together (`qpo backends`, `--dry-run`,
 *   CheckCapacity, the health check);
 * - `cleanupSeconds`: the grace after an abort or a failure for cancelling what is still running on
 *   the provider (jobs, tasks; later sessions). A budget is therefore kept within
 *   `budget + cleanupSeconds`.
 * All are seconds; the AbortSignals below are the only timers (AbortSignal.timeout is unref'd, so a
 * deadline never keeps the process alive).
 */
import { BackendError } from './errors';

export interface ProviderTimeouts {
  readonly requestSeconds: number;
  readonly callSeconds: number;
  readonly probeSeconds: number;
  readonly cleanupSeconds: number;
}

/** Defaults: 10 s per attempt, 30 s per call, 20 s per provider status check, 10 s of cleanup grace. */
export const DEFAULT_PROVIDER_TIMEOUTS: ProviderTimeouts = { requestSeconds: 10, callSeconds: 30, probeSeconds: 20, cleanupSeconds: 10 };

/**
 * The timeouts scaled from one per-attempt deadline (QPO_PROVIDER_TIMEOUT_SECONDS): the call gets
 * 3 attempts' worth, the status check 2, the cleanup grace 1.
 */
export function timeoutsFromRequestSeconds(requestSeconds: number): ProviderTimeouts {
  return { requestSeconds, callSeconds: 3 * requestSeconds, probeSeconds: 2 * requestSeconds, cleanupSeconds: requestSeconds };
}

/** Fill the unset fields with the defaults. */
export function resolveTimeouts(partial: Partial<ProviderTimeouts> | undefined): ProviderTimeouts {
  return { ...DEFAULT_PROVIDER_TIMEOUTS, ...(partial ?? {}) };
}

/** A signal that aborts after `seconds` (reason: a TimeoutError DOMException) or with `parent`. */
export function deadline(seconds: number, parent?: AbortSignal): AbortSignal {
  const timeout = AbortSignal.timeout(Math.max(1, Math.round(seconds * 1000)));
  return parent ? AbortSignal.any([parent, timeout]) : timeout;
}

/**
 * Run `fn` with a signal that also aborts after `seconds`. When that deadline (not the caller)
 * ended it, throw BACKEND_UNAVAILABLE `<what>: no answer within <seconds>` (details.noAnswer);
 * when the caller's signal aborted, its reason.
 */
export async function withinDeadline<T>(seconds: number, what: string, signal: AbortSignal | undefined, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const own = deadline(seconds);
  try {
    return await fn(signal ? AbortSignal.any([signal, own]) : own);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (own.aborted) throw new BackendError('BACKEND_UNAVAILABLE', `${what}: no answer within ${secondsText(seconds)}`, { cause: error, details: { noAnswer: true } });
    throw error;
  }
}

/** Seconds as a person reads them: `3 s`, `0.25 s`. */
export const secondsText = (s: number): string => `${Number(s.toFixed(3))} s`;

/**
 * The NodeHttpHandler settings (the `requestHandler` option of an AWS SDK v3 client) under
 * `timeouts`: connect within min(5 s, one attempt); response headers within one attempt, thrown as
 * a TimeoutError the SDK retries (not just a logged warning); no socket idle longer than one
 * attempt (a body that stalls). Used by the Braket, S3 and Batch clients.
 */
export function awsRequestHandler(timeouts: Partial<ProviderTimeouts> = {}) {
  const ms = resolveTimeouts(timeouts).requestSeconds * 1000;
  return { connectionTimeout: Math.min(5000, ms), requestTimeout: ms, throwOnRequestTimeout: true, socketTimeout: ms };
}
