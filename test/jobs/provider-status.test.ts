/**
 * providerStatus (one provider call per backend, with a time limit) against the IBM Quantum and
 * Amazon Braket test servers on 127.0.0.1, and the Lambdas' IBM key from Secrets Manager: cached,
 * read again after IBM refuses a rotated key.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { isAuthError, providerStatus } from '../../lib/jobs/provider-status';
import { IbmKeySecret, statusOf } from '../../lambdas/shared/providers';
import { startSecretsManager, type LocalSecretsManager } from '../cloud/aws/secrets-manager';
import { startFakeBraket, type FakeBraket } from '../fakes/braket-server';
import { FAKE_API_KEY, FAKE_CRN, startFakeIbm, type FakeIbm } from '../fakes/ibm-server';
import { TEST_CREDENTIALS } from '../helpers/sigv4';

let ibm: FakeIbm;
let braket: FakeBraket;
let silent: Server;
let secrets: LocalSecretsManager;
const saved = { ...process.env };
const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:qpo-ibm-AbCdEf';

beforeAll(async () => {
  ibm = await startFakeIbm();
  braket = await startFakeBraket(new S3Client({ region: 'us-east-1' }));
  // Accepts connections, never answers.
  silent = createServer(() => undefined);
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  secrets = await startSecretsManager(TEST_CREDENTIALS);
  Object.assign(process.env, { AWS_ENDPOINT_URL_BRAKET: braket.url, AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1' });
});
afterAll(async () => {
  process.env = saved;
  silent.closeAllConnections();
  await Promise.all([ibm.close(), braket.close(), secrets.close(), new Promise((r) => silent.close(r))]);
});

const ibmEnv = (apiKey = FAKE_API_KEY, apiUrl = `${ibm.url}/api`) => ({ ibm: { apiKey, crn: FAKE_CRN, apiUrl, iamUrl: ibm.url } });

describe('providerStatus', () => {
  it('IBM Quantum: status and queue of one device, the shortest online queue for least-busy', async () => {
    expect(await providerStatus('local', {})).toEqual({ backend: 'local', status: 'available', queueDepth: 0, message: null });
    expect(await providerStatus('ibm:fake_fez', ibmEnv())).toEqual({ backend: 'ibm:fake_fez', status: 'available', queueDepth: 3, message: null });
    expect(await providerStatus('ibm:fake_brisbane', ibmEnv())).toMatchObject({ status: 'available', queueDepth: 40 });
    expect(await providerStatus('ibm:fake_offline', ibmEnv())).toMatchObject({ status: 'unavailable', message: 'fake_offline: offline' });
    expect(await providerStatus('ibm:least-busy', ibmEnv())).toMatchObject({ status: 'available', queueDepth: 3 });
    expect(await providerStatus('ibm:no_such', ibmEnv())).toMatchObject({ status: 'unavailable', message: expect.stringMatching(/not found/) });
    expect(await providerStatus('ibm:fake_fez', {})).toMatchObject({ status: 'unavailable', message: expect.stringMatching(/not configured/) });
  });

  it('Amazon Braket: GetDevice status and the normal-priority queue', async () => {
    expect(await providerStatus('braket:sv1', {})).toMatchObject({ status: 'available', queueDepth: 0 });
    expect(await providerStatus('braket:arn:aws:braket:us-east-1::device/qpu/ionq/Forte-1', {})).toMatchObject({ status: 'available', queueDepth: 4001 });
    expect(await providerStatus('braket:garnet', {})).toMatchObject({ status: 'unavailable', message: 'Garnet: OFFLINE' });
  });

  it('a provider that never answers is unavailable within the time limit', async () => {
    const t0 = performance.now();
    const s = await providerStatus('ibm:fake_fez', ibmEnv(FAKE_API_KEY, `http://127.0.0.1:${(silent.address() as AddressInfo).port}/api`), { timeoutMs: 300 });
    expect(s).toMatchObject({ status: 'unavailable', message: 'IBM Quantum did not answer within 0.3 s' });
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it('a refused IBM key is thrown (the caller re-reads it), never reported as a device state', async () => {
    const error = await providerStatus('ibm:fake_fez', ibmEnv('not-the-key')).catch((e: unknown) => e);
    expect(isAuthError(error)).toBe(true);
  });
});

describe('the IBM key from Secrets Manager', () => {
  it('is read once, and again after IBM refuses it (rotation); a secret without the key makes IBM unavailable', async () => {
    const client = new SecretsManagerClient({ region: 'us-east-1', endpoint: secrets.url, credentials: TEST_CREDENTIALS });
    secrets.put(SECRET, 'qpo-ibm', JSON.stringify({ apiKey: FAKE_API_KEY, crn: FAKE_CRN }));
    const key = new IbmKeySecret(client, SECRET);
    // statusOf builds the IBM settings from the secret alone: send IBM's public hosts to the test server.
    const real = globalThis.fetch;
    globalThis.fetch = (input, init) => real(String(input).replace(/^https:\/\/(iam\.cloud\.ibm\.com|quantum\.cloud\.ibm\.com)/, ibm.url), init);
    try {
      expect(await statusOf('ibm:fake_fez', key, 2000)).toMatchObject({ status: 'available', queueDepth: 3 });
      expect(await statusOf('ibm:fake_brisbane', key, 2000)).toMatchObject({ status: 'available', queueDepth: 40 });
      expect(secrets.reads.get(SECRET)).toBe(1);
      // Rotation: IBM now accepts only the new key, every token issued so far is void.
      ibm.faults.apiKeys = ['rotated-key'];
      ibm.expireAllTokens();
      secrets.put(SECRET, 'qpo-ibm', JSON.stringify({ apiKey: 'rotated-key', crn: FAKE_CRN }));
      expect(await statusOf('ibm:fake_fez', key, 2000)).toMatchObject({ status: 'available' });
      expect(secrets.reads.get(SECRET)).toBe(2);
      // The generated placeholder of a secret nobody has set: IBM unavailable, with the reason.
      secrets.put(SECRET, 'qpo-ibm', 'p4ssw0rd-generated-by-cloudformation');
      expect(await statusOf('ibm:fake_fez', new IbmKeySecret(client, SECRET), 2000)).toMatchObject({ status: 'unavailable', message: expect.stringMatching(/not configured/) });
    } finally {
      globalThis.fetch = real;
      ibm.faults.apiKeys = [FAKE_API_KEY];
      client.destroy();
    }
  });
});
