import { backendHealthMetrics } from '../../lib/jobs/quantum-metrics';
import { succeededJobMetrics } from '../../lib/jobs/metrics';
import type { ResultRecord } from '../../lib/jobs/result';

describe('quantum metrics', () => {
  it('turns a health check into 1/0 and the queue depth per backend', () => {
    const groups = backendHealthMetrics([
      { name: 'braket:sv1', provider: 'braket', kind: 'simulator', status: 'online', available: true, queueDepth: 0, qubits: 34, price: '' },
      { name: 'ibm:x', provider: 'ibm', kind: 'hardware', status: 'offline', available: false, queueDepth: 7, qubits: 27, price: '' },
    ] as never);
    expect(groups).toEqual([
      { dimensions: { backend: 'braket:sv1' }, metrics: [{ name: 'QuantumBackendHealthCheck', unit: 'Count', value: 1 }, { name: 'QueueDepth', unit: 'Count', value: 0 }] },
      { dimensions: { backend: 'ibm:x' }, metrics: [{ name: 'QuantumBackendHealthCheck', unit: 'Count', value: 0 }, { name: 'QueueDepth', unit: 'Count', value: 7 }] },
    ]);
  });

  it('reports the queue wait of a quantum answer among the job metrics, not of a classical one', () => {
    const record = {
      backend: { name: 'ibm:ibm_fez', kind: 'hardware' },
      cost: { shotsUsed: 28000, estimatedCostUsd: 86.4, queueWaitSeconds: 40.5 },
      durations: { totalSeconds: 100 },
      fallback: { activated: false, reason: null },
      quality: { approximationRatio: 1 },
    } as unknown as ResultRecord;
    const wait = (r: ResultRecord) => succeededJobMetrics(r)[0]!.metrics.find((m) => m.name === 'QueueWaitTime')?.value;
    expect(wait(record)).toBe(40.5);
    expect(wait({ ...record, backend: { name: 'local', kind: 'classical' } } as ResultRecord)).toBeUndefined();
  });
});
