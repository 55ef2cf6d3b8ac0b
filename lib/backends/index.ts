/**
 * lib/backends: the quantum backends behind the Sampler port (lib/quantum/ports.ts) — local
 * simulator, IBM Quantum (Qiskit Runtime REST, Sampler V2), Amazon Braket — and what is written
 * once around them: selection, cost estimation, limits, timeout, retry, readout mitigation.
 */
export * from './errors';
export * from './factory';
export * from './select';
export * from './estimate';
export { listBackends } from './list';
export type { ReadoutCalibration } from './mitigation';
export type { PollOptions } from './poll';
export { BACKEND_ENV, backendEnvironment } from './environment';
export { modelSettingsOf } from './providers';
export { deviceModel, type DeviceFacts, type ModelSettings } from './plan-model';
export type { IbmUsage } from './ibm/client';
