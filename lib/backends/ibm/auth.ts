/**
 * IBM Cloud IAM: API key -> bearer token (`POST /identity/token`, form
 * `grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=...`; response
 * `{access_token, expires_in, expiration, token_type}`), cached until shortly before it expires
 * (qiskit-ibm-runtime `api/auth.py`; IBM Quantum docs "cloud-setup-rest-api"). The key is only ever
 * sent in that form body; errors and logs never contain it.
 */
import { BackendError } from '../errors';
import { Redactor } from '../redact';
import { httpRequest, parseJson, type FetchLike } from '../http';
import type { RetryPolicy } from '../retry';
import { resolveTimeouts, type ProviderTimeouts } from '../timeouts';

export const DEFAULT_IAM_URL = 'https://iam.cloud.ibm.com';

export interface IamOptions {
  readonly apiKey: string;
  /** IAM host, e.g. `https://iam.cloud.ibm.com` (the path `/identity/token` is appended). */
  readonly iamUrl?: string;
  readonly fetch?: FetchLike;
  readonly retry?: RetryPolicy;
  /** Milliseconds since the epoch. */
  readonly now?: () => number;
  /** Deadlines of the token exchange (one attempt, the call). */
  readonly timeouts?: Partial<ProviderTimeouts>;
  /** Learns every token issued (so no message shows one); the key is added too. */
  readonly redactor?: Redactor;
}

/** Refresh this long before expiry: 10 % of the lifetime, at most 5 minutes. */
function refreshMarginMs(expiresInSeconds: number): number {
  return Math.min(300_000, expiresInSeconds * 100);
}

export class IamTokenProvider {
  private token: string | undefined;
  private refreshAtMs = 0;
  private pending: Promise<string> | undefined;
  readonly redactor: Redactor;

  constructor(private readonly options: IamOptions) {
    this.redactor = options.redactor ?? new Redactor();
    this.redactor.add(options.apiKey);
  }

  /** A valid bearer token, from the cache when it is not about to expire. */
  async getToken(signal?: AbortSignal): Promise<string> {
    const now = (this.options.now ?? Date.now)();
    if (this.token && now < this.refreshAtMs) return this.token;
    this.pending ??= this.exchange(signal).finally(() => { this.pending = undefined; });
    return this.pending;
  }

  /** Forget the cached token (after a 401 from the API). */
  invalidate(): void {
    this.token = undefined;
    this.refreshAtMs = 0;
  }

  private async exchange(signal?: AbortSignal): Promise<string> {
    const url = `${(this.options.iamUrl ?? DEFAULT_IAM_URL).replace(/\/$/, '')}/identity/token`;
    const body = new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey: this.options.apiKey });
    const t = resolveTimeouts(this.options.timeouts);
    const response = await httpRequest(
      url,
      { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body: body.toString() },
      {
        ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
        ...(this.options.retry ? { retry: this.options.retry } : {}),
        ...(signal ? { signal } : {}),
        attemptTimeoutMs: t.requestSeconds * 1000,
        deadlineMs: t.callSeconds * 1000,
        json: true,
        what: 'IBM Cloud IAM token exchange',
      },
    );
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      const why = this.redactor.quote(parseIamError(response.text));
      throw new BackendError('BACKEND_AUTH_FAILED', `IBM Cloud IAM rejected the API key (HTTP ${response.status}${why ? `: ${why}` : ''}); check QPO_IBM_API_KEY`);
    }
    if (response.status !== 200) {
      throw new BackendError('BACKEND_REQUEST_FAILED', `IBM Cloud IAM token exchange failed with HTTP ${response.status}`);
    }
    const json = parseJson<{ access_token?: unknown; refresh_token?: unknown; expires_in?: unknown }>(response, 'IAM token');
    if (typeof json.access_token === 'string') this.redactor.add(json.access_token);
    if (typeof json.refresh_token === 'string') this.redactor.add(json.refresh_token);
    if (typeof json.access_token !== 'string' || typeof json.expires_in !== 'number') {
      throw new BackendError('BACKEND_BAD_RESPONSE', 'IAM token: access_token or expires_in is missing');
    }
    this.token = json.access_token;
    this.refreshAtMs = (this.options.now ?? Date.now)() + json.expires_in * 1000 - refreshMarginMs(json.expires_in);
    return this.token;
  }
}

function parseIamError(text: string): string {
  try {
    const j = JSON.parse(text) as { errorMessage?: string; errorCode?: string };
    return [j.errorCode, j.errorMessage].filter(Boolean).join(' ');
  } catch {
    return '';
  }
}
