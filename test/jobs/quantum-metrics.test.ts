import { backendHealthMetrics, quantumJobMetrics } from '../../lib/jobs/quantum-metrics';
import type { ResultRecord } from '../../lib/jobs/result';

describe('quantum metrics', () => {
  it('reports queue wait, shots, cost and queue depth by backend for a quantum answer', () => {
    const record = { backend: { name: 'ibm:ibm_fez', kind: 'hardware', queueDepth: 12 }, cost: { shotsUsed: 28000, estimatedCostUsd: 86.4, queueWaitSeconds: 40.5 } } as unknown as ResultRecord;
    expect(quantumJobMetrics(record)).toEqual([
      { name: 'QueueWaitTime', unit: 'Seconds', value: 40.5, dimensions: { Backend: 'ibm:ibm_fez' } },
      { name: 'ShotsUsed', unit: 'Count', value: 28000, dimensions: { Backend: 'ibm:ibm_fez' } },
      { name: 'EstimatedCostUsd', unit: 'None', value: 86.4, dimensions: { Backend: 'ibm:ibm_fez' } },
      { name: 'QueueDepth', unit: 'Count', value: 12, dimensions: { Backend: 'ibm:ibm_fez' } },
    ]);
    expect(quantumJobMetrics({ ...record, backend: { name: 'local', kind: 'classical' } })).toEqual([]);
  });

  it('turns a health check into 1/0 per backend', () => {
    const m = backendHealthMetrics([
      { name: 'braket:sv1', provider: 'braket', kind: 'simulator', status: 'online', available: true, queueDepth: 0, qubits: 34, price: '' },
      { name: 'ibm:x', provider: 'ibm', kind: 'hardware', status: 'offline', available: false, queueDepth: 7, qubits: 27, price: '' },
    ]);
    expect(m.filter((d) => d.name === 'QuantumBackendHealthCheck').map((d) => [d.dimensions.Backend, d.value])).toEqual([['braket:sv1', 1], ['ibm:x', 0]]);
  });
});
