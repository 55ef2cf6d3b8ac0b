/**
 * Amazon Braket devices: short names, ARNs, GetDevice parsing (status, queue, capabilities,
 * execution windows) and prices. Source: ../shared/contracts/braket.md (Braket API reference,
 * amazon-braket-sdk-python `devices/devices.py`, `tracking/tracker.py`, aws.amazon.com/braket/pricing).
 * Prices change: the per-shot table is as published at the contract's date (unknown devices
 * fall back to the most expensive known rate so estimates stay on the safe side).
 */
import { BackendError } from '../errors';

export const BRAKET_DEVICES: Readonly<Record<string, string>> = {
  sv1: 'arn:aws:braket:::device/quantum-simulator/amazon/sv1',
  dm1: 'arn:aws:braket:::device/quantum-simulator/amazon/dm1',
  tn1: 'arn:aws:braket:::device/quantum-simulator/amazon/tn1',
  'forte-1': 'arn:aws:braket:us-east-1::device/qpu/ionq/Forte-1',
  'forte-enterprise-1': 'arn:aws:braket:us-east-1::device/qpu/ionq/Forte-Enterprise-1',
  garnet: 'arn:aws:braket:eu-north-1::device/qpu/iqm/Garnet',
  emerald: 'arn:aws:braket:eu-north-1::device/qpu/iqm/Emerald',
  'cepheus-1-108q': 'arn:aws:braket:us-west-1::device/qpu/rigetti/Cepheus-1-108Q',
  'ibex-q1': 'arn:aws:braket:eu-north-1::device/qpu/aqt/Ibex-Q1',
};

/** The device ARN of a short name (case-insensitive) or an ARN. @throws BackendError INVALID_BACKEND */
export function resolveDeviceArn(nameOrArn: string): string {
  if (/^arn:aws[a-z-]*:braket:[a-z0-9-]*::device\/.+/.test(nameOrArn)) return nameOrArn;
  const arn = BRAKET_DEVICES[nameOrArn.toLowerCase()];
  if (!arn) {
    throw new BackendError('INVALID_BACKEND', `quantum.backend: 'braket:${nameOrArn}' is not a Braket device; use a device ARN or one of ${Object.keys(BRAKET_DEVICES).join(', ')}`, { path: 'quantum.backend' });
  }
  return arn;
}

/** The region of a device ARN (QPUs), or undefined for the region-less simulators. */
export function regionOfDeviceArn(arn: string): string | undefined {
  return arn.split(':')[3] || undefined;
}

export const isSimulatorArn = (arn: string) => arn.includes('/quantum-simulator/');

/** Queue sizes are strings that can read `>4000` or `0 (1 prioritized job(s) running)`. */
export function parseQueueSize(text: string): { readonly size: number; readonly atLeast: boolean } {
  const m = /^\s*(>)?\s*(\d+)/.exec(text);
  if (!m) return { size: Number.POSITIVE_INFINITY, atLeast: true };
  return { size: Number(m[2]) + (m[1] ? 1 : 0), atLeast: Boolean(m[1]) };
}

export interface ExecutionWindow {
  readonly executionDay: string;
  readonly windowStartHour: string;
  readonly windowEndHour: string;
}

/** What we read from GetDevice. */
export interface BraketDeviceInfo {
  readonly arn: string;
  readonly name: string;
  readonly provider: string;
  readonly type: 'QPU' | 'SIMULATOR';
  readonly status: 'ONLINE' | 'OFFLINE' | 'RETIRED' | string;
  /** Normal-priority quantum-task queue (tasks), `>4000` read as 4001. */
  readonly queueDepth: number;
  readonly queueText: string;
  readonly qubitCount: number;
  readonly shotsRange: readonly [number, number] | null;
  readonly executionWindows: readonly ExecutionWindow[];
  /** `deviceCapabilities.action` has `braket.ir.openqasm.program_set`. */
  readonly supportsProgramSets: boolean;
  readonly supportedOperations: readonly string[];
  readonly pollIntervalMs: number | null;
}

/** Parse a GetDevice response (capabilities arrive as a JSON string, or a String object). */
export function parseDevice(response: {
  deviceArn?: string; deviceName?: string; providerName?: string; deviceType?: string; deviceStatus?: string;
  deviceCapabilities?: unknown; deviceQueueInfo?: { queue?: string; queueSize?: string; queuePriority?: string }[];
}): BraketDeviceInfo {
  let caps: {
    service?: { executionWindows?: ExecutionWindow[]; shotsRange?: [number, number]; getTaskPollIntervalMillis?: number };
    action?: Record<string, { supportedOperations?: string[] }>;
    paradigm?: { qubitCount?: number };
  } = {};
  try {
    caps = JSON.parse(String(response.deviceCapabilities ?? '{}')) as typeof caps;
  } catch {
    throw new BackendError('BACKEND_BAD_RESPONSE', `GetDevice ${response.deviceArn}: deviceCapabilities is not JSON`);
  }
  const tasks = (response.deviceQueueInfo ?? []).find((q) => q.queue === 'QUANTUM_TASKS_QUEUE' && (q.queuePriority ?? 'Normal') === 'Normal');
  const queue = parseQueueSize(tasks?.queueSize ?? '0');
  return {
    arn: response.deviceArn ?? '',
    name: response.deviceName ?? '',
    provider: response.providerName ?? '',
    type: response.deviceType === 'QPU' ? 'QPU' : 'SIMULATOR',
    status: response.deviceStatus ?? 'OFFLINE',
    queueDepth: queue.size,
    queueText: tasks?.queueSize ?? '0',
    qubitCount: caps.paradigm?.qubitCount ?? 0,
    shotsRange: caps.service?.shotsRange ?? null,
    executionWindows: caps.service?.executionWindows ?? [],
    supportsProgramSets: Boolean(caps.action?.['braket.ir.openqasm.program_set']),
    supportedOperations: caps.action?.['braket.ir.openqasm.program']?.supportedOperations ?? [],
    pollIntervalMs: caps.service?.getTaskPollIntervalMillis ?? null,
  };
}

/** QPU on-demand price per task (every QPU). */
export const BRAKET_USD_PER_TASK = 0.3;
/** QPU per-shot prices by `<provider>/<device>` of the ARN (aws.amazon.com/braket/pricing; Emerald, Cepheus, IBEX unconfirmed). */
export const BRAKET_USD_PER_SHOT: Readonly<Record<string, number>> = {
  'ionq/Forte-1': 0.08,
  'ionq/Forte-Enterprise-1': 0.08,
  'iqm/Garnet': 0.00145,
  'rigetti/Cepheus-1-108Q': 0.0009,
};
/** Simulator prices per minute of run time (historical; unconfirmed today). */
export const BRAKET_SIMULATOR_USD_PER_MINUTE: Readonly<Record<string, number>> = { sv1: 0.075, dm1: 0.075, tn1: 0.275 };
/** Simulator tasks are billed for at least 3 s (SDK tracker MIN_SIMULATOR_DURATION). */
export const BRAKET_SIMULATOR_MIN_SECONDS = 3;

/**
 * Cost of one task in USD: QPUs per task + per shot; simulators by duration with the 3 s minimum
 * (`simulatedSeconds` defaults to that minimum, the estimate before a run).
 */
export function braketTaskCostUsd(arn: string, shots: number, simulatedSeconds = 0): number {
  const key = arn.split('/').slice(-2).join('/');
  if (isSimulatorArn(arn)) {
    const perMinute = BRAKET_SIMULATOR_USD_PER_MINUTE[arn.split('/').pop()!] ?? 0.275;
    return (Math.max(BRAKET_SIMULATOR_MIN_SECONDS, simulatedSeconds) / 60) * perMinute;
  }
  const perShot = BRAKET_USD_PER_SHOT[key] ?? Math.max(...Object.values(BRAKET_USD_PER_SHOT));
  return BRAKET_USD_PER_TASK + shots * perShot;
}
