/**
 * Polling with capped exponential backoff and a deadline, shared by the IBM and Braket samplers.
 * Whenever polling ends without a terminal state (the deadline, an abort, a failed poll) the caller's
 * `cancel` runs, best effort and bounded by the provider's cleanup grace, before the error is
 * thrown: a job we stop watching is never left running.
 */
import { BackendError } from './errors';
import { sleep } from './retry';

/**
 * Largest wait between polls by default, ms: a job that waits 20 s in a queue is seen done within
 * 5 s of it, at 12 polls per minute per running job (well within the providers' read limits).
 */
export const POLL_MAX_INTERVAL_MS = 5000;

export interface PollOptions {
  /** First wait, ms. @default 1000 */
  readonly initialIntervalMs?: number;
  /** Largest wait, ms. @default POLL_MAX_INTERVAL_MS (5000) */
  readonly maxIntervalMs?: number;
  /** Growth per poll. @default 1.5 */
  readonly factor?: number;
  /** Give up (and cancel) after this long, seconds. @default 3600 */
  readonly timeoutSeconds?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Call `check` until it returns a value (not undefined). Cancels and throws BACKEND_JOB_TIMEOUT
 * after `timeoutSeconds`; cancels and re-throws when `signal` aborts or `check` throws.
 */
export async function pollUntil<T>(
  what: string,
  check: () => Promise<T | undefined>,
  cancel: () => Promise<void>,
  options: PollOptions = {},
  signal?: AbortSignal,
): Promise<T> {
  const now = options.now ?? Date.now;
  const wait = options.sleep ?? sleep;
  const deadline = now() + (options.timeoutSeconds ?? 3600) * 1000;
  let interval = options.initialIntervalMs ?? 1000;
  let failure: unknown;
  try {
    for (;;) {
      const value = await check();
      if (value !== undefined) return value;
      if (now() >= deadline) {
        failure = new BackendError('BACKEND_JOB_TIMEOUT', `${what} did not finish within ${options.timeoutSeconds ?? 3600} s; it was cancelled`);
        break;
      }
      await wait(Math.min(interval, Math.max(0, deadline - now())), signal);
      interval = Math.min(options.maxIntervalMs ?? POLL_MAX_INTERVAL_MS, interval * (options.factor ?? 1.5));
    }
  } catch (error) {
    failure = error;
  }
  await cancel().catch(() => undefined);
  throw failure;
}
