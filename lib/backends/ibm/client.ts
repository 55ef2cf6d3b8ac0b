/**
 * IBM Quantum Platform REST client (Qiskit Runtime API, `https://quantum.cloud.ibm.com/api/v1`):
 * backends, status, configuration, least-busy selection, Sampler V2 jobs. Every call carries
 * `Authorization: Bearer <IAM token>`, `Service-CRN` and the pinned `IBM-API-Version`.
 * Source: ../shared/contracts/ibm-quantum.md (IBM docs "sampler-rest-api", qiskit-ibm-runtime
 * `api/rest/*.py`, the OpenAPI-generated client in qiskit-community/qrmi).
 *
 * Every call has the deadlines of lib/backends/timeouts.ts: one attempt, one call with its retries;
 * a cancellation gets its own deadline (the cleanup grace), so it is sent even after the caller's
 * signal aborted. Job creation is not idempotent on IBM's side: after an ambiguous failure (no
 * answer, a body cut short or not JSON) the client looks the job up by a unique tag
 * (`GET /v1/jobs?tags=`) before it creates it again, so a job is never created (and paid) twice.
 *
 * Errors: 401 -> BACKEND_AUTH_FAILED (after one token refresh), 404 -> BACKEND_NOT_FOUND,
 * 429 / 5xx -> retried with jittered backoff within the call's deadline, then
 * BACKEND_REQUEST_FAILED (503 and 429: BACKEND_UNAVAILABLE); no answer -> BACKEND_UNAVAILABLE; IBM's error
 * body `{trace, errors: [{code, message}]}` is quoted in the message.
 */
import { randomUUID } from 'node:crypto';
import { BackendError } from '../errors';
import { Redactor } from '../redact';
import { httpRequest, parseJson, type FetchLike, type HttpOptions, type HttpResponse } from '../http';
import { sleep, type RetryPolicy } from '../retry';
import { deadline, resolveTimeouts, secondsText, type ProviderTimeouts } from '../timeouts';
import { IamTokenProvider } from './auth';
import { apiUrlOfCrn } from './crn';

/** The pinned API version (qiskit-ibm-runtime sends this date; >= 2025-01-01 gives the V2 backend list). */
export const IBM_API_VERSION = '2026-04-15';

/** `GET /v1/backends/{id}/properties` (the parts qpo reads). */
export interface IbmBackendProperties {
  readonly backend_name?: string;
  readonly last_update_date?: string;
  readonly qubits?: readonly (readonly { readonly name: string; readonly value: number; readonly unit?: string; readonly date?: string }[])[];
}

export interface IbmClientOptions {
  readonly apiKey: string;
  readonly crn: string;
  /** API base up to `/api`; default from the CRN's region. */
  readonly apiUrl?: string;
  readonly iamUrl?: string;
  readonly fetch?: FetchLike;
  readonly retry?: RetryPolicy;
  readonly now?: () => number;
  /**
   * Client-side pacing of job creation: IBM limits `POST /v1/jobs` to 5 jobs per minute per user,
   * so the client waits rather than collecting 429s. @default 5 (Infinity turns pacing off)
   */
  readonly jobsPerMinute?: number;
  /** The pacing window, ms (a minute; a test server with a faster clock shortens it). @default 60000 */
  readonly pacingWindowMs?: number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Deadlines (lib/backends/timeouts.ts). */
  readonly timeouts?: Partial<ProviderTimeouts>;
  /** Redacts the key and every token from messages (shared with the layer above). */
  readonly redactor?: Redactor;
}

/** The prefix of the tag that identifies one job creation (`qpo-request-<uuid>`). */
export const REQUEST_TAG_PREFIX = 'qpo-request-';

/** A fresh request tag. */
export const newRequestTag = (): string => `${REQUEST_TAG_PREFIX}${randomUUID()}`;

/** `GET /v1/backends` device entry (BackendsResponseV2). */
export interface IbmDevice {
  readonly name: string;
  readonly status: { readonly name: 'online' | 'paused' | 'offline' | string; readonly reason?: string | null };
  readonly is_simulator?: boolean;
  readonly qubits: number;
  readonly queue_length: number;
  readonly processor_type?: { readonly family?: string; readonly revision?: string };
}

/** `GET /v1/backends/{id}/status`. */
export interface IbmBackendStatus {
  readonly state: boolean;
  readonly status: string;
  readonly message?: string;
  readonly length_queue: number;
}

/** The parts of `GET /v1/backends/{id}/configuration` we use. */
export interface IbmBackendConfiguration {
  readonly backend_name: string;
  readonly n_qubits: number;
  readonly basis_gates: readonly string[];
  readonly coupling_map?: readonly (readonly [number, number])[];
  readonly max_shots?: number;
  readonly simulator?: boolean;
}

export type IbmJobStatus = 'Queued' | 'Running' | 'Completed' | 'Cancelled' | 'Failed';

/** `GET /v1/jobs/{id}` (JobResponse). */
export interface IbmJob {
  readonly id: string;
  readonly backend?: string;
  readonly status?: IbmJobStatus;
  readonly state: { readonly status: IbmJobStatus; readonly reason?: string | null; readonly reason_code?: number | null };
  readonly created?: string;
  readonly usage?: { readonly seconds?: number; readonly quantum_seconds?: number };
}

/** `GET /v1/jobs/{id}/metrics` (JobMetrics), the parts we read. */
export interface IbmJobMetrics {
  readonly timestamps?: { readonly created?: string | null; readonly running?: string | null; readonly finished?: string | null };
  readonly usage?: { readonly quantum_seconds?: number; readonly seconds?: number };
  readonly position_in_queue?: number | null;
}

/** `POST /v1/sessions` / `GET /v1/sessions/{id}` (the parts we read). */
export interface IbmSession {
  readonly id: string;
  readonly mode?: 'dedicated' | 'batch';
  readonly state?: 'open' | 'active' | 'inactive' | 'closed';
  readonly accepting_jobs?: boolean;
  readonly max_ttl?: number;
  readonly interactive_ttl?: number;
  /** Seconds the session has been active (a dedicated session is billed for this wall time). */
  readonly elapsed_time?: number;
}

/** `GET /v1/usage`: quantum seconds used and allowed in the instance's current period. */
export interface IbmUsage {
  readonly instance_id?: string;
  readonly plan_id?: string;
  readonly usage_consumed_seconds: number;
  readonly usage_limit_seconds?: number | null;
  readonly usage_remaining_seconds?: number | null;
  readonly usage_limit_reached?: boolean;
  readonly usage_period?: { readonly start_time?: string; readonly end_time?: string };
}

export class IbmRuntimeClient {
  readonly apiUrl: string;
  readonly timeouts: ProviderTimeouts;
  readonly redactor: Redactor;
  private readonly iam: IamTokenProvider;
  /** Creation times (ms) of the most recent jobs, for pacing. */
  private readonly created: { at: number }[] = [];

  constructor(private readonly options: IbmClientOptions) {
    if (!options.apiKey) throw new BackendError('BACKEND_NOT_CONFIGURED', 'QPO_IBM_API_KEY is not set; IBM Quantum needs an API key', { path: 'QPO_IBM_API_KEY' });
    if (!options.crn) throw new BackendError('BACKEND_NOT_CONFIGURED', 'QPO_IBM_INSTANCE_CRN is not set; IBM Quantum needs the instance CRN', { path: 'QPO_IBM_INSTANCE_CRN' });
    this.apiUrl = (options.apiUrl ?? apiUrlOfCrn(options.crn)).replace(/\/$/, '');
    this.timeouts = resolveTimeouts(options.timeouts);
    this.redactor = options.redactor ?? new Redactor();
    this.iam = new IamTokenProvider({
      apiKey: options.apiKey,
      timeouts: this.timeouts,
      redactor: this.redactor,
      ...(options.iamUrl ? { iamUrl: options.iamUrl } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  }

  /** One API call: auth headers, deadlines, retries, one token refresh on 401, error mapping. */
  private async call<T>(method: string, path: string, what: string, body?: unknown, signal?: AbortSignal, http: Partial<HttpOptions> = {}): Promise<T> {
    for (let refreshed = false; ; refreshed = true) {
      const token = await this.iam.getToken(signal);
      const response = await httpRequest(
        `${this.apiUrl}${path}`,
        {
          method,
          headers: {
            Authorization: `Bearer ${token}`,
            'Service-CRN': this.options.crn,
            'IBM-API-Version': IBM_API_VERSION,
            Accept: 'application/json',
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        },
        {
          ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
          ...(this.options.retry ? { retry: this.options.retry } : {}),
          ...(signal ? { signal } : {}),
          attemptTimeoutMs: this.timeouts.requestSeconds * 1000,
          deadlineMs: this.timeouts.callSeconds * 1000,
          json: true,
          what: `IBM Quantum ${what}`,
          ...http,
        },
      );
      if (response.status === 401 && !refreshed) {
        this.iam.invalidate();
        continue;
      }
      if (response.status >= 200 && response.status < 300) return (response.text ? parseJson<T>(response, what) : (undefined as T));
      throw this.errorOf(response, what);
    }
  }

  private errorOf(response: HttpResponse, what: string): BackendError {
    let detail = '';
    try {
      const j = JSON.parse(response.text) as { errors?: { code?: unknown; message?: unknown }[]; trace?: string };
      const e = j.errors?.[0];
      if (e) detail = `: ${String(e.message ?? '')}${e.code === undefined ? '' : ` (IBM code ${String(e.code)})`}${j.trace ? ` [trace ${j.trace}]` : ''}`;
    } catch {
      /* not JSON */
    }
    detail = this.redactor.quote(detail);
    const status = response.status;
    const details = { httpStatus: status };
    if (status === 401 || status === 403) return new BackendError('BACKEND_AUTH_FAILED', `IBM Quantum ${what}: not authorized (HTTP ${status})${detail}; check QPO_IBM_API_KEY and QPO_IBM_INSTANCE_CRN`, { details });
    if (status === 404) return new BackendError('BACKEND_NOT_FOUND', `IBM Quantum ${what}: not found (HTTP 404)${detail}; run 'qpo backends' to list the devices of your instance`, { path: 'quantum.backend', details });
    if (status === 503) return new BackendError('BACKEND_UNAVAILABLE', `IBM Quantum ${what}: service unavailable (HTTP 503, planned maintenance?)${detail}`, { details });
    if (status === 429) {
      const after = response.headers.get('retry-after');
      // throttled past the call's deadline: unavailable to us now (as a 503 is)
      return new BackendError('BACKEND_UNAVAILABLE', `IBM Quantum ${what}: rate limited (HTTP 429${after ? `, Retry-After ${after} s` : ''}) past the call's deadline of ${secondsText(this.timeouts.callSeconds)}${detail}`, { details: { ...details, retryAfter: after } });
    }
    return new BackendError('BACKEND_REQUEST_FAILED', `IBM Quantum ${what}: HTTP ${status}${detail}`, { details });
  }

  listBackends(signal?: AbortSignal): Promise<IbmDevice[]> {
    return this.call<{ devices: IbmDevice[] }>('GET', '/v1/backends', 'list backends', undefined, signal).then((r) => r.devices ?? []);
  }

  backendStatus(name: string, signal?: AbortSignal): Promise<IbmBackendStatus> {
    return this.call('GET', `/v1/backends/${encodeURIComponent(name)}/status`, `backend '${name}' status`, undefined, signal);
  }

  /**
   * Calibration data (`GET /v1/backends/{id}/properties`, Qiskit's BackendProperties schema):
   * per physical qubit a list of `{name, value, unit, date}`, among them `readout_error`,
   * `prob_meas1_prep0` and `prob_meas0_prep1`. Simulators have none (404).
   */
  backendProperties(name: string, signal?: AbortSignal): Promise<IbmBackendProperties> {
    return this.call('GET', `/v1/backends/${encodeURIComponent(name)}/properties`, `backend '${name}' properties`, undefined, signal);
  }

  backendConfiguration(name: string, signal?: AbortSignal): Promise<IbmBackendConfiguration> {
    return this.call('GET', `/v1/backends/${encodeURIComponent(name)}/configuration`, `backend '${name}' configuration`, undefined, signal);
  }

  /**
   * The least busy backend as `QiskitRuntimeService.least_busy()` picks it: online devices with at
   * least `minQubits` qubits, by ascending queue length; the first whose configuration loads.
   * @throws BackendError BACKEND_UNAVAILABLE when none qualifies
   */
  async leastBusy(minQubits = 0, signal?: AbortSignal): Promise<{ device: IbmDevice; configuration: IbmBackendConfiguration }> {
    const candidates = (await this.listBackends(signal))
      .filter((d) => d.status?.name === 'online' && d.qubits >= minQubits)
      .sort((a, b) => a.queue_length - b.queue_length);
    for (const device of candidates) {
      try {
        return { device, configuration: await this.backendConfiguration(device.name, signal) };
      } catch (error) {
        if ((error as BackendError).code !== 'BACKEND_NOT_FOUND') throw error;
      }
    }
    throw new BackendError('BACKEND_UNAVAILABLE', `IBM Quantum: no online backend with at least ${minQubits} qubits`, { details: { minQubits } });
  }

  /**
   * Wait until one more job fits; returns the creation's slot, whose time `createJob` moves to when
   * IBM answered (IBM counted the job at some moment before that: the window never starts too early).
   */
  private async pace(signal?: AbortSignal): Promise<{ at: number }> {
    const limit = this.options.jobsPerMinute ?? 5;
    if (!Number.isFinite(limit)) return { at: 0 };
    const now = this.options.now ?? Date.now;
    const windowMs = this.options.pacingWindowMs ?? 60_000;
    while (this.created.length > 0 && this.created[0]!.at <= now() - windowMs) this.created.shift();
    if (this.created.length >= limit) {
      // a margin for the time between our clock reading and IBM's (the request's way there)
      const margin = Math.max(50, windowMs * 0.02);
      await (this.options.sleep ?? sleep)(this.created[this.created.length - limit]!.at + windowMs + margin - now(), signal);
    }
    const slot = { at: now() };
    this.created.push(slot);
    if (this.created.length > limit) this.created.shift();
    return slot;
  }

  /**
   * `POST /v1/jobs`; returns the job id. Paced to `jobsPerMinute` (IBM allows 5 per minute per
   * user). The body gets a unique `qpo-request-<uuid>` tag; after an ambiguous failure the job is
   * looked up by it before a new attempt, within the call's deadline.
   */
  async createJob(body: Record<string, unknown>, signal?: AbortSignal, tag: string = newRequestTag()): Promise<string> {
    const slot = await this.pace(signal);
    const tagged = { ...body, tags: [...((body.tags as string[] | undefined) ?? []), tag] };
    const now = this.options.now ?? Date.now;
    const endsAt = now() + this.timeouts.callSeconds * 1000;
    for (let attempt = 0; ; attempt++) {
      try {
        const r = await this.call<{ id?: unknown }>('POST', '/v1/jobs', 'create job', tagged, signal, { idempotent: false, deadlineMs: Math.max(1, endsAt - now()) });
        slot.at = now(); // counted by IBM at the latest now: pacing starts the window here
        if (typeof r?.id !== 'string') throw new BackendError('BACKEND_BAD_RESPONSE', 'IBM Quantum create job: the response has no id', { details: { ambiguous: true } });
        return r.id;
      } catch (error) {
        if (!(error instanceof BackendError) || error.details?.ambiguous !== true) throw error;
        let found: string | undefined;
        try {
          found = await this.findJobIdByTag(tag, signal);
        } catch (lookup) {
          if (signal?.aborted) throw lookup;
          // Whether the job exists is unknown: never create it again; the caller counts it as unconfirmed.
          throw new BackendError(error.code, `${error.message}; looking it up by its tag failed too (${(lookup as Error).message})`, { cause: error, details: { ...error.details, tag } });
        }
        if (found) return found;
        if (attempt >= 2 || now() >= endsAt) throw error;
      }
    }
  }

  /** The id of the job carrying `tag` (`GET /v1/jobs?tags=`), or undefined when there is none. */
  async findJobIdByTag(tag: string, signal?: AbortSignal): Promise<string | undefined> {
    const r = await this.call<{ jobs?: { id?: unknown }[] }>('GET', `/v1/jobs?tags=${encodeURIComponent(tag)}&limit=10&exclude_params=true`, `find job tagged ${tag}`, undefined, signal);
    const id = r?.jobs?.find((j) => typeof j.id === 'string')?.id;
    return typeof id === 'string' ? id : undefined;
  }

  getJob(id: string, signal?: AbortSignal): Promise<IbmJob> {
    return this.call('GET', `/v1/jobs/${encodeURIComponent(id)}?exclude_params=true`, `job ${id}`, undefined, signal);
  }

  getJobMetrics(id: string, signal?: AbortSignal, http: Partial<HttpOptions> = {}): Promise<IbmJobMetrics> {
    return this.call('GET', `/v1/jobs/${encodeURIComponent(id)}/metrics`, `job ${id} metrics`, undefined, signal, http);
  }

  getJobResults<T>(id: string, signal?: AbortSignal): Promise<T> {
    return this.call('GET', `/v1/jobs/${encodeURIComponent(id)}/results`, `job ${id} results`, undefined, signal);
  }

  /**
   * `POST /v1/sessions`: a Runtime session on `backend` (mode `dedicated`: after the first job's queue
   * wait the device runs the session's jobs without queueing them again; `batch`: jobs scheduled
   * together). `max_ttl` bounds its life on IBM's side, whatever happens to this process.
   */
  async createSession(backend: string, options: { mode?: 'dedicated' | 'batch'; maxTtlSeconds: number }, signal?: AbortSignal): Promise<IbmSession> {
    return this.call<IbmSession>('POST', '/v1/sessions', `create session on ${backend}`, { mode: options.mode ?? 'dedicated', backend, instance: this.options.crn, max_ttl: Math.max(1, Math.ceil(options.maxTtlSeconds)) }, signal, { idempotent: false });
  }

  getSession(id: string, signal?: AbortSignal): Promise<IbmSession> {
    return this.call('GET', `/v1/sessions/${encodeURIComponent(id)}`, `session ${id}`, undefined, signal);
  }

  /**
   * Close a session within the cleanup grace: gracefully (`PATCH {accepting_jobs: false}`: jobs
   * already in it finish, no new ones) or hard (`DELETE /v1/sessions/{id}/close`: its queued and
   * running jobs are cancelled), e.g. after a timeout or a cancel.
   */
  async closeSession(id: string, how: 'graceful' | 'hard'): Promise<void> {
    const grace = this.timeouts.cleanupSeconds;
    const http = { attemptTimeoutMs: Math.min(this.timeouts.requestSeconds, grace) * 1000, deadlineMs: grace * 1000, json: false };
    if (how === 'graceful') await this.call('PATCH', `/v1/sessions/${encodeURIComponent(id)}`, `close session ${id}`, { accepting_jobs: false }, deadline(grace), http);
    else await this.call('DELETE', `/v1/sessions/${encodeURIComponent(id)}/close`, `close session ${id}`, undefined, deadline(grace), http);
  }

  /** `GET /v1/usage`: the instance's usage in its period (IBM docs "Manage cost"; shared/contracts 1.3). */
  usage(signal?: AbortSignal): Promise<IbmUsage> {
    return this.call('GET', '/v1/usage', 'instance usage', undefined, signal);
  }

  /**
   * `POST /v1/jobs/{id}/cancel`, within the cleanup grace of its own (also when the caller's
   * signal has already aborted: that is when cancelling matters).
   */
  async cancelJob(id: string): Promise<void> {
    const grace = this.timeouts.cleanupSeconds;
    await this.call('POST', `/v1/jobs/${encodeURIComponent(id)}/cancel`, `cancel job ${id}`, undefined, deadline(grace), {
      attemptTimeoutMs: Math.min(this.timeouts.requestSeconds, grace) * 1000,
      deadlineMs: grace * 1000,
      json: false,
    });
  }
}
