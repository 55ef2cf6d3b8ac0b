/**
 * The status and queue depth of one backend, asked of its provider with one call and a time limit:
 * what the health check reports and CheckCapacity routes on, on AWS as locally.
 *   local             -> available, queue 0 (the in-process simulator)
 *   ibm:<device>      -> IBM Quantum `GET /v1/backends/{device}/status` (state, length_queue)
 *   ibm:least-busy    -> IBM Quantum `GET /v1/backends`: available when a device is online; the
 *                        shortest online queue
 *   braket:<device>   -> Amazon Braket GetDevice (deviceStatus ONLINE, normal-priority queue)
 * A provider that does not answer within `timeoutMs`, answers with an error, or is not configured
 * makes the backend unavailable (with the reason); an IBM credentials error is thrown as is, so the
 * caller can re-read a rotated key and ask again.
 * IBM: https://quantum.cloud.ibm.com/docs/api/qiskit-runtime-rest ; Braket: API_GetDevice.
 */
import { createBraketClients, getDevice } from '../backends/braket/client';
import { regionOfDeviceArn } from '../backends/braket/devices';
import { BackendError } from '../backends/errors';
import { parseBackendRef, type BackendEnvironment } from '../backends/providers';
import { IbmRuntimeClient } from '../backends/ibm/client';
import type { BackendStatus } from './capacity';

export interface ProviderStatus {
  readonly backend: string;
  readonly status: BackendStatus;
  /** Jobs waiting at the provider for this backend (null when unknown). */
  readonly queueDepth: number | null;
  /** The provider's status text, or why the backend is unavailable. */
  readonly message: string | null;
}

/** Credentials errors of a provider (the key may have been rotated). */
export const isAuthError = (error: unknown) => error instanceof BackendError && error.code === 'BACKEND_AUTH_FAILED';

/**
 * Ask the provider of `backend` for its status.
 * @param env provider settings (the IBM key and CRN from the secret on AWS)
 * @param options.timeoutMs time limit of the provider call, milliseconds (default 5000)
 * @throws BackendError BACKEND_AUTH_FAILED from IBM Quantum (re-read the key, then ask again)
 */
export async function providerStatus(backend: string, env: BackendEnvironment, options: { timeoutMs?: number } = {}): Promise<ProviderStatus> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const down = (message: string): ProviderStatus => ({ backend, status: 'unavailable', queueDepth: null, message });
  let ref;
  try {
    ref = parseBackendRef(backend);
  } catch (error) {
    return { backend, status: 'unknown', queueDepth: null, message: (error as Error).message };
  }
  if (ref.provider === 'local') return { backend, status: 'available', queueDepth: 0, message: null };
  if (ref.provider === 'auto') return { backend, status: 'unknown', queueDepth: null, message: 'auto picks a backend when the job runs' };
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    if (ref.provider === 'ibm') {
      if (!env.ibm) return down('IBM Quantum is not configured (no API key and instance CRN)');
      const client = new IbmRuntimeClient({ ...env.ibm, ...(env.retry ? { retry: env.retry } : {}), ...(env.timeouts ? { timeouts: env.timeouts } : {}) });
      if (ref.device === 'least-busy') {
        const online = (await client.listBackends(signal)).filter((d) => d.status?.name === 'online' && !d.is_simulator);
        if (online.length === 0) return down('no IBM Quantum device is online');
        return { backend, status: 'available', queueDepth: Math.min(...online.map((d) => d.queue_length)), message: null };
      }
      const s = await client.backendStatus(ref.device, signal);
      const queueDepth = Math.max(0, s.length_queue);
      return s.state ? { backend, status: 'available', queueDepth, message: null } : { backend, status: 'unavailable', queueDepth, message: `${ref.device}: ${s.status}${s.message ? ` (${s.message})` : ''}` };
    }
    const clients = createBraketClients({ region: regionOfDeviceArn(ref.arn) ?? env.braket?.region ?? 'us-east-1', maxAttempts: 2, ...(env.timeouts ? { timeouts: env.timeouts } : {}), ...(env.braket?.endpoints ? { endpoints: env.braket.endpoints } : {}) });
    const { braket, s3 } = clients;
    try {
      const d = await getDevice(clients, ref.arn, signal);
      return d.status === 'ONLINE' ? { backend, status: 'available', queueDepth: d.queueDepth, message: null } : { backend, status: 'unavailable', queueDepth: d.queueDepth, message: `${d.name}: ${d.status}` };
    } finally {
      braket.destroy();
      s3.destroy();
    }
  } catch (error) {
    if (isAuthError(error)) throw error;
    if (signal.aborted) return down(`${ref.provider === 'ibm' ? 'IBM Quantum' : 'Amazon Braket'} did not answer within ${timeoutMs / 1000} s`);
    return down((error as Error).message);
  }
}
