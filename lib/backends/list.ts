/**
 * `qpo backends`: every configured backend with status, queue, qubits and price. Providers that are
 * not configured are skipped; a provider that cannot be reached is reported as one row.
 */
import { MAX_QUBITS } from '../quantum/statevector';
import { createBraketClients, getDevice, searchDevices } from './braket/client';
import { regionOfDeviceArn } from './braket/devices';
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
    // QPUs live in their own regions (the ARN's 4th field): one client per region, one row per device
    const clients = new Map<string, ReturnType<typeof createBraketClients>>();
    const clientFor = (region: string) => {
      if (!clients.has(region)) clients.set(region, createBraketClients({ region }));
      return clients.get(region)!;
    };
    const home = env.braket.region ?? 'us-east-1';
    try {
      for (const d of await searchDevices(clientFor(home).braket)) {
        if (d.status === 'RETIRED' || /quera|dwave|xanadu/i.test(d.arn)) continue; // gate-model devices only
        const short = /\/amazon\/(sv1|dm1|tn1)$/.exec(d.arn)?.[1];
        const name = `braket:${short ?? d.arn}`;
        try {
          const info = await getDevice(clientFor(regionOfDeviceArn(d.arn) ?? home).braket, d.arn);
          const windows = info.type === 'QPU' ? info.executionWindows.map((w) => `${w.executionDay} ${w.windowStartHour}-${w.windowEndHour}`).join('; ') : '';
          out.push({ name, provider: 'braket', kind: info.type === 'QPU' ? 'hardware' : 'simulator', status: info.status.toLowerCase(), available: info.status === 'ONLINE', queueDepth: info.queueDepth, qubits: info.qubitCount, price: braketPriceText(d.arn), detail: windows ? `${info.queueText} (runs ${windows} UTC)` : info.queueText });
        } catch (error) {
          out.push({ ...unreachable('braket', error), name });
        }
      }
    } catch (error) {
      out.push(unreachable('braket', error));
    } finally {
      for (const c of clients.values()) { c.braket.destroy(); c.s3.destroy(); }
    }
  }
  return out;
}
