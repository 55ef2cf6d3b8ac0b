import { IbmRuntimeClient, IBM_API_VERSION } from '../../../lib/backends/ibm/client';
import { apiUrlOfCrn, regionOfCrn } from '../../../lib/backends/ibm/crn';
import { startFakeIbm, FAKE_API_KEY, FAKE_CRN, type FakeIbm } from '../../fakes/ibm-server';

const fastRetry = { retries: 3, baseDelayMs: 1, maxDelayMs: 5 };

describe('IBM Quantum REST client against the fake platform', () => {
  let fake: FakeIbm;
  const client = (overrides: Partial<ConstructorParameters<typeof IbmRuntimeClient>[0]> = {}) =>
    new IbmRuntimeClient({ apiKey: FAKE_API_KEY, crn: FAKE_CRN, apiUrl: `${fake.url}/api`, iamUrl: fake.url, retry: fastRetry, ...overrides });

  beforeEach(async () => { fake = await startFakeIbm(); });
  afterEach(async () => { await fake.close(); });

  it('reads the region from the instance CRN', () => {
    expect(regionOfCrn(FAKE_CRN)).toBe('us-east');
    expect(apiUrlOfCrn(FAKE_CRN)).toBe('https://quantum.cloud.ibm.com/api');
    expect(apiUrlOfCrn('crn:v1:bluemix:public:quantum-computing:eu-de:a/x:y::')).toBe('https://eu-de.quantum.cloud.ibm.com/api');
    expect(() => regionOfCrn('not-a-crn')).toThrow(/QPO_IBM_INSTANCE_CRN/);
  });

  it('lists backends with the IAM token, Service-CRN and pinned IBM-API-Version on every call', async () => {
    const c = client();
    const devices = await c.listBackends();
    expect(devices.map((d) => d.name)).toEqual(['fake_fez', 'fake_brisbane', 'fake_offline']);
    const status = await c.backendStatus('fake_fez');
    expect(status).toMatchObject({ state: true, length_queue: 3 });
    const config = await c.backendConfiguration('fake_brisbane');
    expect(config.basis_gates).toContain('ecr');
    const apiCalls = fake.log.filter((r) => r.path.startsWith('/api/'));
    expect(apiCalls).toHaveLength(3);
    for (const r of apiCalls) {
      expect(r.headers.authorization).toMatch(/^Bearer tok-1-/);
      expect(r.headers['service-crn']).toBe(FAKE_CRN);
      expect(r.headers['ibm-api-version']).toBe(IBM_API_VERSION);
    }
    expect(fake.tokenExchanges()).toBe(1); // cached
  });

  it('refreshes the token shortly before expires_in, and once after a 401 (expired token)', async () => {
    let now = 1_000_000;
    const c = client({ now: () => now });
    await c.listBackends();
    now += 3_300_000; // 55 min of a 60 min token: inside the refresh margin
    await c.listBackends();
    expect(fake.tokenExchanges()).toBe(2);
    fake.expireAllTokens();
    await c.listBackends();
    expect(fake.tokenExchanges()).toBe(3);
  });

  it('picks the least busy online backend as qiskit-ibm-runtime does', async () => {
    const { device, configuration } = await client().leastBusy(5);
    expect(device.name).toBe('fake_fez');
    expect(configuration.n_qubits).toBe(12);
    await expect(client().leastBusy(20)).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
  });

  it('retries 429 and 5xx with bounded backoff, then gives up', async () => {
    fake.faults.nextApiStatuses.push(429, 502);
    await expect(client().listBackends()).resolves.toHaveLength(3);
    fake.faults.nextApiStatuses.push(500, 500, 500, 500, 500);
    await expect(client().listBackends()).rejects.toMatchObject({ code: 'BACKEND_REQUEST_FAILED', message: expect.stringMatching(/HTTP 500/) });
  });

  it('paces job creation to jobsPerMinute (IBM: 5 per minute per user) instead of collecting 429s', async () => {
    let now = 0;
    const waits: number[] = [];
    const c = client({ jobsPerMinute: 2, now: () => now, sleep: async (ms) => { waits.push(ms); now += ms; } });
    const body = { program_id: 'sampler', backend: 'fake_fez', params: { version: 2, pubs: [['OPENQASM 3.0;\ninclude "stdgates.inc";\nbit[1] c;\nc[0] = measure $0;\n', null, 10]] } };
    await c.createJob(body);
    now += 10_000;
    await c.createJob(body);
    now += 5_000;
    await c.createJob(body); // third within the minute: waits until the first is 60 s old, plus a 2 % margin for the clocks
    expect(waits).toEqual([45_000 + 1_200]);
    expect(fake.jobs).toHaveLength(3);
  });

  it('maps 404 to BACKEND_NOT_FOUND and a bad key to BACKEND_AUTH_FAILED without leaking the key', async () => {
    await expect(client().backendConfiguration('ibm_nowhere')).rejects.toMatchObject({ code: 'BACKEND_NOT_FOUND', name: 'QPO.BackendNotFound' });
    const wrongKey = 'wrong-secret-key-987654321';
    const error = await client({ apiKey: wrongKey }).listBackends().catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'BACKEND_AUTH_FAILED' });
    expect(JSON.stringify({ m: (error as Error).message, s: (error as Error).stack })).not.toContain(wrongKey);
    expect((error as Error).message).toContain('***'); // the fake echoes the key; it is redacted
  });
});
