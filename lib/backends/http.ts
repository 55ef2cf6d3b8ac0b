/**
 * JSON over HTTP with Node's fetch (undici): bounded, jittered retries on 429, 5xx and network
 * errors; the response body is read as text, then parsed (IBM's generated client does the same).
 */
import { BackendError } from './errors';
import { backoffDelayMs, sleep, type RetryPolicy } from './retry';

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
  /** Called before each retry (status 0 = network error). */
  readonly onRetry?: (status: number, attempt: number) => void;
}

const RETRYABLE = (status: number) => status === 429 || status >= 500;

/**
 * Send one request, retrying transient failures. Returns the final response whatever its status
 * (the caller maps errors); throws BACKEND_REQUEST_FAILED only when the network fails every time.
 */
export async function httpRequest(url: string, init: RequestInit, options: HttpOptions = {}): Promise<HttpResponse> {
  const doFetch = options.fetch ?? ((u, i) => fetch(u, i));
  const retries = options.retry?.retries ?? 4;
  const wait = options.retry?.sleep ?? sleep;
  for (let attempt = 0; ; attempt++) {
    let response: Response | undefined;
    try {
      response = await doFetch(url, { ...init, ...(options.signal ? { signal: options.signal } : {}) });
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (attempt >= retries) {
        throw new BackendError('BACKEND_REQUEST_FAILED', `${init.method ?? 'GET'} ${new URL(url).pathname}: network error after ${attempt + 1} attempts (${(error as Error).message})`, { cause: error });
      }
      options.onRetry?.(0, attempt);
      await wait(backoffDelayMs(attempt, options.retry), options.signal);
      continue;
    }
    const text = await response.text();
    if (RETRYABLE(response.status) && attempt < retries) {
      options.onRetry?.(response.status, attempt);
      const after = Number(response.headers.get('retry-after'));
      await wait(backoffDelayMs(attempt, options.retry, Number.isFinite(after) && after > 0 ? after * 1000 : undefined), options.signal);
      continue;
    }
    return { status: response.status, text, headers: response.headers };
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
