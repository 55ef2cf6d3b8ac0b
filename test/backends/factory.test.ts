import { openBackend, type BackendEnvironment, type BackendRequest } from '../../lib/backends/factory';
import { describeError } from '../../lib/jobs/errors';
import { startFakeIbm, FAKE_API_KEY, FAKE_CRN, type FakeIbm } from '../fakes/ibm-server';

const base: BackendRequest = { backend: 'local', numQubits: 4, seed: 1, optimizer: 'cobyla', maxIterations: 10, shots: 100 };

describe('openBackend', () => {
  let fake: FakeIbm;
  let env: BackendEnvironment;
  beforeAll(async () => {
    fake = await startFakeIbm();
    env = { ibm: { apiKey: FAKE_API_KEY, crn: FAKE_CRN, apiUrl: `${fake.url}/api`, iamUrl: fake.url }, poll: { initialIntervalMs: 1, maxIntervalMs: 5 } };
  });
  afterAll(async () => { await fake.close(); });

  it('opens the local simulator with a free estimate', async () => {
    const b = await openBackend(base, {});
    expect(b.info).toMatchObject({ name: 'local', kind: 'simulator', price: 'free' });
    expect(b.estimate).toMatchObject({ requests: 11, totalShots: 1100, providerJobs: 0, estimatedCostUsd: 0 });
  });

  it('opens ibm:<name> with status, configuration, ISA transpilation and a QPU-seconds estimate (plus calibration)', async () => {
    const b = await openBackend({ ...base, backend: 'ibm:fake_brisbane' }, env);
    expect(b.info).toMatchObject({ name: 'ibm:fake_brisbane', kind: 'hardware', queueDepth: 40, qubits: 7 });
    expect(b.estimate.providerJobs).toBe(12);
    expect(b.estimate.estimatedCostUsd).toBeCloseTo(11 * (2 + 100 * 250e-6) * 1.6 + (2 + 2000 * 250e-6) * 1.6, 9);
    expect(fake.jobs).toHaveLength(0);
  });

  it('ibm:least-busy picks the online device with the shortest queue', async () => {
    expect((await openBackend({ ...base, backend: 'ibm:least-busy' }, env)).info.name).toBe('ibm:fake_fez');
  });

  it('auto scores the candidates and takes IBM when the local simulator cannot hold the circuit', async () => {
    const local = await openBackend({ ...base, backend: 'auto' }, env);
    expect(local.info.name).toBe('local');
    expect(local.ranking!.map((r) => r.info.name)).toEqual(['local', 'ibm:fake_fez']);
    const remote = await openBackend({ ...base, backend: 'auto', maxStateBytes: 16 * 2 ** 3 }, env);
    expect(remote.info.name).toBe('ibm:fake_fez');
  });

  it('refuses before submission: limits, too small, queue too deep, not configured, unknown device', async () => {
    await expect(openBackend({ ...base, backend: 'ibm:fake_fez', limits: { maxCostUsd: 1 } }, env)).rejects.toMatchObject({ code: 'COST_LIMIT_EXCEEDED' });
    await expect(openBackend({ ...base, limits: { maxShots: 1000 } }, env)).rejects.toMatchObject({ code: 'SHOT_LIMIT_EXCEEDED' });
    await expect(openBackend({ ...base, backend: 'ibm:fake_brisbane', numQubits: 8 }, env)).rejects.toMatchObject({ code: 'BACKEND_TOO_SMALL' });
    await expect(openBackend({ ...base, backend: 'ibm:fake_brisbane', maxQueue: 10 }, env)).rejects.toMatchObject({ code: 'BACKEND_QUEUE_TOO_LONG' });
    await expect(openBackend({ ...base, backend: 'ibm:fake_offline' }, env)).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
    await expect(openBackend({ ...base, backend: 'ibm:fake_fez' }, {})).rejects.toMatchObject({ code: 'BACKEND_NOT_CONFIGURED' });
    await expect(openBackend({ ...base, backend: 'braket:sv1' }, {})).rejects.toMatchObject({ code: 'BACKEND_NOT_CONFIGURED' });
    await expect(openBackend({ ...base, backend: 'ibm:nowhere' }, env)).rejects.toMatchObject({ code: 'BACKEND_NOT_FOUND' });
    expect(fake.jobs).toHaveLength(0);
  });

  it('maps the backend codes to HTTP status and exit codes in the one table', () => {
    const cases: [string, number, number][] = [
      ['COST_LIMIT_EXCEEDED', 400, 2], ['SHOT_LIMIT_EXCEEDED', 400, 2], ['INVALID_BACKEND', 400, 2], ['BACKEND_NOT_CONFIGURED', 400, 2],
      ['BACKEND_NOT_FOUND', 404, 2], ['BACKEND_TOO_SMALL', 400, 2], ['BACKEND_UNAVAILABLE', 503, 1], ['BACKEND_JOB_TIMEOUT', 504, 1],
      ['BACKEND_JOB_FAILED', 502, 1], ['BACKEND_AUTH_FAILED', 502, 1],
    ];
    for (const [code, http, exit] of cases) expect([code, describeError({ code, message: 'x' }).httpStatus, describeError({ code, message: 'x' }).exitCode]).toEqual([code, http, exit]);
  });
});
