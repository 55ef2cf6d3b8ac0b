/**
 * `qpo backends`: every configured backend with status, queue, qubits and price. Providers that are
 * not configured are skipped; a provider that cannot be reached, or does not answer within the
 * status-check deadline (`probeSeconds`, lib/backends/timeouts.ts), is reported as one row
 * (`<provider>:*`, status `error: <code>`, the reason in `detail`). The providers are asked in
 * parallel, so the whole list takes at most about one status-check deadline.
 */
import { MAX_QUBITS } from '../quantum/statevector';
import { createBraketClients, getDevice, searchDevices, type BraketClients } from './braket/client';
import { regionOfDeviceArn } from './braket/devices';
import type { BackendError } from './errors';
import { braketPriceText, ibmPriceText, redactorOf, type BackendEnvironment } from './providers';
import type { Redactor } from './redact';
import { IbmRuntimeClient } from './ibm/client';
import type { BackendInfo } from './select';
import { resolveTimeouts, withinDeadline } from './timeouts';

/** The row of a provider (or device) that could not be read; the reason redacted. */
const unreachable = (provider: 'ibm' | 'braket', error: unknown, redactor: Redactor): BackendInfo => ({
  name: `${provider}:*`, provider, kind: 'hardware', status: `error: ${(error as BackendError).code ?? 'INTERNAL'}`, available: false, queueDepth: 0, qubits: 0, price: '-', detail: redactor.redact((error as Error).message ?? String(error)),
});

async function ibmRows(env: BackendEnvironment, signal: AbortSignal, redactor: Redactor): Promise<BackendInfo[]> {
  const ibm = env.ibm!;
  const client = new IbmRuntimeClient({ ...ibm, redactor, ...(env.retry ? { retry: env.retry } : {}), ...(env.timeouts ? { timeouts: env.timeouts } : {}) });
  return (await client.listBackends(signal)).map((d) => ({ name: `ibm:${d.name}`, provider: 'ibm', kind: d.is_simulator ? 'simulator' : 'hardware', status: d.status.name, available: d.status.name === 'online', queueDepth: d.queue_length, qubits: d.qubits, price: ibmPriceText(env, d.is_simulator) }));
}

async function braketRows(env: BackendEnvironment, signal: AbortSignal, redactor: Redactor): Promise<BackendInfo[]> {
  // QPUs live in their own regions (the ARN's 4th field): one client per region, one row per device
  const clients = new Map<string, BraketClients>();
  const clientFor = (region: string) => {
    if (!clients.has(region)) clients.set(region, createBraketClients({ region, ...(env.timeouts ? { timeouts: env.timeouts } : {}), ...(env.braket?.endpoints ? { endpoints: env.braket.endpoints } : {}) }));
    return clients.get(region)!;
  };
  const home = env.braket!.region ?? 'us-east-1';
  const out: BackendInfo[] = [];
  try {
    for (const d of await searchDevices(clientFor(home), signal)) {
      if (d.status === 'RETIRED' || /quera|dwave|xanadu/i.test(d.arn)) continue; // gate-model devices only
      const short = /\/amazon\/(sv1|dm1|tn1)$/.exec(d.arn)?.[1];
      const name = `braket:${short ?? d.arn}`;
      try {
        const info = await getDevice(clientFor(regionOfDeviceArn(d.arn) ?? home), d.arn, signal);
        const windows = info.type === 'QPU' ? info.executionWindows.map((w) => `${w.executionDay} ${w.windowStartHour}-${w.windowEndHour}`).join('; ') : '';
        out.push({ name, provider: 'braket', kind: info.type === 'QPU' ? 'hardware' : 'simulator', status: info.status.toLowerCase(), available: info.status === 'ONLINE', queueDepth: info.queueDepth, qubits: info.qubitCount, price: braketPriceText(d.arn), detail: windows ? `${info.queueText} (runs ${windows} UTC)` : info.queueText, programSets: info.supportsProgramSets });
      } catch (error) {
        if (signal.aborted) throw error;
        out.push({ ...unreachable('braket', error, redactor), name });
      }
    }
    return out;
  } finally {
    for (const c of clients.values()) { c.braket.destroy(); c.s3.destroy(); }
  }
}

/** The rows of every configured backend; never throws for a provider's failure. */
export async function listBackends(env: BackendEnvironment, signal?: AbortSignal): Promise<BackendInfo[]> {
  const out: BackendInfo[] = [{ name: 'local', provider: 'local', kind: 'simulator', status: 'online', available: true, queueDepth: 0, qubits: MAX_QUBITS, price: 'free' }];
  const probe = resolveTimeouts(env.timeouts).probeSeconds;
  const redactor = redactorOf(env);
  const ask = (provider: 'ibm' | 'braket', what: string, rows: (s: AbortSignal) => Promise<BackendInfo[]>) =>
    withinDeadline(probe, what, signal, rows).catch((error: unknown) => {
      if (signal?.aborted) throw error;
      return [unreachable(provider, error, redactor)];
    });
  const [ibm, braket] = await Promise.all([
    env.ibm ? ask('ibm', 'IBM Quantum status check', (s) => ibmRows(env, s, redactor)) : [],
    env.braket ? ask('braket', 'Amazon Braket status check', (s) => braketRows(env, s, redactor)) : [],
  ]);
  return [...out, ...ibm, ...braket];
}
