/**
 * A CapacityProbe whose backend status comes from the quantum providers themselves (lib/backends
 * `listBackends`: IBM Quantum backend status, Amazon Braket GetDevice/SearchDevices), with the queue
 * depth from another probe (Batch on AWS, none locally). The provider list is read once per probe,
 * so one health check or one CheckCapacity asks each provider once.
 */
import { listBackends, modelSettingsOf, type BackendEnvironment, type BackendInfo, type DeviceFacts, type ModelSettings } from '../backends';
import { resolveDeviceArn } from '../backends/braket/devices';
import type { BackendStatusReport, CapacityProbe } from './capacity';

type Status = BackendStatusReport;

export class ProviderCapacityProbe implements CapacityProbe {
  private rows: Promise<BackendInfo[]> | undefined;

  constructor(
    private readonly queue: Pick<CapacityProbe, 'queueDepth'>,
    private readonly env: BackendEnvironment,
    private readonly list: (env: BackendEnvironment, signal?: AbortSignal) => Promise<BackendInfo[]> = listBackends,
  ) {}

  queueDepth(signal?: AbortSignal): Promise<number> {
    return this.queue.queueDepth(signal);
  }

  planSettings(): ModelSettings {
    return modelSettingsOf(this.env);
  }

  /**
   * `local` is always available; `auto` is available when any backend is; `ibm:least-busy` when any
   * IBM device is; `ibm:<name>` / `braket:<sv1 | dm1 | tn1 | device ARN>` as their provider reports them; a
   * provider that cannot be reached makes its backends unavailable; anything else is unknown.
   */
  async backendStatus(backend: string, signal?: AbortSignal): Promise<Status> {
    if (backend === 'local') return { status: 'available', message: null };
    const rows = await (this.rows ??= this.list(this.env, signal));
    const up = (r: BackendInfo): Status =>
      r.available
        ? { status: 'available', message: null, ...(r.name.endsWith(':*') ? {} : { queueDepth: r.queueDepth, device: factsOf(r) }) }
        : { status: 'unavailable', message: `${r.name}: ${r.status}${r.detail ? ` (${r.detail})` : ''}` };
    if (backend === 'auto') return rows.some((r) => r.available) ? { status: 'available', message: null } : { status: 'unavailable', message: 'no backend is available' };
    const provider = backend.split(':')[0];
    const unreachable = rows.find((r) => r.name === `${provider}:*`);
    if (unreachable) return up(unreachable);
    if (backend === 'ibm:least-busy') {
      const ibm = rows.filter((r) => r.provider === 'ibm' && r.kind === 'hardware');
      if (ibm.length === 0) return { status: 'unknown', message: 'IBM Quantum is not configured' };
      const online = ibm.filter((r) => r.available);
      const least = [...online].sort((a, b) => a.queueDepth - b.queueDepth)[0];
      return least ? { status: 'available', message: null, queueDepth: least.queueDepth, device: factsOf(least) } : { status: 'unavailable', message: 'no IBM Quantum device is online' };
    }
    const row = rows.find((r) => r.name === backend);
    return row ? up(row) : { status: 'unknown', message: `${backend} is not among the configured backends` };
  }
}

/** The plan model's facts of a listed backend (Braket: the device ARN and whether its capabilities list program sets). */
function factsOf(r: BackendInfo): DeviceFacts {
  return {
    name: r.name, provider: r.provider, kind: r.kind, queueDepth: r.queueDepth,
    ...(r.provider === 'braket' ? { deviceArn: resolveDeviceArn(r.name.slice('braket:'.length)), programSets: r.programSets === true } : {}),
  };
}
