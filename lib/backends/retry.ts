/**
 * Bounded retry with full-jitter exponential backoff (AWS Architecture Blog, "Exponential Backoff
 * And Jitter"): attempt k waits uniform(0, min(maxDelay, base * 2^k)), or the server's
 * `Retry-After` when it gives one. Clock and randomness are parameters (STYLE.md practice 6).
 */

export interface RetryPolicy {
  /** Retries after the first attempt. @default 4 */
  readonly retries?: number;
  /** @default 200 */
  readonly baseDelayMs?: number;
  /** @default 5000 */
  readonly maxDelayMs?: number;
  readonly random?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Sleep `ms`, rejecting with the signal's reason when it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(timer); reject(signal!.reason); };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The delay before retry `attempt` (0-based), milliseconds. */
export function backoffDelayMs(attempt: number, policy: RetryPolicy = {}, retryAfterMs?: number): number {
  const cap = Math.min(policy.maxDelayMs ?? 5000, (policy.baseDelayMs ?? 200) * 2 ** attempt);
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs)) return Math.min(retryAfterMs, policy.maxDelayMs ?? 5000);
  return Math.floor((policy.random ?? Math.random)() * cap);
}
