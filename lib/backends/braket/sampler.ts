/**
 * Amazon Braket behind the Sampler port (@aws-sdk/client-braket + @aws-sdk/client-s3):
 * CreateQuantumTask with an OpenQASM 3 program (one task per parameter set, or one program-set task
 * when the device supports `braket.ir.openqasm.program_set`), `clientToken` for idempotency,
 * GetQuantumTask polling with backoff, CancelQuantumTask on timeout or abort, results.json read
 * from `outputS3Directory` and decoded into canonical counts. Endpoints follow the SDK's standard
 * `AWS_ENDPOINT_URL_BRAKET` / `AWS_ENDPOINT_URL_S3`. Source: ../shared/contracts/braket.md.
 */
import { randomUUID } from 'node:crypto';
import { CancelQuantumTaskCommand, CreateQuantumTaskCommand, GetQuantumTaskCommand, type BraketClient, type GetQuantumTaskCommandOutput } from '@aws-sdk/client-braket';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Distribution, Sampler, SamplerRequest, SamplerResult } from '../../quantum/ports';
import { BackendError } from '../errors';
import { pollUntil, type PollOptions } from '../poll';
import { decodeMeasurements, decodeProgramSet, simulatedSecondsOf } from './decode';
import { braketTaskCostUsd, type BraketDeviceInfo } from './devices';
import { inputsOf, toBraketQasm } from './dialect';
import { mapAwsError } from './aws-errors';

/** Shots when the request gives none. */
export const BRAKET_DEFAULT_SHOTS = 1000;

export interface BraketSamplerOptions {
  readonly braket: BraketClient;
  readonly s3: S3Client;
  readonly device: BraketDeviceInfo;
  /** Results bucket; Braket expects a name starting with `amazon-braket-`. */
  readonly bucket: string;
  readonly prefix: string;
  readonly poll?: PollOptions;
  /** Prefix of the idempotency tokens (e.g. the job id). */
  readonly clientTokenPrefix?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** Use program sets when the device supports them. @default true */
  readonly useProgramSets?: boolean;
  /**
   * Wait for a task to reach a terminal state by other means than polling, e.g. on AWS a
   * `Braket Task State Change` EventBridge event (delivered at least once, possibly out of order).
   * The final state is still read with one GetQuantumTask, which stays the source of truth.
   */
  readonly waitForTask?: (taskArn: string, signal?: AbortSignal) => Promise<void>;
}

interface TaskOutcome {
  readonly result: unknown;
  readonly queueSeconds: number;
}

export type BraketSampler = Sampler & {
  /** Tasks one request creates. */
  tasksPerRequest(parameterSets: number): number;
  estimateCostUsd(request: Pick<SamplerRequest, 'parameterSets' | 'shots'>): number;
};

export function createBraketSampler(options: BraketSamplerOptions): BraketSampler {
  const { braket, s3, device } = options;
  const programSets = (options.useProgramSets ?? true) && device.supportsProgramSets;
  const tasksPerRequest = (sets: number) => (programSets && sets > 1 ? 1 : sets);
  const estimateCostUsd = (r: Pick<SamplerRequest, 'parameterSets' | 'shots'>) => {
    const shots = r.shots ?? BRAKET_DEFAULT_SHOTS;
    const tasks = tasksPerRequest(r.parameterSets.length);
    return tasks * braketTaskCostUsd(device.arn, (shots * r.parameterSets.length) / tasks);
  };
  const poll: PollOptions = { ...(device.pollIntervalMs ? { initialIntervalMs: device.pollIntervalMs } : {}), ...options.poll };

  async function runTask(action: unknown, shots: number, signal?: AbortSignal): Promise<TaskOutcome> {
    const clientToken = `${options.clientTokenPrefix ?? 'qpo'}-${randomUUID()}`.slice(0, 64);
    const created = await braket
      .send(new CreateQuantumTaskCommand({
        clientToken,
        deviceArn: device.arn,
        shots,
        outputS3Bucket: options.bucket,
        outputS3KeyPrefix: options.prefix,
        action: JSON.stringify(action),
        ...(options.tags ? { tags: { ...options.tags } } : {}),
      }), signal ? { abortSignal: signal } : {})
      .catch((e: unknown) => { throw mapAwsError(e, `CreateQuantumTask on ${device.name}`); });
    const arn = created.quantumTaskArn!;
    const t0 = Date.now();
    if (options.waitForTask) await options.waitForTask(arn, signal);
    let runningAt: number | undefined;
    const task = await pollUntil<GetQuantumTaskCommandOutput>(
      `Braket task ${arn}`,
      async () => {
        const t = await braket
          .send(new GetQuantumTaskCommand({ quantumTaskArn: arn, additionalAttributeNames: ['QueueInfo'] }), signal ? { abortSignal: signal } : {})
          .catch((e: unknown) => { throw mapAwsError(e, `GetQuantumTask ${arn}`); });
        if (t.status === 'RUNNING' && runningAt === undefined) runningAt = Date.now();
        return t.status === 'COMPLETED' || t.status === 'FAILED' || t.status === 'CANCELLED' ? t : undefined;
      },
      async () => { await braket.send(new CancelQuantumTaskCommand({ quantumTaskArn: arn, clientToken: `${clientToken.slice(0, 57)}-cancel` })); },
      poll,
      signal,
    );
    if (task.status !== 'COMPLETED') {
      throw new BackendError('BACKEND_JOB_FAILED', `Braket task ${arn} ${task.status === 'FAILED' ? 'failed' : 'was cancelled'}${task.failureReason ? `: ${task.failureReason}` : ''}`, { details: { taskArn: arn, status: task.status } });
    }
    const key = `${task.outputS3Directory}/results.json`;
    const object = await s3
      .send(new GetObjectCommand({ Bucket: task.outputS3Bucket ?? options.bucket, Key: key }))
      .catch((e: unknown) => { throw mapAwsError(e, `reading s3://${task.outputS3Bucket}/${key}`); });
    const text = await object.Body!.transformToString();
    let result: unknown;
    try { result = JSON.parse(text); } catch { throw new BackendError('BACKEND_BAD_RESPONSE', `s3://${task.outputS3Bucket}/${key} is not JSON`); }
    const queueSeconds = Math.max(0, ((runningAt ?? (task.endedAt ? task.endedAt.getTime() : Date.now())) - (task.createdAt?.getTime() ?? t0)) / 1000);
    return { result, queueSeconds };
  }

  return {
    name: `braket:${device.name || device.arn}`,
    kind: device.type === 'QPU' ? 'hardware' : 'simulator',
    maxQubits: device.qubitCount,
    supportsExactProbabilities: false,
    tasksPerRequest,
    estimateCostUsd,
    async run(request: SamplerRequest, signal?: AbortSignal): Promise<SamplerResult> {
      const shots = request.shots ?? BRAKET_DEFAULT_SHOTS;
      if (device.shotsRange && (shots < device.shotsRange[0] || shots > device.shotsRange[1])) {
        throw new BackendError('SHOT_LIMIT_EXCEEDED', `quantum.shots: ${shots} is outside ${device.name}'s shots range ${device.shotsRange[0]}..${device.shotsRange[1]}`, { path: 'quantum.shots' });
      }
      const source = toBraketQasm(request.circuit);
      const sets = request.parameterSets;
      let distributions: Distribution[];
      let queueSeconds = 0;
      let cost = 0;
      if (programSets && sets.length > 1) {
        const names = Object.keys(inputsOf(request.circuit, sets[0]!));
        const inputs = Object.fromEntries(names.map((n, i) => [n, sets.map((s) => s[i]!)]));
        const action = { braketSchemaHeader: { name: 'braket.ir.openqasm.program_set', version: '1' }, programs: [{ source, inputs }] };
        const out = await runTask(action, shots * sets.length, signal);
        distributions = decodeProgramSet(out.result, sets.length);
        queueSeconds = out.queueSeconds;
        cost = braketTaskCostUsd(device.arn, shots * sets.length, simulatedSecondsOf(out.result as never));
      } else {
        const outs = await Promise.all(sets.map((values) =>
          runTask({ braketSchemaHeader: { name: 'braket.ir.openqasm.program', version: '1' }, source, inputs: inputsOf(request.circuit, values) }, shots, signal)));
        distributions = outs.map((o) => decodeMeasurements(o.result as never));
        queueSeconds = Math.max(0, ...outs.map((o) => o.queueSeconds));
        cost = outs.reduce((acc, o) => acc + braketTaskCostUsd(device.arn, shots, simulatedSecondsOf(o.result as never)), 0);
      }
      return { distributions, queueSeconds, shotsUsed: shots * sets.length, estimatedCostUsd: cost };
    },
  };
}
