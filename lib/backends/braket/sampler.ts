/**
 * Amazon Braket behind the Sampler port (@aws-sdk/client-braket + @aws-sdk/client-s3):
 * CreateQuantumTask with an OpenQASM 3 program (one task per parameter set, or one program-set task
 * when the device supports `braket.ir.openqasm.program_set`), `clientToken` for idempotency,
 * GetQuantumTask polling with backoff, CancelQuantumTask on timeout, abort or a failed poll (and
 * for the other tasks of a request when one of them fails), results.json read from
 * `outputS3Directory` and decoded into canonical counts. Every task is entered in the spend ledger
 * when Braket accepts it. Every call has the deadlines of lib/backends/timeouts.ts; a cancellation
 * gets the cleanup grace of its own. Endpoints follow the SDK's standard `AWS_ENDPOINT_URL_BRAKET` /
 * `AWS_ENDPOINT_URL_S3`. Source: ../shared/contracts/braket.md.
 */
import { randomUUID } from 'node:crypto';
import { CancelQuantumTaskCommand, CreateQuantumTaskCommand, GetQuantumTaskCommand, SearchQuantumTasksCommand, type BraketClient, type GetQuantumTaskCommandOutput } from '@aws-sdk/client-braket';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Distribution, Sampler, SamplerRequest, SamplerResult } from '../../quantum/ports';
import { BackendError } from '../errors';
import { pollUntil, type PollOptions } from '../poll';
import { SpendLedger } from '../spend';
import { deadline, resolveTimeouts, withinDeadline, type ProviderTimeouts } from '../timeouts';
import { sendWithin } from './client';
import { decodeMeasurements, decodeProgramSet, simulatedSecondsOf } from './decode';
import { braketTaskCostUsd, type BraketDeviceInfo } from './devices';
import { inputsOf, toBraketQasm } from './dialect';

/** Shots when the request gives none. */
export const BRAKET_DEFAULT_SHOTS = 1000;

/** The tag carrying each task's clientToken, by which a task whose creation answer was lost is found. */
export const REQUEST_TAG = 'qpo:request';

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
  /** Deadlines (lib/backends/timeouts.ts). */
  readonly timeouts?: Partial<ProviderTimeouts>;
  /** Where every task is counted (a fresh one when omitted). */
  readonly ledger?: SpendLedger;
}

interface TaskOutcome {
  readonly result: unknown;
  readonly queueSeconds: number;
  /** GetQuantumTask's `actionMetadata.executableCount` (program sets), when given. */
  readonly executableCount?: number;
}

export type BraketSampler = Sampler & {
  /** Tasks one request creates. */
  tasksPerRequest(parameterSets: number): number;
  estimateCostUsd(request: Pick<SamplerRequest, 'parameterSets' | 'shots'>): number;
};

export function createBraketSampler(options: BraketSamplerOptions): BraketSampler {
  const { braket, s3, device } = options;
  const timeouts = resolveTimeouts(options.timeouts);
  const ledger = options.ledger ?? new SpendLedger();
  const programSets = (options.useProgramSets ?? true) && device.supportsProgramSets;
  const tasksPerRequest = (sets: number) => (programSets && sets > 1 ? 1 : sets);
  const estimateCostUsd = (r: Pick<SamplerRequest, 'parameterSets' | 'shots'>) => {
    const shots = r.shots ?? BRAKET_DEFAULT_SHOTS;
    const tasks = tasksPerRequest(r.parameterSets.length);
    return tasks * braketTaskCostUsd(device.arn, (shots * r.parameterSets.length) / tasks);
  };
  const poll: PollOptions = { ...(device.pollIntervalMs ? { initialIntervalMs: device.pollIntervalMs } : {}), ...options.poll };

  /**
   * The task created with `clientToken` (SearchQuantumTasks on the device since `since`, matched
   * by its REQUEST_TAG), or undefined when there is none.
   */
  async function findTask(clientToken: string, since: Date, signal: AbortSignal | undefined, seconds: number): Promise<string | undefined> {
    let nextToken: string | undefined;
    do {
      const search = new SearchQuantumTasksCommand({
        filters: [
          { name: 'deviceArn', operator: 'EQUAL', values: [device.arn] },
          { name: 'createdAt', operator: 'GTE', values: [new Date(since.getTime() - 60_000).toISOString()] },
        ],
        maxResults: 100,
        ...(nextToken ? { nextToken } : {}),
      });
      const page = await sendWithin((abortSignal) => braket.send(search, { abortSignal }), `SearchQuantumTasks on ${device.name}`, timeouts, signal, seconds);
      const hit = page.quantumTasks?.find((t) => t.tags?.[REQUEST_TAG] === clientToken);
      if (hit?.quantumTaskArn) return hit.quantumTaskArn;
      nextToken = page.nextToken;
    } while (nextToken);
    return undefined;
  }

  async function runTask(action: unknown, shots: number, signal?: AbortSignal): Promise<TaskOutcome> {
    const clientToken = `${options.clientTokenPrefix ?? 'qpo'}-${randomUUID()}`.slice(0, 64);
    const estimate = braketTaskCostUsd(device.arn, shots);
    const since = new Date();
    const create = new CreateQuantumTaskCommand({
      clientToken,
      deviceArn: device.arn,
      shots,
      outputS3Bucket: options.bucket,
      outputS3KeyPrefix: options.prefix,
      action: JSON.stringify(action),
      tags: { ...(options.tags ?? {}), [REQUEST_TAG]: clientToken },
    });
    const what = `CreateQuantumTask on ${device.name}`;
    const spend = { provider: 'braket' as const, kind: 'task' as const, shots, estimatedCostUsd: estimate };
    const cancelTask = async (arn: string) => {
      const cancel = new CancelQuantumTaskCommand({ quantumTaskArn: arn, clientToken: `${clientToken.slice(0, 57)}-cancel` });
      await sendWithin((abortSignal) => braket.send(cancel, { abortSignal }), `CancelQuantumTask ${arn}`, timeouts, deadline(timeouts.cleanupSeconds), timeouts.cleanupSeconds);
    };
    let arn: string | undefined;
    try {
      // The SDK retries with the same clientToken: Braket returns the task it already created.
      arn = (await sendWithin((abortSignal) => braket.send(create, { abortSignal }), what, timeouts, signal)).quantumTaskArn!;
    } catch (error) {
      const ambiguous = (error as BackendError).details?.noAnswer === true || (error as BackendError).code === 'BACKEND_BAD_RESPONSE';
      if (!signal?.aborted && !ambiguous) throw error;
      // The task may exist (no readable answer, or aborted in flight): look it up by its tag.
      if (!signal?.aborted) arn = await findTask(clientToken, since, signal, timeouts.callSeconds).catch(() => undefined);
      if (arn === undefined) {
        // Unknown: it counts, under its clientToken, until found; cancelling it means finding it first.
        ledger.submitted({ ...spend, id: clientToken }, async () => {
          const found = await findTask(clientToken, since, deadline(timeouts.cleanupSeconds), timeouts.cleanupSeconds);
          if (found === undefined) return ledger.forget(clientToken); // never created: not a provider task
          ledger.started(clientToken); // it existed: counted in full, however far it got
          await cancelTask(found);
        });
        if (signal?.aborted) await ledger.cancel(clientToken).catch(() => undefined);
        throw error;
      }
    }
    const taskArn = arn;
    ledger.submitted({ ...spend, id: taskArn }, () => cancelTask(taskArn));
    const t0 = Date.now();
    if (options.waitForTask) {
      await options.waitForTask(taskArn, signal).catch(async (error: unknown) => {
        await ledger.cancel(taskArn).catch(() => undefined);
        throw error;
      });
    }
    let runningAt: number | undefined;
    const task = await pollUntil<GetQuantumTaskCommandOutput>(
      `Braket task ${taskArn}`,
      async () => {
        const get = new GetQuantumTaskCommand({ quantumTaskArn: taskArn, additionalAttributeNames: ['QueueInfo'] });
        const t = await sendWithin((abortSignal) => braket.send(get, { abortSignal }), `GetQuantumTask ${taskArn}`, timeouts, signal);
        if (t.status === 'RUNNING' && runningAt === undefined) {
          runningAt = Date.now();
          ledger.started(taskArn);
        }
        return t.status === 'COMPLETED' || t.status === 'FAILED' || t.status === 'CANCELLED' ? t : undefined;
      },
      () => ledger.cancel(taskArn),
      poll,
      signal,
    );
    ledger.settle(taskArn, { status: task.status === 'COMPLETED' ? 'completed' : task.status === 'FAILED' ? 'failed' : 'cancelled' });
    if (task.status !== 'COMPLETED') {
      throw new BackendError('BACKEND_JOB_FAILED', `Braket task ${taskArn} ${task.status === 'FAILED' ? 'failed' : 'was cancelled'}${task.failureReason ? `: ${task.failureReason}` : ''}`, { details: { taskArn, status: task.status } });
    }
    const key = `${task.outputS3Directory}/results.json`;
    const where = `reading s3://${task.outputS3Bucket ?? options.bucket}/${key}`;
    const text = await readText(task.outputS3Bucket ?? options.bucket, key, where, signal);
    let result: unknown;
    try { result = JSON.parse(text); } catch { throw new BackendError('BACKEND_BAD_RESPONSE', `${where}: results.json is not JSON (${text.length} bytes)`); }
    ledger.settle(taskArn, { status: 'completed', reportedCostUsd: braketTaskCostUsd(device.arn, shots, simulatedSecondsOf(result as never)) });
    const queueSeconds = Math.max(0, ((runningAt ?? (task.endedAt ? task.endedAt.getTime() : Date.now())) - (task.createdAt?.getTime() ?? t0)) / 1000);
    return { result, queueSeconds, ...(task.actionMetadata?.executableCount === undefined ? {} : { executableCount: task.actionMetadata.executableCount }) };
  }

  /** The text of an S3 object, the body read included in the call's deadline. */
  async function readText(bucket: string, key: string, what: string, signal?: AbortSignal): Promise<string> {
    return withinDeadline(timeouts.callSeconds, what, signal, async (both) => {
      const get = new GetObjectCommand({ Bucket: bucket, Key: key });
      const object = await sendWithin((abortSignal) => s3.send(get, { abortSignal }), what, timeouts, both);
      try {
        return await object.Body!.transformToString();
      } catch (error) {
        if (both.aborted) throw error;
        throw new BackendError('BACKEND_UNAVAILABLE', `${what}: the object's body was cut short (${(error as Error).message})`, { cause: error, details: { noAnswer: true } });
      }
    });
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
        // CreateQuantumTask's shots are the task's total, split evenly among the executables
        const out = await runTask(action, shots * sets.length, signal);
        if (out.executableCount !== undefined && out.executableCount !== sets.length) {
          throw new BackendError('BACKEND_BAD_RESPONSE', `Braket program-set task: actionMetadata.executableCount is ${out.executableCount}, sent ${sets.length} parameter sets`);
        }
        distributions = decodeProgramSet(out.result, sets.length);
        queueSeconds = out.queueSeconds;
        cost = braketTaskCostUsd(device.arn, shots * sets.length, simulatedSecondsOf(out.result as never));
      } else {
        // One task per set; when one fails the others are aborted (and so cancelled) before the error is thrown.
        const siblings = new AbortController();
        const both = signal ? AbortSignal.any([signal, siblings.signal]) : siblings.signal;
        const settled = await Promise.allSettled(sets.map((values) =>
          runTask({ braketSchemaHeader: { name: 'braket.ir.openqasm.program', version: '1' }, source, inputs: inputsOf(request.circuit, values) }, shots, both)
            .catch((error: unknown) => { if (!siblings.signal.aborted) siblings.abort(error); throw error; })));
        if (settled.some((o) => o.status === 'rejected')) throw signal?.aborted ? signal.reason : siblings.signal.reason;
        const outs = settled.map((o) => (o as PromiseFulfilledResult<TaskOutcome>).value);
        distributions = outs.map((o) => decodeMeasurements(o.result as never));
        queueSeconds = Math.max(0, ...outs.map((o) => o.queueSeconds));
        cost = outs.reduce((acc, o) => acc + braketTaskCostUsd(device.arn, shots, simulatedSecondsOf(o.result as never)), 0);
      }
      ledger.waited(queueSeconds);
      return { distributions, queueSeconds, shotsUsed: shots * sets.length, estimatedCostUsd: cost };
    },
  };
}
