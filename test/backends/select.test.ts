import { rankBackends, WEIGHT_PRESETS, type BackendInfo } from '../../lib/backends/select';
import { estimateJob, variationalRequests } from '../../lib/backends/estimate';
import { parseBackendRef } from '../../lib/backends/factory';

const info = (name: string, queueDepth: number, qubits: number, available = true): BackendInfo => ({
  name, provider: 'ibm', kind: 'hardware', status: available ? 'online' : 'offline', available, queueDepth, qubits, price: '',
});

describe('backend selection (auto)', () => {
  const candidates = [
    { info: info('local', 0, 24), estimatedCostUsd: 0 },
    { info: info('ibm:busy', 400, 156), estimatedCostUsd: 90 },
    { info: info('ibm:quiet', 2, 133), estimatedCostUsd: 120 },
    { info: info('ibm:down', 0, 156, false), estimatedCostUsd: 1 },
  ];

  it('filters by requirements and availability, and ranks by the weighted scores', () => {
    const ranked = rankBackends(candidates, { minQubits: 8 });
    expect(ranked.map((r) => r.info.name)).toEqual(['local', 'ibm:quiet', 'ibm:busy']);
    expect(rankBackends(candidates, { minQubits: 30 }).map((r) => r.info.name)).toEqual(['ibm:quiet', 'ibm:busy']);
    expect(rankBackends(candidates, { minQubits: 30, maxQueue: 50 }).map((r) => r.info.name)).toEqual(['ibm:quiet']);
  });

  it('lets the weights decide between cost and queue time', () => {
    const remote = candidates.slice(1);
    const [cheapest] = rankBackends(remote, { minQubits: 8 }, { cost: 1, queueTime: 0, capability: 0, availability: 0 });
    expect(cheapest!.info.name).toBe('ibm:busy');
    expect(cheapest!.scores.cost).toBe(1);
    expect(rankBackends(remote, { minQubits: 8 }, WEIGHT_PRESETS['speed-optimized'])[0]!.info.name).toBe('ibm:quiet');
    expect(rankBackends(remote, { minQubits: 8 }, WEIGHT_PRESETS.balanced)[0]!.info.name).toBe('ibm:quiet');
  });
});

describe('job estimates', () => {
  it('counts requests as the optimizers document them', () => {
    expect(variationalRequests('cobyla', 100)).toBe(101);
    expect(variationalRequests('spsa', 100)).toBe(2 * 100 + 50 + 2 + 1);
    expect(estimateJob(101, 1000, 0.5, 1, { shots: 2000, costUsd: 1, jobs: 1 })).toEqual({ requests: 101, shotsPerRequest: 1000, totalShots: 103000, providerJobs: 102, estimatedCostUsd: 51.5 });
  });
});

describe('parseBackendRef', () => {
  it('reads every documented form and rejects others naming the field', () => {
    expect(parseBackendRef('local')).toEqual({ provider: 'local' });
    expect(parseBackendRef('auto')).toEqual({ provider: 'auto' });
    expect(parseBackendRef('ibm:least-busy')).toEqual({ provider: 'ibm', device: 'least-busy' });
    expect(parseBackendRef('ibm:ibm_fez')).toEqual({ provider: 'ibm', device: 'ibm_fez' });
    expect(parseBackendRef('braket:dm1')).toEqual({ provider: 'braket', arn: 'arn:aws:braket:::device/quantum-simulator/amazon/dm1' });
    expect(() => parseBackendRef('rigetti:x')).toThrow(/quantum\.backend: 'rigetti:x' is not a backend/);
  });
});
