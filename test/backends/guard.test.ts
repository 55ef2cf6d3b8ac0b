import { guardSampler } from '../../lib/backends/guard';
import { BackendError } from '../../lib/backends/errors';
import { realAmplitudes } from '../../lib/quantum/ansatz';
import type { Sampler, SamplerRequest, SamplerResult } from '../../lib/quantum/ports';

const circuit = realAmplitudes({ numQubits: 2, reps: 1 });
const request = (shots = 100, sets = 1): SamplerRequest => ({ circuit, parameterSets: Array.from({ length: sets }, () => [0, 0, 0, 0]), shots });

/** A sampler that answers |00> and lets a test script failures and delays. */
function scripted(script: ('ok' | 'transient' | 'hang')[]): Sampler & { calls: number } {
  const s = {
    name: 'test', kind: 'hardware' as const, maxQubits: 5, supportsExactProbabilities: false, calls: 0,
    async run(r: SamplerRequest, signal?: AbortSignal): Promise<SamplerResult> {
      const step = script[s.calls++] ?? 'ok';
      if (step === 'transient') throw new BackendError('BACKEND_REQUEST_FAILED', 'HTTP 503');
      if (step === 'hang') await new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason)));
      return { distributions: r.parameterSets.map(() => ({ kind: 'counts', counts: new Map([[0, r.shots!]]), shots: r.shots! })), shotsUsed: r.shots! * r.parameterSets.length, queueSeconds: 2, estimatedCostUsd: 0.5 };
    },
  };
  return s;
}

describe('guardSampler', () => {
  it('refuses the request that would cross limits.maxShots, before it runs', async () => {
    const inner = scripted([]);
    const g = guardSampler(inner, { maxShots: 250, estimateCostUsd: () => 0 });
    await g.run(request(100, 2));
    await expect(g.run(request(100))).rejects.toMatchObject({ code: 'SHOT_LIMIT_EXCEEDED', path: 'limits.maxShots' });
    expect(inner.calls).toBe(1);
    expect(g.usage).toEqual({ shots: 200, costUsd: 0.5, queueSeconds: 2, requests: 1, providerJobs: 0 });
  });

  it('refuses the request whose estimate would cross limits.maxCostUsd', async () => {
    const g = guardSampler(scripted([]), { maxCostUsd: 1, estimateCostUsd: () => 0.6 });
    await g.run(request());
    await expect(g.run(request())).rejects.toThrow(/limits\.maxCostUsd: .* estimated at \$1\.1000, more than the limit of \$1/);
  });

  it('retries a transient failure once, then gives up', async () => {
    const sleep = jest.fn(async () => undefined);
    const once = scripted(['transient', 'ok']);
    await expect(guardSampler(once, { estimateCostUsd: () => 0, sleep }).run(request())).resolves.toMatchObject({ shotsUsed: 100 });
    const twice = scripted(['transient', 'transient', 'ok']);
    await expect(guardSampler(twice, { estimateCostUsd: () => 0, sleep }).run(request())).rejects.toMatchObject({ code: 'BACKEND_REQUEST_FAILED' });
    expect(twice.calls).toBe(2);
  });

  it('aborts a request that exceeds the request timeout (the backend cancels its job on abort)', async () => {
    const g = guardSampler(scripted(['hang']), { estimateCostUsd: () => 0, requestTimeoutSeconds: 0.05 });
    await expect(g.run(request())).rejects.toMatchObject({ code: 'BACKEND_JOB_TIMEOUT' });
  });
});
