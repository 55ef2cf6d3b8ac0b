/**
 * `qpo usage` against the IBM and Braket test servers (issue 11, "Usage and credits"): the IBM
 * instance's used and limit seconds with the period and whether the limit is reached; Braket spend
 * of the tasks qpo created (tagged `qpo:job`), not of other tasks; a bad --days exits 2.
 */
import { CreateQuantumTaskCommand, BraketClient } from '@aws-sdk/client-braket';
import { startFakeIbm, FAKE_API_KEY, FAKE_CRN, DEFAULT_DEVICES, type FakeIbm } from '../fakes/ibm-server';
import { startFakeBraket, type FakeBraket } from '../fakes/braket-server';
import { startFakeS3, type FakeS3 } from '../fakes/s3';
import { spawnCli } from '../helpers/spawn-cli';

const BUCKET = 'amazon-braket-us-east-1-123456789012';
const SV1 = 'arn:aws:braket:::device/quantum-simulator/amazon/sv1';
const CREDS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };

const qpo = (args: string[], env: Record<string, string>) => spawnCli(args, env, { prefix: 'qpo-usage-' });

describe('qpo usage', () => {
  let ibm: FakeIbm;
  let s3: FakeS3;
  let braket: FakeBraket;
  let env: Record<string, string>;
  const saved = { ...process.env };

  beforeAll(async () => {
    Object.assign(process.env, CREDS);
    ibm = await startFakeIbm(DEFAULT_DEVICES, 1, { timing: { timeScale: 0.001, usageLimitSeconds: 600 } });
    s3 = await startFakeS3([BUCKET]);
    braket = await startFakeBraket(s3.client);
    // three tasks: two of qpo's (tagged), one of someone else's
    const client = new BraketClient({ region: 'us-east-1', endpoint: braket.url, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    const source = 'OPENQASM 3.0;\nqubit[1] q;\nbit[1] c;\nh q[0];\nc[0] = measure q[0];';
    for (const [i, tags] of ([{ 'qpo:job': 'a' }, { 'qpo:job': 'b' }, { team: 'other' }] as Record<string, string>[]).entries()) {
      await client.send(new CreateQuantumTaskCommand({ clientToken: `usage-${i}`, deviceArn: SV1, shots: 100 * (i + 1), outputS3Bucket: BUCKET, outputS3KeyPrefix: 'u', action: JSON.stringify({ braketSchemaHeader: { name: 'braket.ir.openqasm.program', version: '1' }, source, inputs: {} }), tags }));
    }
    client.destroy();
    env = {
      QPO_IBM_API_KEY: FAKE_API_KEY, QPO_IBM_INSTANCE_CRN: FAKE_CRN, QPO_IBM_API_URL: `${ibm.url}/api`, QPO_IBM_IAM_URL: ibm.url,
      QPO_BRAKET_BUCKET: BUCKET, AWS_ENDPOINT_URL_BRAKET: braket.url, AWS_ENDPOINT_URL_S3: s3.url, ...CREDS,
    };
  });
  afterAll(async () => {
    await ibm.close();
    await braket.close();
    await s3.close();
    process.env = saved;
  });

  it('shows IBM instance seconds and the Braket spend of qpo\'s tasks', async () => {
    const r = await qpo(['usage', '--json'], env);
    expect(r.code).toBe(0);
    const u = JSON.parse(r.stdout);
    expect(u.ibm.usage).toMatchObject({ usage_consumed_seconds: 0, usage_limit_seconds: 600, usage_remaining_seconds: 600, usage_limit_reached: false });
    expect(u.ibm.usage.usage_period.start_time).toMatch(/^\d{4}-/);
    expect(u.ibm.remainingShare).toBe(1);
    expect(u.braket).toMatchObject({ tasks: 2, shots: 100 + 200 });
    expect(u.braket.estimatedCostUsd).toBeGreaterThan(0);
    const text = await qpo(['usage'], env);
    expect(text.stdout).toMatch(/IBM Quantum\s+0 s used of 600 s \(100\.0 % left\)/);
    expect(text.stdout).toMatch(/Amazon Braket 2 qpo tasks since .*, 300 shots/);
  }, 60_000);

  it('says when the IBM limit is reached (jobs then fall back with reason quota)', async () => {
    const used = await startFakeIbm(DEFAULT_DEVICES, 1, { timing: { timeScale: 0.001, usageLimitSeconds: 0 } });
    try {
      const r = await qpo(['usage'], { ...env, QPO_IBM_API_URL: `${used.url}/api`, QPO_IBM_IAM_URL: used.url });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/LIMIT REACHED: jobs fall back \(reason quota\)/);
    } finally {
      await used.close();
    }
  }, 60_000);

  it('refuses a bad --days with exit code 2', async () => {
    const r = await qpo(['usage', '--days', '-3'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--days: '-3' is out of range/);
  }, 30_000);
});
