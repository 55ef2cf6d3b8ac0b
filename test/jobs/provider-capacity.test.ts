import { ProviderCapacityProbe } from '../../lib/jobs/provider-capacity';
import { backendEnvironment } from '../../lib/backends/environment';
import { S3Client } from '@aws-sdk/client-s3';
import { startFakeIbm, FAKE_API_KEY, FAKE_CRN, type FakeIbm } from '../fakes/ibm-server';
import { startFakeBraket } from '../fakes/braket-server';

describe('ProviderCapacityProbe against a fake IBM Quantum platform on 127.0.0.1', () => {
  let ibm: FakeIbm;
  beforeAll(async () => {
    ibm = await startFakeIbm();
  });
  afterAll(async () => ibm.close());

  const env = () =>
    backendEnvironment({ QPO_IBM_API_KEY: FAKE_API_KEY, QPO_IBM_INSTANCE_CRN: FAKE_CRN, QPO_IBM_API_URL: `${ibm.url}/api`, QPO_IBM_IAM_URL: ibm.url });
  const queue = { queueDepth: async () => 7 };

  it('reports each backend as its provider does, asking the provider once', async () => {
    const probe = new ProviderCapacityProbe(queue, env());
    const before = ibm.tokenExchanges();
    expect(await probe.queueDepth()).toBe(7);
    expect(await probe.backendStatus('local')).toEqual({ status: 'available', message: null });
    // The provider's queue travels with the status (CheckCapacity routes on it as on the Batch queue).
    expect(await probe.backendStatus('ibm:fake_fez')).toEqual({ status: 'available', message: null, queueDepth: 3, device: { name: 'ibm:fake_fez', provider: 'ibm', kind: 'hardware', queueDepth: 3 } });
    expect(await probe.backendStatus('ibm:fake_brisbane')).toEqual({ status: 'available', message: null, queueDepth: 40, device: { name: 'ibm:fake_brisbane', provider: 'ibm', kind: 'hardware', queueDepth: 40 } });
    expect(await probe.backendStatus('ibm:fake_offline')).toMatchObject({ status: 'unavailable', message: expect.stringMatching(/fake_offline: offline/) });
    // the plan's device: the least busy one
    expect(await probe.backendStatus('ibm:least-busy')).toEqual({ status: 'available', message: null, queueDepth: 3, device: { name: 'ibm:fake_fez', provider: 'ibm', kind: 'hardware', queueDepth: 3 } });
    expect(await probe.backendStatus('auto')).toEqual({ status: 'available', message: null });
    expect(await probe.backendStatus('ibm:no_such_device')).toMatchObject({ status: 'unknown' });
    expect(await probe.backendStatus('braket:sv1')).toMatchObject({ status: 'unknown' }); // Braket not configured
    expect(ibm.tokenExchanges() - before).toBe(1);
  });

  it('makes every IBM backend unavailable when the platform rejects the credentials', async () => {
    const probe = new ProviderCapacityProbe(queue, backendEnvironment({ QPO_IBM_API_KEY: 'wrong-key', QPO_IBM_INSTANCE_CRN: FAKE_CRN, QPO_IBM_API_URL: `${ibm.url}/api`, QPO_IBM_IAM_URL: ibm.url }));
    const status = await probe.backendStatus('ibm:fake_fez');
    expect(status.status).toBe('unavailable');
    expect(status.message).not.toContain('wrong-key');
  });
});

describe('ProviderCapacityProbe against a fake Amazon Braket on 127.0.0.1', () => {
  const saved = { ...process.env };
  afterAll(() => { process.env = saved; });

  it("gives the plan each device's program-set support from its deviceCapabilities.action", async () => {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' });
    const braket = await startFakeBraket(new S3Client({ region: 'us-east-1' }));
    try {
      const probe = new ProviderCapacityProbe({ queueDepth: async () => 0 }, { braket: { bucket: 'amazon-braket-x', region: 'us-east-1', endpoints: { braket: braket.url, s3: braket.url } } });
      // SV1 lists braket.ir.openqasm.program_set (one task per batch); Forte 1 does not (one task per parameter set)
      expect((await probe.backendStatus('braket:sv1')).device).toEqual({ name: 'braket:sv1', provider: 'braket', kind: 'simulator', queueDepth: 0, deviceArn: 'arn:aws:braket:::device/quantum-simulator/amazon/sv1', programSets: true });
      expect((await probe.backendStatus('braket:arn:aws:braket:us-east-1::device/qpu/ionq/Forte-1')).device).toMatchObject({ kind: 'hardware', queueDepth: 4001, programSets: false });
    } finally {
      await braket.close();
    }
  });
});
