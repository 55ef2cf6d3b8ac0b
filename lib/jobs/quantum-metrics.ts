/**
 * Quantum-backend health as metrics of namespace `QuantumComputing` (plain MetricGroups for
 * `emfLines`): QuantumBackendHealthCheck (1 available, 0 not) and QueueDepth per backend, with the
 * dimension `backend` the dashboard and the BackendUnreachable alarms read.
 */
import type { BackendInfo } from '../backends';
import { METRIC, type MetricGroup } from './metrics';

/** One group per backend from a health check (`qpo backends` / the health-check Lambda). */
export function backendHealthMetrics(backends: readonly BackendInfo[]): MetricGroup[] {
  return backends.map((b) => ({
    dimensions: { backend: b.name },
    metrics: [
      { name: METRIC.backendHealth, unit: 'Count', value: b.available ? 1 : 0 },
      { name: METRIC.queueDepth, unit: 'Count', value: Number.isFinite(b.queueDepth) ? b.queueDepth : 0 },
    ],
  }));
}
