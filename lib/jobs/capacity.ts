/**
 * CapacityProbe: how busy the quantum path is before a job is sent to it. Queue depth (jobs waiting
 * or running in the Batch queue, or locally none) and the status of the requested backend.
 * Implementations: LocalCapacityProbe here, BatchCapacityProbe (batch-capacity.ts) on AWS; the
 * quantum backends add their own status checks behind `backendStatus`.
 */

export type BackendStatus = 'available' | 'unavailable' | 'unknown';

import type { DeviceFacts, ModelSettings } from '../backends/plan-model';

export interface CapacityReport {
  /** Jobs queued or running ahead of this one in the Batch queue (SUBMITTED, PENDING, RUNNABLE, STARTING, RUNNING). */
  readonly queueDepth: number;
  /** Jobs waiting at the quantum provider for the backend (IBM queue length, Braket queue), when known. */
  readonly providerQueueDepth: number | null;
  readonly backendStatus: BackendStatus;
  /** Why the backend is unavailable, when it is. */
  readonly backendMessage: string | null;
  /** The device as the provider reports it (for the execution plan), when known. */
  readonly device?: DeviceFacts | null;
}

/** A backend's status as a probe reports it; `queueDepth` is the provider's queue, when known. */
export interface BackendStatusReport {
  readonly status: BackendStatus;
  readonly message: string | null;
  readonly queueDepth?: number | null;
  /** The device the job would run on (provider, kind, queue), for the execution plan. */
  readonly device?: DeviceFacts | null;
}

export interface CapacityProbe {
  /** Aborting `signal` ends the query (its promise rejects). */
  queueDepth(signal?: AbortSignal): Promise<number>;
  backendStatus(backend: string, signal?: AbortSignal): Promise<BackendStatusReport>;
  /** The plan model's settings of the providers' environment (time scale, queue model, pacing). */
  planSettings?(): ModelSettings;
}

/**
 * Deadline of the whole capacity check, seconds: below CheckCapacity's 60 s state and Lambda
 * timeouts, above the providers' own status-check deadline (20 s by default), so the check always
 * ends in a route, never in a States.Timeout.
 */
export const CAPACITY_CHECK_SECONDS = 40;

/**
 * Ask the probe for both numbers at once, within `deadlineSeconds`. A probe that throws or does not
 * answer in time (Batch AccessDenied, a provider that hangs) makes the backend unavailable with the
 * reason as its message: the job then goes to the fallback (`backend-unavailable`) instead of failing.
 */
export async function probeCapacity(probe: CapacityProbe, backend: string, deadlineSeconds: number = CAPACITY_CHECK_SECONDS): Promise<CapacityReport> {
  const signal = AbortSignal.timeout(Math.max(1, Math.round(deadlineSeconds * 1000)));
  const expired = new Promise<never>((_, reject) =>
    signal.addEventListener('abort', () => reject(new Error(`no answer within ${deadlineSeconds} s`)), { once: true }),
  );
  try {
    const [queueDepth, status] = await Promise.race([Promise.all([probe.queueDepth(signal), probe.backendStatus(backend, signal)]), expired]);
    return { queueDepth, providerQueueDepth: status.queueDepth ?? null, backendStatus: status.status, backendMessage: status.message, device: status.device ?? null };
  } catch (error) {
    const e = error as { name?: string; message?: string };
    return { queueDepth: 0, providerQueueDepth: null, backendStatus: 'unavailable', backendMessage: `capacity check failed: ${e?.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e?.message ?? String(error)}` };
  }
}

/** In-process runs: no queue; the local simulator is always available, other backends unknown. */
export class LocalCapacityProbe implements CapacityProbe {
  constructor(private readonly statuses: Readonly<Record<string, BackendStatusReport>> = {}) {}

  async queueDepth(_signal?: AbortSignal): Promise<number> {
    return 0;
  }

  async backendStatus(backend: string, _signal?: AbortSignal): Promise<BackendStatusReport> {
    return this.statuses[backend] ?? (backend === 'local' ? { status: 'available', message: null } : { status: 'unknown', message: null });
  }
}
