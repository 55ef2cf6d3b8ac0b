/**
 * `qpo backends`: every configured backend with status, queue, qubits and price. Providers that are
 * not configured are skipped; a provider that cannot be reached is reported as one row.
 */
import { MAX_QUBITS } from '../quantum/statevector';
import { createBraketClients, getDevice, searchDevices } from './braket/client';
import type { BackendError } from './errors';
import { braketPriceText, ibmPriceText, type BackendEnvironment } from './providers';
import { IbmRuntimeClient } from './ibm/client';
import type { BackendInfo } from './select';

const unreachable = (provider: 'ibm' | 'braket', error: unknown): BackendInfo => ({
  name: `${provider}:*`, provider, kind: 'hardware', status: `error: ${(error as BackendError).code ?? 'INTERNAL'}`, available: false, queueDepth: 0, qubits: 0, price: '-', detail: (error as Error).message,
});

export async function listBackends(env: BackendEnvironment): Promise<BackendInfo[]> {
  const out: BackendInfo[] = [{ name: 'local', provider: 'local', kind: 'simulator', status: 'online', available: true, queueDepth: 0, qubits: MAX_QUBITS, price: 'free' }];
  if (env.ibm) {
    try {
      const client = new IbmRuntimeClient({ ...env.ibm, ...(env.retry ? { retry: env.retry } : {}) });
      for (const d of await client.listBackends()) {
        out.push({ name: `ibm:${d.name}`, provider: 'ibm', kind: d.is_simulator ? 'simulator' : 'hardware', status: d.status.name, available: d.status.name === 'online', queueDepth: d.queue_length, qubits: d.qubits, price: ibmPriceText(env, d.is_simulator) });
      }
    } catch (error) {
      out.push(unreachable('ibm', error));
    }
  }
  if (env.braket) {
    const { braket, s3 } = createBraketClients({ region: env.braket.region ?? 'us-east-1' });
    try {
      for (const d of await searchDevices(braket)) {
        if (d.status === 'RETIRED' || /quera|dwave|xanadu/i.test(d.arn)) continue; // gate-model devices only
        const info = await getDevice(braket, d.arn);
        const short = /\/amazon\/(sv1|dm1|tn1)$/.exec(d.arn)?.[1];
        out.push({ name: `braket:${short ?? d.arn}`, provider: 'braket', kind: info.type === 'QPU' ? 'hardware' : 'simulator', status: info.status.toLowerCase(), available: info.status === 'ONLINE', queueDepth: info.queueDepth, qubits: info.qubitCount, price: braketPriceText(d.arn), detail: info.queueText });
      }
    } catch (error) {
      out.push(unreachable('braket', error));
    } finally {
      braket.destroy();
      s3.destroy();
    }
  }
  return out;
}
