/**
 * CapacityProbe: how busy the quantum path is before a job is sent to it. Queue depth (jobs waiting
 * or running in the Batch queue, or locally none) and the status of the requested backend.
 * Implementations: LocalCapacityProbe here, BatchCapacityProbe (batch-capacity.ts) on AWS; the
 * quantum backends add their own status checks behind `backendStatus`.
 */

export type BackendStatus = 'available' | 'unavailable' | 'unknown';

export interface CapacityReport {
  /** Jobs queued or running ahead of this one in the Batch queue (SUBMITTED, PENDING, RUNNABLE, STARTING, RUNNING). */
  readonly queueDepth: number;
  /** Jobs waiting at the quantum provider for the backend (IBM queue length, Braket queue), when known. */
  readonly providerQueueDepth: number | null;
  readonly backendStatus: BackendStatus;
  /** Why the backend is unavailable, when it is. */
  readonly backendMessage: string | null;
}

/** A backend's status as a probe reports it; `queueDepth` is the provider's queue, when known. */
export interface BackendStatusReport {
  readonly status: BackendStatus;
  readonly message: string | null;
  readonly queueDepth?: number | null;
}

export interface CapacityProbe {
  queueDepth(): Promise<number>;
  backendStatus(backend: string): Promise<BackendStatusReport>;
}

/** Ask the probe for both numbers at once. */
export async function probeCapacity(probe: CapacityProbe, backend: string): Promise<CapacityReport> {
  const [queueDepth, status] = await Promise.all([probe.queueDepth(), probe.backendStatus(backend)]);
  return { queueDepth, providerQueueDepth: status.queueDepth ?? null, backendStatus: status.status, backendMessage: status.message };
}

/** In-process runs: no queue; the local simulator is always available, other backends unknown. */
export class LocalCapacityProbe implements CapacityProbe {
  constructor(private readonly statuses: Readonly<Record<string, BackendStatusReport>> = {}) {}

  async queueDepth(): Promise<number> {
    return 0;
  }

  async backendStatus(backend: string): Promise<BackendStatusReport> {
    return this.statuses[backend] ?? (backend === 'local' ? { status: 'available', message: null } : { status: 'unknown', message: null });
  }
}
