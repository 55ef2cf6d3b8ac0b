/**
 * quantum.trainNoise readout on Amazon Braket (lib/jobs/train-noise.ts): the opened SV1 backend of
 * the Braket test server reports no per-qubit readout error, so the job is refused naming the field,
 * before any task.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { openBackend } from '../../lib/backends';
import { parseJobSpec } from '../../lib/jobs/spec';
import { backendRequestOf } from '../../lib/jobs/steps';
import { trainReadoutErrorOf } from '../../lib/jobs/train-noise';
import { createProblem } from '../../lib/portfolio/problem';
import { startFakeBraket, type FakeBraket } from '../fakes/braket-server';

describe('trainNoise readout on a device that reports no readout error', () => {
  let braket: FakeBraket;
  const saved = { ...process.env };
  beforeAll(async () => {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' });
    braket = await startFakeBraket(new S3Client({ region: 'us-east-1' }));
  });
  afterAll(async () => {
    await braket.close();
    process.env = saved;
  });

  it('Braket SV1: refused with quantum.trainNoise named, no task created', async () => {
    const spec = parseJobSpec({ portfolio: { tickers: ['A', 'B', 'C', 'D'] }, quantum: { backend: 'braket:sv1', executionMode: 'train-then-sample', trainNoise: 'readout', seed: 1 } });
    const env = { braket: { bucket: 'amazon-braket-x', region: 'us-east-1', endpoints: { braket: braket.url, s3: braket.url } } };
    const backend = await openBackend({ ...backendRequestOf(spec, 1, 4), checkEstimate: false }, env);
    try {
      const problem = createProblem({ tickers: ['A', 'B', 'C', 'D'], mu: [0.01, 0.02, 0.015, 0.005], sigma: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]].map((r) => r.map((x) => x * 1e-4)), budget: 2, riskFactor: 0.5 });
      await expect(trainReadoutErrorOf(backend, spec, problem)).rejects.toMatchObject({
        message: expect.stringMatching(/^quantum\.trainNoise: 'readout' needs the device's per-qubit readout error; braket:sv1 does not report one/),
      });
      expect(braket.tasks).toHaveLength(0);
    } finally {
      await backend.close();
    }
  });
});
