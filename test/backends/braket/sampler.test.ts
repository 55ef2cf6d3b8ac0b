import { CreateQuantumTaskCommand, GetQuantumTaskCommand } from '@aws-sdk/client-braket';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createBraketClients, getDevice, searchDevices, type BraketClients } from '../../../lib/backends/braket/client';
import { createBraketSampler } from '../../../lib/backends/braket/sampler';
import { braketTaskCostUsd, parseQueueSize, resolveDeviceArn } from '../../../lib/backends/braket/devices';
import { decodeMeasurements } from '../../../lib/backends/braket/decode';
import { realAmplitudes, efficientSU2 } from '../../../lib/quantum/ansatz';
import { exactProbabilities, totalVariation } from '../../helpers/distributions';
import type { Circuit } from '../../../lib/quantum/circuit';
import type { Distribution } from '../../../lib/quantum/ports';
import { startFakeBraket, type FakeBraket } from '../../fakes/braket-server';
import { startFakeS3, type FakeS3 } from '../../fakes/s3';

const BUCKET = 'amazon-braket-us-east-1-123456789012';
const fastPoll = { initialIntervalMs: 2, maxIntervalMs: 10, timeoutSeconds: 5 };

const tv = (c: Circuit, params: readonly number[], d: Distribution) => totalVariation(exactProbabilities(c, params), d);

describe('Braket devices, prices and decoding', () => {
  it('resolves short names and rejects unknown ones', () => {
    expect(resolveDeviceArn('sv1')).toBe('arn:aws:braket:::device/quantum-simulator/amazon/sv1');
    expect(resolveDeviceArn('arn:aws:braket:us-east-1::device/qpu/ionq/Forte-1')).toContain('Forte-1');
    expect(() => resolveDeviceArn('nope')).toThrow(/not a Braket device/);
  });

  it('parses queue sizes such as >4000', () => {
    expect(parseQueueSize('>4000')).toEqual({ size: 4001, atLeast: true });
    expect(parseQueueSize('12')).toEqual({ size: 12, atLeast: false });
    expect(parseQueueSize('0 (1 prioritized job(s) running)')).toEqual({ size: 0, atLeast: false });
  });

  it('prices QPU tasks per task + per shot and simulators by duration with the 3 s minimum', () => {
    expect(braketTaskCostUsd('arn:aws:braket:eu-north-1::device/qpu/iqm/Garnet', 1000)).toBeCloseTo(0.3 + 1.45, 10);
    expect(braketTaskCostUsd(resolveDeviceArn('sv1'), 1000, 0.12)).toBeCloseTo((3 / 60) * 0.075, 10);
    expect(braketTaskCostUsd(resolveDeviceArn('sv1'), 1000, 120)).toBeCloseTo(2 * 0.075, 10);
  });

  it('decodes measurements in measuredQubits order into canonical indices', () => {
    // qubit 2 measured first: row [1, 0] means qubit2 = 1, qubit0 = 0 -> index 4
    const d = decodeMeasurements({ measurements: [[1, 0], [1, 0], [0, 1]], measuredQubits: [2, 0] });
    expect(d).toEqual({ kind: 'counts', shots: 3, counts: new Map([[4, 2], [1, 1]]) });
  });
});

describe('Braket sampler against the fake Braket and s3rver', () => {
  let s3: FakeS3;
  let fake: FakeBraket;
  let clients: BraketClients;
  const saved = { ...process.env };

  beforeAll(async () => {
    s3 = await startFakeS3([BUCKET]);
    fake = await startFakeBraket(s3.client);
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_ENDPOINT_URL_BRAKET: fake.url, AWS_ENDPOINT_URL_S3: s3.url });
    clients = createBraketClients({ maxAttempts: 3 });
  });
  afterAll(async () => {
    process.env = saved;
    clients.braket.destroy();
    clients.s3.destroy();
    await fake.close();
    await s3.close();
  });

  it('reads GetDevice (status, queue ">4000", qubits, windows, program-set support) and SearchDevices', async () => {
    const forte = await getDevice(clients, resolveDeviceArn('forte-1'));
    expect(forte).toMatchObject({ type: 'QPU', status: 'ONLINE', queueDepth: 4001, queueText: '>4000', qubitCount: 36, supportsProgramSets: false });
    expect(forte.executionWindows[0]).toMatchObject({ executionDay: 'Weekdays' });
    expect((await getDevice(clients, resolveDeviceArn('dm1'))).supportsProgramSets).toBe(true);
    await expect(getDevice(clients, 'arn:aws:braket:::device/quantum-simulator/amazon/none')).rejects.toMatchObject({ code: 'BACKEND_NOT_FOUND' });
    expect((await searchDevices(clients)).map((d) => d.status)).toEqual(['ONLINE', 'ONLINE', 'ONLINE', 'OFFLINE']);
  });

  it('runs one task per parameter set on a device without program sets (Forte 1) and decodes results.json from S3', async () => {
    const device = await getDevice(clients, resolveDeviceArn('forte-1'));
    expect(device.supportsProgramSets).toBe(false);
    const sampler = createBraketSampler({ ...clients, device, bucket: BUCKET, prefix: 'qpo/test', poll: fastPoll, clientTokenPrefix: 'job-1' });
    const circuit = efficientSU2({ numQubits: 3, reps: 1 });
    const sets = [circuit.parameters.map((_, i) => 0.4 * i - 1), circuit.parameters.map((_, i) => Math.cos(i))];
    const before = fake.tasks.length;
    const result = await sampler.run({ circuit, parameterSets: sets, shots: 3000 });
    const mine = fake.tasks.slice(before);
    expect(mine).toHaveLength(2);
    expect(mine[0]!.clientToken).toMatch(/^job-1-/);
    expect(mine[0]!.action.braketSchemaHeader).toEqual({ name: 'braket.ir.openqasm.program', version: '1' });
    expect(mine[0]!.action.source).toMatch(/cnot q\[\d\], q\[\d\];/);
    expect(mine[0]!.action.source).not.toMatch(/include|\bcx\b/);
    sets.forEach((s, i) => expect(tv(circuit, s, result.distributions[i]!)).toBeLessThan(0.06));
    expect(result.shotsUsed).toBe(6000);
    expect(result.estimatedCostUsd).toBeCloseTo(2 * braketTaskCostUsd(device.arn, 3000), 10);
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'qpo/test/' }));
    expect(listed.KeyCount).toBeGreaterThanOrEqual(2);
  });

  it('sends a batch to SV1 as ONE program-set task with one executable per parameter set, decoded per executable', async () => {
    const device = await getDevice(clients, resolveDeviceArn('sv1'));
    expect(device.supportsProgramSets).toBe(true); // read from deviceCapabilities.action
    const sampler = createBraketSampler({ ...clients, device, bucket: BUCKET, prefix: 'qpo/ps-sv1', poll: fastPoll });
    const circuit = efficientSU2({ numQubits: 3, reps: 1 });
    const sets = Array.from({ length: 8 }, (_, k) => circuit.parameters.map((_, i) => Math.sin(k + 0.7 * i)));
    const before = fake.tasks.length;
    const result = await sampler.run({ circuit, parameterSets: sets, shots: 2000 });
    const mine = fake.tasks.slice(before);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.shots).toBe(8 * 2000); // the task's shots: every executable's
    const action = mine[0]!.action as { braketSchemaHeader: unknown; programs: { source: string; inputs: Record<string, number[]> }[] };
    expect(action.braketSchemaHeader).toEqual({ name: 'braket.ir.openqasm.program_set', version: '1' });
    expect(action.programs).toHaveLength(1);
    for (const values of Object.values(action.programs[0]!.inputs)) expect(values).toHaveLength(8);
    // the results come back in reverse order: each distribution is matched by inputsIndex to its own set
    expect(result.distributions).toHaveLength(8);
    sets.forEach((s, i) => expect(tv(circuit, s, result.distributions[i]!)).toBeLessThan(0.07));
    expect(result.shotsUsed).toBe(16_000);
    // one task's price (SV1 bills its run time, 3 s minimum), not eight
    expect(result.estimatedCostUsd).toBeCloseTo(braketTaskCostUsd(device.arn, 16_000, 0.12), 10);
    expect(sampler.tasksPerRequest(8)).toBe(1);
    // GetQuantumTask reports the set as the contract documents it
    const status = await clients.braket.send(new GetQuantumTaskCommand({ quantumTaskArn: mine[0]!.arn, additionalAttributeNames: ['QueueInfo'] }));
    expect(status.actionMetadata).toMatchObject({ actionType: 'braket.ir.openqasm.program_set', programCount: 1, executableCount: 8 });
    expect(status.numSuccessfulShots).toBe(16_000);
  });

  it('refuses a program set on a device whose capabilities do not list it, and one whose shots do not split evenly', async () => {
    const program = 'OPENQASM 3.0;\ninput float a;\nqubit[1] q;\nbit[1] c;\nrx(a) q[0];\nc[0] = measure q[0];';
    const create = (deviceArn: string, shots: number) => clients.braket.send(new CreateQuantumTaskCommand({
      clientToken: `ps-${deviceArn.length}-${shots}`, deviceArn, shots, outputS3Bucket: BUCKET, outputS3KeyPrefix: 'qpo/ps-bad',
      action: JSON.stringify({ braketSchemaHeader: { name: 'braket.ir.openqasm.program_set', version: '1' }, programs: [{ source: program, inputs: { a: [0, 1, 2] } }] }),
    }));
    await expect(create(resolveDeviceArn('forte-1'), 300)).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/not supported by Forte 1/) });
    await expect(create(resolveDeviceArn('sv1'), 100)).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/divide evenly among the 3 executables/) });
  });

  it('refuses a program-set result whose executable count is not the number of sets sent', async () => {
    const device = await getDevice(clients, resolveDeviceArn('sv1'));
    const sampler = createBraketSampler({ ...clients, device, bucket: BUCKET, prefix: 'qpo/ps-miscount', poll: fastPoll });
    const circuit = realAmplitudes({ numQubits: 2, reps: 1 });
    fake.faults.miscountExecutables.push(-1);
    await expect(sampler.run({ circuit, parameterSets: [circuit.parameters.map(() => 0.1), circuit.parameters.map(() => 0.2)], shots: 100 })).rejects.toMatchObject({
      code: 'BACKEND_BAD_RESPONSE',
      message: expect.stringMatching(/executableCount is 1, sent 2 parameter sets/),
    });
  });

  it('uses one program-set task where the device supports it', async () => {
    const device = await getDevice(clients, resolveDeviceArn('dm1'));
    const sampler = createBraketSampler({ ...clients, device, bucket: BUCKET, prefix: 'qpo/ps', poll: fastPoll });
    const circuit = realAmplitudes({ numQubits: 3, reps: 1 });
    const sets = [circuit.parameters.map(() => 0.3), circuit.parameters.map((_, i) => i * 0.5), circuit.parameters.map(() => 0)];
    const before = fake.tasks.length;
    const result = await sampler.run({ circuit, parameterSets: sets, shots: 2000 });
    expect(fake.tasks.length - before).toBe(1);
    expect(sampler.tasksPerRequest(3)).toBe(1);
    sets.forEach((s, i) => expect(tv(circuit, s, result.distributions[i]!)).toBeLessThan(0.07));
  });

  it('maps a failed task, cancels a task that never finishes, and reports an offline device', async () => {
    const device = await getDevice(clients, resolveDeviceArn('sv1'));
    const sampler = createBraketSampler({ ...clients, device, bucket: BUCKET, prefix: 'qpo/f', poll: { ...fastPoll, timeoutSeconds: 0.3 } });
    const req = { circuit: realAmplitudes({ numQubits: 2, reps: 1 }), parameterSets: [[0, 0, 0, 0]], shots: 10 };
    fake.faults.taskOutcomes.push('fail');
    await expect(sampler.run(req)).rejects.toMatchObject({ code: 'BACKEND_JOB_FAILED', message: expect.stringMatching(/calibration drift/) });
    fake.faults.taskOutcomes.push('never-finish');
    await expect(sampler.run(req)).rejects.toMatchObject({ code: 'BACKEND_JOB_TIMEOUT' });
    expect(fake.tasks[fake.tasks.length - 1]!.cancelled).toBe(true);
    const garnet = await getDevice(clients, resolveDeviceArn('garnet'));
    const off = createBraketSampler({ ...clients, device: garnet, bucket: BUCKET, prefix: 'qpo/o', poll: fastPoll });
    await expect(off.run(req)).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
  });

  it('can wait on task-state events instead of polling, then reads the final state once', async () => {
    const device = await getDevice(clients, resolveDeviceArn('sv1'));
    const waited: string[] = [];
    const sampler = createBraketSampler({
      ...clients, device, bucket: BUCKET, prefix: 'qpo/ev', poll: fastPoll,
      // stands in for an EventBridge 'Braket Task State Change' subscription: here the task is driven to COMPLETED
      waitForTask: async (arn) => { waited.push(arn); const t = fake.tasks.find((x) => x.arn === arn)!; t.polls = 3; },
    });
    const result = await sampler.run({ circuit: realAmplitudes({ numQubits: 2, reps: 1 }), parameterSets: [[0, 0, 0, 0]], shots: 10 });
    expect(waited).toHaveLength(1);
    expect(fake.tasks.find((x) => x.arn === waited[0])!.polls).toBe(4); // one GetQuantumTask after the event
    expect(result.distributions[0]).toEqual({ kind: 'counts', shots: 10, counts: new Map([[0, 10]]) });
  });

  it('lets the SDK retry throttling and 500s', async () => {
    const device = await getDevice(clients, resolveDeviceArn('sv1'));
    const sampler = createBraketSampler({ ...clients, device, bucket: BUCKET, prefix: 'qpo/t', poll: fastPoll });
    fake.faults.nextStatuses.push({ status: 429, type: 'ThrottlingException' }, { status: 500, type: 'InternalServiceException' });
    const result = await sampler.run({ circuit: realAmplitudes({ numQubits: 2, reps: 1 }), parameterSets: [[0, 0, 0, 0]], shots: 20 });
    expect(result.distributions[0]).toEqual({ kind: 'counts', shots: 20, counts: new Map([[0, 20]]) });
  });
});
