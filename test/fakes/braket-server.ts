/**
 * A fake Amazon Braket (REST-JSON, as @aws-sdk/client-braket speaks it) on 127.0.0.1, implementing
 * ../shared/contracts/braket.md: CreateQuantumTask (checks the SigV4 header, clientToken
 * idempotency, the action schema header, Braket gate names against the device's
 * supportedOperations, shots range, inputs), GetQuantumTask (CREATED -> QUEUED -> RUNNING ->
 * COMPLETED over polls), CancelQuantumTask, GetDevice, SearchDevices. Completed tasks write
 * `results.json` (gate_model_task_result v1, or a program-set result) to the S3-compatible server
 * (s3rver) at `{outputS3KeyPrefix}/{task-uuid}/results.json`. Faults: failed tasks, tasks that never
 * finish, throttling / 500 on the next calls; and per call (route names in BRAKET_CALLS) any fault
 * of http-server.ts (hang, drop, 5xx, 429 with Retry-After, malformed JSON, a truncated body).
 *
 * With `timing` (FakeBraketTiming) tasks advance on a clock `timeScale` times a provider's instead
 * of by polls: each waits the device's queue (its queueSize times `queueSecondsPerTask`), then runs
 * for 1 s + 20 us per shot; at most `concurrentTasks` run at once (SV1's default quota: 35), and
 * CreateQuantumTask beyond `createPerSecond` (Braket's quota: 20 per second, burst 40) is
 * throttled (ThrottlingException, HTTP 429), which the SDK retries with jittered backoff.
 */
import { randomUUID } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createRng } from '../../lib/quantum/random';
import { executeShots } from './execute';
import { startJsonServer, type FakeServer, type Reply, type Request, type Route } from './http-server';
import { parseQasm3 } from './qasm3-reader';

const SIM_OPERATIONS = ['ccnot', 'cnot', 'cphaseshift', 'cswap', 'cy', 'cz', 'ecr', 'h', 'i', 'phaseshift', 'rx', 'ry', 'rz', 's', 'si', 'swap', 't', 'ti', 'v', 'vi', 'x', 'xx', 'y', 'yy', 'z', 'zz', 'U'];

export interface FakeBraketDevice {
  readonly arn: string;
  readonly name: string;
  readonly provider: string;
  readonly type: 'QPU' | 'SIMULATOR';
  status: 'ONLINE' | 'OFFLINE' | 'RETIRED';
  readonly qubitCount: number;
  queueSize: string;
  readonly programSets: boolean;
  readonly shotsRange: [number, number];
}

export const FAKE_BRAKET_DEVICES: FakeBraketDevice[] = [
  { arn: 'arn:aws:braket:::device/quantum-simulator/amazon/sv1', name: 'SV1', provider: 'Amazon Braket', type: 'SIMULATOR', status: 'ONLINE', qubitCount: 34, queueSize: '0', programSets: true, shotsRange: [0, 100_000] },
  { arn: 'arn:aws:braket:::device/quantum-simulator/amazon/dm1', name: 'dm1', provider: 'Amazon Braket', type: 'SIMULATOR', status: 'ONLINE', qubitCount: 17, queueSize: '2', programSets: true, shotsRange: [0, 100_000] },
  { arn: 'arn:aws:braket:us-east-1::device/qpu/ionq/Forte-1', name: 'Forte 1', provider: 'IonQ', type: 'QPU', status: 'ONLINE', qubitCount: 36, queueSize: '>4000', programSets: false, shotsRange: [1, 10_000] },
  { arn: 'arn:aws:braket:eu-north-1::device/qpu/iqm/Garnet', name: 'Garnet', provider: 'IQM', type: 'QPU', status: 'OFFLINE', qubitCount: 20, queueSize: '0', programSets: false, shotsRange: [1, 20_000] },
];

export type TaskOutcome = 'complete' | 'fail' | 'never-finish';

/** Durations and quotas in provider seconds on a clock `timeScale` times faster. */
export interface FakeBraketTiming {
  readonly timeScale: number;
  /** @default 5 */
  readonly queueSecondsPerTask?: number;
  /** @default 35 */
  readonly concurrentTasks?: number;
  /** CreateQuantumTask requests per (scaled) second, burst included. @default 40 */
  readonly createPerSecond?: number;
}

/** The Braket API calls, by route name (for `inject`). */
export const BRAKET_CALLS = ['search-devices', 'get-device', 'create-quantum-task', 'get-quantum-task', 'cancel-quantum-task', 'search-quantum-tasks'] as const;
export type BraketCall = (typeof BRAKET_CALLS)[number];

interface FakeTask {
  arn: string;
  /** Added to the executableCount this task reports (a fault). */
  miscount: number;
  device: FakeBraketDevice;
  clientToken: string;
  shots: number;
  bucket: string;
  directory: string;
  polls: number;
  cancelled: boolean;
  outcome: TaskOutcome;
  createdAt: string;
  action: Record<string, unknown>;
  written: boolean;
  tags: Record<string, string>;
  runAtMs?: number;
  doneAtMs?: number;
}

export interface FakeBraket extends FakeServer {
  readonly tasks: FakeTask[];
  /** Tasks neither finished nor cancelled. */
  openTasks(): FakeTask[];
  /** A task's status as GetQuantumTask reports it now. */
  statusOfTask(task: FakeTask): string;
  /** `miscountExecutables`: per created task, an error added to the executableCount GetQuantumTask reports. */
  readonly faults: { nextStatuses: { status: number; type: string }[]; taskOutcomes: TaskOutcome[]; miscountExecutables: number[] };
  /** CreateQuantumTask requests throttled by the rate quota (timing model). */
  throttled(): number;
}

/** Executables of one program: the length of its input lists (1 without lists). */
const listLength = (inputs: Record<string, unknown>) => {
  const lists = Object.values(inputs).filter(Array.isArray) as unknown[][];
  return lists.length === 0 ? 1 : lists[0]!.length;
};
/** Executables of an action: 1 for a program; for a program set, the sum over its programs. */
const executablesOf = (action: Record<string, unknown>) =>
  (action.braketSchemaHeader as { name: string }).name === 'braket.ir.openqasm.program_set'
    ? (action.programs as { inputs?: Record<string, unknown> }[]).reduce((a, p) => a + listLength(p.inputs ?? {}), 0)
    : 1;

const awsError = (status: number, type: string, message: string): Reply => ({ status, headers: { 'x-amzn-errortype': type }, body: { message, __type: type } });

export async function startFakeBraket(s3: S3Client, devices: FakeBraketDevice[] = FAKE_BRAKET_DEVICES.map((d) => ({ ...d })), seed = 3, options: { timing?: FakeBraketTiming } = {}): Promise<FakeBraket> {
  const timing = options.timing;
  const scaleMs = (seconds: number) => seconds * (timing?.timeScale ?? 1) * 1000;
  const creates: number[] = [];
  let throttled = 0;
  const tasks: FakeTask[] = [];
  const faults: FakeBraket['faults'] = { nextStatuses: [], taskOutcomes: [], miscountExecutables: [] };
  const rng = createRng(seed);
  const device = (arn: string) => devices.find((d) => d.arn === arn);
  const guard = (handler: (req: Request) => Reply | Promise<Reply>) => async (req: Request): Promise<Reply> => {
    if (!/^AWS4-HMAC-SHA256 Credential=\S+\/\d{8}\/[a-z0-9-]+\/braket\/aws4_request/.test(String(req.headers.authorization ?? ''))) {
      return awsError(403, 'AccessDeniedException', 'missing or malformed SigV4 Authorization header');
    }
    const f = faults.nextStatuses.shift();
    if (f) return awsError(f.status, f.type, 'injected fault');
    return handler(req);
  };

  const execute = (task: FakeTask, program: ReturnType<typeof parseQasm3>, inputs: Record<string, number>, shots: number) => {
    const rows = executeShots(program, inputs, { shots, rng }).map((reg) => program.measures.map(([, clbit]) => (reg >> clbit) & 1));
    return { measurements: rows, measuredQubits: program.measures.map(([wire]) => wire) };
  };

  const writeResults = async (task: FakeTask) => {
    const meta = { braketSchemaHeader: { name: 'braket.task_result.task_metadata', version: '1' }, id: task.arn, shots: task.shots, deviceId: task.device.arn, createdAt: task.createdAt, endedAt: new Date().toISOString(), status: 'COMPLETED' };
    let body: unknown;
    const header = (task.action.braketSchemaHeader as { name: string }).name;
    if (header === 'braket.ir.openqasm.program_set') {
      // one result per program, one per executable (index into its input lists), shots split evenly
      const perExecutable = task.shots / executablesOf(task.action);
      const programResults = (task.action.programs as { source: string; inputs: Record<string, unknown> }[]).map((p) => {
        const program = parseQasm3(p.source);
        const count = listLength(p.inputs);
        const executableResults = Array.from({ length: count }, (_, i) => ({
          braketSchemaHeader: { name: 'braket.task_result.program_set_executable_result', version: '1' },
          inputsIndex: i,
          ...execute(task, program, Object.fromEntries(Object.entries(p.inputs).map(([k, v]) => [k, Array.isArray(v) ? (v[i] as number) : (v as number)])), perExecutable),
        })).reverse(); // order must come from inputsIndex
        return { braketSchemaHeader: { name: 'braket.task_result.program_result', version: '1' }, source: p, executableResults };
      });
      body = { braketSchemaHeader: { name: 'braket.task_result.program_set_task_result', version: '1' }, programResults, taskMetadata: meta };
    } else {
      const program = parseQasm3(task.action.source as string);
      body = {
        braketSchemaHeader: { name: 'braket.task_result.gate_model_task_result', version: '1' },
        ...execute(task, program, task.action.inputs as Record<string, number>, task.shots),
        measurementProbabilities: null, resultTypes: null, taskMetadata: meta,
        additionalMetadata: { action: task.action, simulatorMetadata: { braketSchemaHeader: { name: 'braket.task_result.simulator_metadata', version: '1' }, executionDuration: 120 } },
      };
    }
    await s3.send(new PutObjectCommand({ Bucket: task.bucket, Key: `${task.directory}/results.json`, Body: JSON.stringify(body), ContentType: 'application/json' }));
    task.written = true;
  };

  const createTask = (req: Request): Reply => {
    const b = JSON.parse(req.body) as Record<string, unknown>;
    const token = b.clientToken;
    if (typeof token !== 'string' || token.length < 1 || token.length > 64) return awsError(400, 'ValidationException', 'clientToken must be 1-64 characters');
    const existing = tasks.find((t) => t.clientToken === token);
    if (existing) return { status: 201, body: { quantumTaskArn: existing.arn } };
    const d = device(String(b.deviceArn));
    if (!d) return awsError(404, 'ResourceNotFoundException', `device ${String(b.deviceArn)} not found`);
    if (d.status === 'OFFLINE') return awsError(424, 'DeviceOfflineException', `${d.name} is offline`);
    if (d.status === 'RETIRED') return awsError(410, 'DeviceRetiredException', `${d.name} is retired`);
    const shots = b.shots;
    if (!Number.isInteger(shots) || (shots as number) < d.shotsRange[0] || (shots as number) > d.shotsRange[1] * 100) return awsError(400, 'ValidationException', 'shots out of range');
    for (const f of ['outputS3Bucket', 'outputS3KeyPrefix']) if (typeof b[f] !== 'string' || !(b[f] as string).length) return awsError(400, 'ValidationException', `${f} is required`);
    if (typeof b.action !== 'string') return awsError(400, 'ValidationException', 'action must be a JSON string');
    const action = JSON.parse(b.action) as Record<string, unknown>;
    const header = action.braketSchemaHeader as { name?: string; version?: string } | undefined;
    const programs: { source: string; inputs: Record<string, unknown> }[] = [];
    if (header?.name === 'braket.ir.openqasm.program' && header.version === '1') programs.push({ source: action.source as string, inputs: (action.inputs ?? {}) as Record<string, unknown> });
    else if (header?.name === 'braket.ir.openqasm.program_set' && header.version === '1' && d.programSets) programs.push(...(action.programs as typeof programs));
    else return awsError(400, 'ValidationException', `action schema ${JSON.stringify(header)} is not supported by ${d.name}`);
    for (const p of programs) {
      let program;
      try { program = parseQasm3(p.source); } catch (e) { return awsError(400, 'ValidationException', `OpenQASM: ${(e as Error).message}`); }
      for (const g of program.gateNames) {
        const base = g.replace(/^ctrl @ /, '');
        if (!SIM_OPERATIONS.includes(base)) return awsError(400, 'ValidationException', `gate '${g}' is not a supported operation of ${d.name}`);
      }
      for (const name of program.inputs) if (!(name in p.inputs)) return awsError(400, 'ValidationException', `input '${name}' has no value`);
      if (header.name === 'braket.ir.openqasm.program_set') {
        const lengths = new Set(Object.values(p.inputs).map((v) => (Array.isArray(v) ? v.length : -1)));
        if (lengths.size > 1 || lengths.has(-1)) return awsError(400, 'ValidationException', 'program-set inputs must be equal-length lists');
      }
    }
    if (header.name === 'braket.ir.openqasm.program_set') {
      if (programs.length < 1) return awsError(400, 'ValidationException', 'a program set needs at least one program');
      if ((shots as number) % executablesOf(action) !== 0) return awsError(400, 'ValidationException', `shots (${String(shots)}) must divide evenly among the ${executablesOf(action)} executables`);
    }
    const now = Date.now();
    if (timing) {
      while (creates.length > 0 && creates[0]! <= now - scaleMs(1)) creates.shift();
      if (creates.length >= (timing.createPerSecond ?? 40)) {
        throttled++;
        return awsError(429, 'ThrottlingException', 'Rate exceeded');
      }
      creates.push(now);
    }
    const id = randomUUID();
    const region = d.arn.split(':')[3] || 'us-east-1';
    const task: FakeTask = {
      arn: `arn:aws:braket:${region}:123456789012:quantum-task/${id}`, device: d, clientToken: token, shots: shots as number,
      bucket: b.outputS3Bucket as string, directory: `${b.outputS3KeyPrefix as string}/${id}`, polls: 0, cancelled: false,
      outcome: faults.taskOutcomes.shift() ?? 'complete', miscount: faults.miscountExecutables.shift() ?? 0, createdAt: new Date().toISOString(), action, written: false,
      tags: b.tags && typeof b.tags === 'object' ? (b.tags as Record<string, string>) : {},
    };
    if (timing) {
      // queued behind the device's queue, then one of at most `concurrentTasks` running at once
      const queued = now + scaleMs((parseInt(d.queueSize.replace(/[^0-9]/g, ''), 10) || 0) * (timing.queueSecondsPerTask ?? 5));
      const running = tasks.filter((t) => t.device === d && t.doneAtMs !== undefined && !t.cancelled).map((t) => t.doneAtMs!).sort((a, b) => b - a);
      const slot = running.length >= (timing.concurrentTasks ?? 35) ? running[(timing.concurrentTasks ?? 35) - 1]! : 0;
      task.runAtMs = Math.max(queued, slot);
      task.doneAtMs = task.runAtMs + scaleMs(1 + (shots as number) * 2e-5);
    }
    tasks.push(task);
    return { status: 201, body: { quantumTaskArn: task.arn } };
  };

  const actionName = (t: FakeTask) => (t.action.braketSchemaHeader as { name: string }).name;
  const statusOf = (t: FakeTask): string => {
    if (t.cancelled) return 'CANCELLED';
    if (t.runAtMs !== undefined) {
      const now = Date.now();
      if (now < t.runAtMs) return t.polls === 0 ? 'CREATED' : 'QUEUED';
      if (now < t.doneAtMs! || t.outcome === 'never-finish') return 'RUNNING';
      return t.outcome === 'fail' ? 'FAILED' : 'COMPLETED';
    }
    if (t.polls === 0) return 'CREATED';
    if (t.polls === 1) return 'QUEUED';
    if (t.polls === 2 || t.outcome === 'never-finish') return 'RUNNING';
    return t.outcome === 'fail' ? 'FAILED' : 'COMPLETED';
  };

  const routes: Route[] = [
    ['POST', /^\/quantum-task$/, guard(createTask), 'create-quantum-task'],
    ['PUT', /^\/quantum-task\/(.+)\/cancel$/, guard((req) => {
      const t = tasks.find((x) => x.arn === req.params[0]);
      if (!t) return awsError(404, 'ResourceNotFoundException', 'task not found');
      if (['COMPLETED', 'FAILED'].includes(statusOf(t))) return awsError(409, 'ConflictException', 'task is terminal');
      t.cancelled = true;
      return { status: 200, body: { quantumTaskArn: t.arn, cancellationStatus: 'CANCELLING' } };
    }), 'cancel-quantum-task'],
    ['GET', /^\/quantum-task\/(.+)$/, guard(async (req) => {
      const t = tasks.find((x) => x.arn === req.params[0]);
      if (!t) return awsError(404, 'ResourceNotFoundException', 'task not found');
      if (req.query.get('additionalAttributeNames') !== 'QueueInfo') return awsError(400, 'ValidationException', 'expected additionalAttributeNames=QueueInfo');
      t.polls++;
      const status = statusOf(t);
      if (status === 'COMPLETED' && !t.written) await writeResults(t);
      return { status: 200, body: {
        quantumTaskArn: t.arn, status, deviceArn: t.device.arn, shots: t.shots, outputS3Bucket: t.bucket, outputS3Directory: t.directory,
        createdAt: t.createdAt, ...(status === 'COMPLETED' || status === 'FAILED' ? { endedAt: new Date().toISOString() } : {}),
        ...(status === 'FAILED' ? { failureReason: 'Device error: calibration drift' } : {}),
        ...(status === 'QUEUED' ? { queueInfo: { queue: 'QUANTUM_TASKS_QUEUE', position: '3', queuePriority: 'Normal' } } : {}),
        ...(actionName(t) === 'braket.ir.openqasm.program_set' ? { actionMetadata: { actionType: 'braket.ir.openqasm.program_set', programCount: (t.action.programs as unknown[]).length, executableCount: executablesOf(t.action) + t.miscount } } : {}),
        ...(status === 'COMPLETED' ? { numSuccessfulShots: t.shots } : {}),
      } };
    }), 'get-quantum-task'],
    ['GET', /^\/device\/(.+)$/, guard((req) => {
      const d = device(req.params[0]!);
      if (!d) return awsError(404, 'ResourceNotFoundException', 'device not found');
      const capabilities = {
        service: { executionWindows: d.type === 'QPU' ? [{ executionDay: 'Weekdays', windowStartHour: '13:00:00', windowEndHour: '21:00:00' }] : [{ executionDay: 'Everyday', windowStartHour: '00:00:00', windowEndHour: '23:59:59' }], shotsRange: d.shotsRange, getTaskPollIntervalMillis: 5 },
        action: { 'braket.ir.openqasm.program': { actionType: 'braket.ir.openqasm.program', version: ['1'], supportedOperations: SIM_OPERATIONS }, ...(d.programSets ? { 'braket.ir.openqasm.program_set': { actionType: 'braket.ir.openqasm.program_set', version: ['1'] } } : {}) },
        paradigm: { qubitCount: d.qubitCount },
      };
      return { status: 200, body: { deviceArn: d.arn, deviceName: d.name, providerName: d.provider, deviceType: d.type, deviceStatus: d.status, deviceCapabilities: JSON.stringify(capabilities), deviceQueueInfo: [{ queue: 'QUANTUM_TASKS_QUEUE', queueSize: d.queueSize, queuePriority: 'Normal' }, { queue: 'QUANTUM_TASKS_QUEUE', queueSize: '0', queuePriority: 'Priority' }, { queue: 'JOBS_QUEUE', queueSize: '0' }] } };
    }), 'get-device'],
    // SearchQuantumTasks: filters on quantumTaskArn, deviceArn, status (EQUAL) and createdAt (GTE / LTE), as documented.
    ['POST', /^\/quantum-tasks$/, guard((req) => {
      const { filters = [], maxResults = 100 } = JSON.parse(req.body || '{}') as { filters?: { name: string; values: string[]; operator: string }[]; maxResults?: number };
      const value = (t: FakeTask, name: string) => (name === 'quantumTaskArn' ? t.arn : name === 'deviceArn' ? t.device.arn : name === 'status' ? statusOf(t) : name === 'createdAt' ? t.createdAt : '');
      const keep = (t: FakeTask) => filters.every((f) => {
        const v = value(t, f.name);
        if (f.operator === 'EQUAL') return f.values.includes(v);
        if (f.operator === 'GTE') return v >= f.values[0]!;
        if (f.operator === 'LTE') return v <= f.values[0]!;
        return false;
      });
      const found = tasks.filter(keep).slice(0, maxResults);
      return { status: 200, body: { quantumTasks: found.map((t) => ({ quantumTaskArn: t.arn, status: statusOf(t), deviceArn: t.device.arn, shots: t.shots, outputS3Bucket: t.bucket, outputS3Directory: t.directory, createdAt: t.createdAt, tags: t.tags })) } };
    }), 'search-quantum-tasks'],
    ['POST', /^\/devices$/, guard(() => ({ status: 200, body: { devices: devices.map((d) => ({ deviceArn: d.arn, deviceName: d.name, providerName: d.provider, deviceType: d.type, deviceStatus: d.status })) } })), 'search-devices'],
  ];
  const server = await startJsonServer(() => routes, {
    errorReply: (status, retryAfter) => ({
      ...awsError(status, status === 429 ? 'ThrottlingException' : 'InternalServiceException', status === 429 ? 'Rate exceeded' : 'injected fault'),
      ...(retryAfter === undefined ? {} : { headers: { 'x-amzn-errortype': 'ThrottlingException', 'Retry-After': String(retryAfter) } }),
    }),
  });
  return { ...server, tasks, faults, statusOfTask: statusOf, throttled: () => throttled, openTasks: () => tasks.filter((t) => !['COMPLETED', 'FAILED', 'CANCELLED'].includes(statusOf(t))) };
}
