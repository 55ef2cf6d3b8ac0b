import { IbmRuntimeClient } from '../../../lib/backends/ibm/client';
import { createIbmSampler, type IbmSampler } from '../../../lib/backends/ibm/sampler';
import { decodePubResult, hexToIndex } from '../../../lib/backends/ibm/decode';
import { realAmplitudes } from '../../../lib/quantum/ansatz';
import { exactProbabilities, totalVariation } from '../../helpers/distributions';
import { startFakeIbm, FAKE_API_KEY, FAKE_CRN, type FakeIbm } from '../../fakes/ibm-server';

const fastPoll = { initialIntervalMs: 2, maxIntervalMs: 10, timeoutSeconds: 5 };

const exact = exactProbabilities;

describe('decode', () => {
  it('reads hex samples with num_bits, bit 0 rightmost, into canonical counts', () => {
    expect(hexToIndex('0x2', 2)).toBe(2); // "10": clbit1 = 1, clbit0 = 0
    const [d] = decodePubResult({ data: { c: { samples: ['0x3', '0x0', '0x3', '0x1'], num_bits: 2 } } }, 'c', 1);
    expect(d).toEqual({ kind: 'counts', shots: 4, counts: new Map([[3, 2], [0, 1], [1, 1]]) });
    expect(() => hexToIndex('0x8', 3)).toThrow(/num_bits/);
    expect(() => decodePubResult({ data: {} }, 'c', 1)).toThrow(/missing/);
  });
});

describe('IBM Sampler V2 through the port, against the fake platform', () => {
  let fake: FakeIbm;
  let sampler: IbmSampler;
  const circuit = realAmplitudes({ numQubits: 4, reps: 2 }); // 12 parameters: θ[10] sorts before θ[2] by name

  beforeEach(async () => {
    fake = await startFakeIbm();
    const client = new IbmRuntimeClient({ apiKey: FAKE_API_KEY, crn: FAKE_CRN, apiUrl: `${fake.url}/api`, iamUrl: fake.url, retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 }, jobsPerMinute: Infinity });
    sampler = createIbmSampler({ client, configuration: await client.backendConfiguration('fake_fez'), poll: fastPoll });
  });
  afterEach(async () => { await fake.close(); });

  it('sends every parameter set in one broadcast PUB and returns counts matching the exact distribution', async () => {
    const sets = [Array.from({ length: 12 }, (_, i) => 0.3 * i - 1), Array.from({ length: 12 }, (_, i) => Math.sin(i))];
    const result = await sampler.run({ circuit, parameterSets: sets, shots: 4000 });
    expect(fake.jobs).toHaveLength(1);
    const params = fake.jobs[0]!.body.params as { pubs: [string, number[][], number][]; version: number; support_qiskit: boolean };
    expect(params.version).toBe(2);
    expect(params.support_qiskit).toBe(false);
    const [qasm, values, shots] = params.pubs[0]!;
    expect(qasm).toMatch(/^OPENQASM 3\.0;\ninclude "stdgates.inc";\ninput float\[64\] p_000;/);
    expect(qasm).toMatch(/c\[0\] = measure \$\d+;/);
    expect(values).toEqual(sets);
    expect(shots).toBe(4000);
    expect(result.distributions).toHaveLength(2);
    sets.forEach((s, i) => expect(totalVariation(exact(circuit, s), result.distributions[i]!)).toBeLessThan(0.05));
    expect(result.shotsUsed).toBe(8000);
    expect(result.queueSeconds).toBeCloseTo(1.5, 5); // from the job metrics timestamps
    expect(result.estimatedCostUsd).toBeCloseTo(2 * 1.6, 6); // 2 quantum seconds
  });

  it('maps a failed job and a 1305 cancellation', async () => {
    fake.faults.jobOutcomes.push('fail', 'cancel-1305');
    const req = { circuit, parameterSets: [new Array(12).fill(0.1)], shots: 100 };
    await expect(sampler.run(req)).rejects.toMatchObject({ code: 'BACKEND_JOB_FAILED', message: expect.stringMatching(/failed: Error in transpilation/) });
    await expect(sampler.run(req)).rejects.toMatchObject({ code: 'BACKEND_JOB_TIMEOUT', message: expect.stringMatching(/1305/) });
  });

  it('cancels a job that never finishes, on the poll deadline and on abort', async () => {
    fake.faults.jobOutcomes.push('never-finish', 'never-finish');
    const client = new IbmRuntimeClient({ apiKey: FAKE_API_KEY, crn: FAKE_CRN, apiUrl: `${fake.url}/api`, iamUrl: fake.url, jobsPerMinute: Infinity });
    const slow = createIbmSampler({ client, configuration: await client.backendConfiguration('fake_fez'), poll: { initialIntervalMs: 5, maxIntervalMs: 20, timeoutSeconds: 0.2 } });
    const req = { circuit, parameterSets: [new Array(12).fill(0.1)], shots: 100 };
    await expect(slow.run(req)).rejects.toMatchObject({ code: 'BACKEND_JOB_TIMEOUT' });
    expect(fake.jobs[0]!.cancelled).toBe(true);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stop')), 50);
    await expect(slow.run(req, controller.signal)).rejects.toThrow('stop');
    expect(fake.jobs[1]!.cancelled).toBe(true);
  });

  it('survives a 429 on job creation (rate limit) by backing off', async () => {
    fake.faults.nextApiStatuses.push(429);
    const result = await sampler.run({ circuit, parameterSets: [new Array(12).fill(0)], shots: 50 });
    expect(result.distributions[0]).toMatchObject({ kind: 'counts', shots: 50 });
    // all-zero angles: |0000> with certainty
    expect((result.distributions[0] as { counts: ReadonlyMap<number, number> }).counts.get(0)).toBe(50);
  });
});
