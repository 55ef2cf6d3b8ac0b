/**
 * The quantum-path metrics of namespace `QuantumComputing` (DESIGN.md, Metrics) as plain data, so
 * any emitter (CloudWatch EMF through Powertools on AWS, logs locally) can publish them:
 * QueueWaitTime (s), ShotsUsed, EstimatedCostUsd and QueueDepth per job, by backend; and
 * QuantumBackendHealthCheck (1 available, 0 not) and QueueDepth per backend from a health check.
 */
import type { BackendInfo } from '../backends';
import type { ResultRecord } from './result';

export const QUANTUM_METRICS = {
  QueueWaitTime: 'QueueWaitTime',
  ShotsUsed: 'ShotsUsed',
  EstimatedCostUsd: 'EstimatedCostUsd',
  QueueDepth: 'QueueDepth',
  QuantumBackendHealthCheck: 'QuantumBackendHealthCheck',
} as const;

export interface MetricDatum {
  readonly name: (typeof QUANTUM_METRICS)[keyof typeof QUANTUM_METRICS];
  /** CloudWatch unit names. */
  readonly unit: 'Seconds' | 'Count' | 'None';
  readonly value: number;
  readonly dimensions: Readonly<Record<string, string>>;
}

/** Metrics of one finished job (none for a classical answer without a quantum backend). */
export function quantumJobMetrics(record: ResultRecord): MetricDatum[] {
  if (record.backend.kind === 'classical') return [];
  const dimensions = { Backend: record.backend.name };
  const out: MetricDatum[] = [
    { name: 'QueueWaitTime', unit: 'Seconds', value: record.cost.queueWaitSeconds, dimensions },
    { name: 'ShotsUsed', unit: 'Count', value: record.cost.shotsUsed, dimensions },
    { name: 'EstimatedCostUsd', unit: 'None', value: record.cost.estimatedCostUsd, dimensions },
  ];
  if (record.backend.queueDepth !== undefined) out.push({ name: 'QueueDepth', unit: 'Count', value: record.backend.queueDepth, dimensions });
  return out;
}

/** Health-check metrics of backends as `listBackends` reports them. */
export function backendHealthMetrics(backends: readonly BackendInfo[]): MetricDatum[] {
  return backends.flatMap((b) => [
    { name: 'QuantumBackendHealthCheck' as const, unit: 'Count' as const, value: b.available ? 1 : 0, dimensions: { Backend: b.name } },
    { name: 'QueueDepth' as const, unit: 'Count' as const, value: Number.isFinite(b.queueDepth) ? b.queueDepth : 0, dimensions: { Backend: b.name } },
  ]);
}
