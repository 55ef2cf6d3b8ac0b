/**
 * JSON over HTTP with Node's fetch (undici), with deadlines: each attempt is aborted after
 * `attemptTimeoutMs` (connect, headers and the whole body), and the call, retries and backoff
 * included, ends at `deadlineMs`. Transient failures are retried with jittered backoff: 429 and 5xx
 * answers, and for idempotent requests also no answer at all (network error, timeout, a body cut
 * short) and a 2xx body that is not JSON. A server's `Retry-After` is honoured unless it reaches
 * past the deadline. The response body is read as text, then parsed (IBM's generated client does
 * the same).
 *
 * Errors: BACKEND_UNAVAILABLE when no attempt got an answer (details.noAnswer = true; for a
 * non-idempotent request details.ambiguous = true: the server may have acted on it),
 * BACKEND_BAD_RESPONSE when a 2xx body is not JSON; the caller's abort reason when its signal aborts.
 * Any other final status is returned for the caller to map.
 */
import { BackendError } from './errors';
import { backoffDelayMs, sleep, type RetryPolicy } from './retry';
import { DEFAULT_PROVIDER_TIMEOUTS, secondsText } from './timeouts';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface HttpResponse {
  readonly status: number;
  readonly text: string;
  readonly headers: Headers;
}

export interface HttpOptions {
  readonly fetch?: FetchLike;
  readonly retry?: RetryPolicy;
  readonly signal?: AbortSignal;
  /** One attempt, ms. @default 10000 */
  readonly attemptTimeoutMs?: number;
  /** The whole call, retries and backoff included, ms. @default 30000 */
  readonly deadlineMs?: number;
  /**
   * Whether repeating the request is harmless (GET, cancel). A non-idempotent request (job
   * creation) is not repeated after an ambiguous failure: the error says so and the caller decides.
   * @default true
   */
  readonly idempotent?: boolean;
  /** Require a JSON body on 2xx (a malformed body counts as a failed attempt). @default false */
  readonly json?: boolean;
  /** What the request is, for messages, e.g. `IBM Quantum list backends`. */
  readonly what?: string;
  /** Called before each retry (status 0 = no answer). */
  readonly onRetry?: (status: number, attempt: number) => void;
  readonly now?: () => number;
}

const RETRYABLE = (status: number) => status === 429 || status >= 500;

/** `Retry-After` in ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined if absent or bad. */
export function retryAfterMs(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** Why an attempt got no answer, in words. */
function noAnswerText(error: unknown, attemptTimedOut: boolean, attemptMs: number): string {
  if (attemptTimedOut) return `no answer within ${secondsText(attemptMs / 1000)}`;
  const e = error as { message?: string; cause?: { code?: string; message?: string } };
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `${e?.message ?? String(error)}${cause ? ` (${cause})` : ''}`;
}

/**
 * Send one request, retrying transient failures within the deadline. Returns the final response
 * whatever its status (the caller maps errors). See the module doc for what is thrown.
 */
export async function httpRequest(url: string, init: RequestInit, options: HttpOptions = {}): Promise<HttpResponse> {
  const doFetch = options.fetch ?? ((u, i) => fetch(u, i));
  const retries = options.retry?.retries ?? 4;
  const wait = options.retry?.sleep ?? sleep;
  const now = options.now ?? Date.now;
  const attemptMs = options.attemptTimeoutMs ?? DEFAULT_PROVIDER_TIMEOUTS.requestSeconds * 1000;
  const deadlineMs = options.deadlineMs ?? DEFAULT_PROVIDER_TIMEOUTS.callSeconds * 1000;
  const idempotent = options.idempotent ?? true;
  const what = options.what ?? `${init.method ?? 'GET'} ${new URL(url).pathname}`;
  const startedAt = now();
  const endsAt = startedAt + deadlineMs;
  const callSignal = AbortSignal.timeout(deadlineMs);
  const outer = options.signal ? AbortSignal.any([options.signal, callSignal]) : callSignal;
  let lastProblem = '';
  /** Wait before the next attempt, or return false when it would pass the deadline. */
  const backoff = async (attempt: number, serverMs?: number): Promise<boolean> => {
    const delay = serverMs ?? backoffDelayMs(attempt, options.retry);
    if (attempt >= retries || now() + delay >= endsAt) return false;
    try {
      await wait(delay, outer);
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      return false;
    }
    return true;
  };
  for (let attempt = 0; ; attempt++) {
    const attemptSignal = AbortSignal.any([outer, AbortSignal.timeout(Math.max(1, Math.min(attemptMs, endsAt - now())))]);
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, { ...init, signal: attemptSignal });
      text = await response.text();
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      lastProblem = noAnswerText(error, attemptSignal.aborted, Math.min(attemptMs, deadlineMs));
      if (!idempotent) {
        throw new BackendError('BACKEND_UNAVAILABLE', `${what}: ${lastProblem}; the request may or may not have reached the server`, { cause: error, details: { noAnswer: true, ambiguous: true } });
      }
      options.onRetry?.(0, attempt);
      if (await backoff(attempt)) continue;
      throw new BackendError('BACKEND_UNAVAILABLE', `${what}: no answer after ${attempt + 1} attempt${attempt ? 's' : ''} in ${secondsText((now() - startedAt) / 1000)} (last: ${lastProblem})`, { cause: error, details: { noAnswer: true } });
    }
    const ok = response.status >= 200 && response.status < 300;
    if (ok && options.json && text !== '' && !isJson(text)) {
      if (!idempotent) {
        throw new BackendError('BACKEND_BAD_RESPONSE', `${what}: the answer (HTTP ${response.status}) is not JSON; the request may or may not have been acted on`, { details: { httpStatus: response.status, ambiguous: true } });
      }
      options.onRetry?.(response.status, attempt);
      if (await backoff(attempt)) continue;
      throw new BackendError('BACKEND_BAD_RESPONSE', `${what}: the answer (HTTP ${response.status}) is not JSON (${attempt + 1} attempt${attempt ? 's' : ''})`, { details: { httpStatus: response.status } });
    }
    if (RETRYABLE(response.status)) {
      const serverMs = retryAfterMs(response.headers.get('retry-after'), now());
      options.onRetry?.(response.status, attempt);
      if (await backoff(attempt, serverMs)) continue;
    }
    return { status: response.status, text, headers: response.headers };
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Parse a JSON body or throw BACKEND_BAD_RESPONSE naming the request. */
export function parseJson<T>(response: HttpResponse, what: string): T {
  try {
    return JSON.parse(response.text) as T;
  } catch {
    throw new BackendError('BACKEND_BAD_RESPONSE', `${what}: the response is not JSON (HTTP ${response.status})`);
  }
}
