/**
 * runJobLocally: one job end to end, in-process, through the local state machine (the embedded
 * default of `qpo optimize`): every step runs as a Task of the deployed definition, with the
 * filesystem store for S3 and EMF lines in `<results>/metrics.jsonl` for CloudWatch.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { MemoryAnswerStore } from '../jobs/answer-store';
import { LocalCapacityProbe, type CapacityProbe } from '../jobs/capacity';
import { JobFailedError } from '../jobs/errors';
import { emfLines, type MetricGroup } from '../jobs/metrics';
import type { ResultRecord } from '../jobs/result';
import type { JobDeps } from '../jobs/deps';
import { jobHandlers, type JobHandlerDeps } from './handlers';
import { localJobWorkflow, type LocalWorkflow, type RunOptions } from './local-runner';
import type { JobTaskState } from './names';

export interface LocalRunDeps extends Omit<JobDeps, 'onProgress'> {
  /** EMF lines are appended here (JSON Lines); none when undefined. */
  readonly metricsFile?: string;
  readonly probe?: CapacityProbe;
  readonly onProgress?: JobDeps['onProgress'];
  readonly workflow?: LocalWorkflow;
  readonly retryIntervalOverrides?: RunOptions['retryIntervalOverrides'];
  /** Where a record the store refused is saved instead (the CLI: a directory under the system's temp). */
  readonly rescue?: JobHandlerDeps['rescue'];
  /**
   * Runs around every task (fault injection: a crashed container, a transient Lambda or Batch
   * error): receives the state name, the task's input and the task itself.
   */
  readonly interceptTask?: (state: JobTaskState, input: unknown, task: () => Promise<unknown>) => Promise<unknown>;
  /** Deadline of the capacity check, seconds (default lib/jobs CAPACITY_CHECK_SECONDS). */
  readonly capacityDeadlineSeconds?: number;
}

/** Append metric groups as EMF lines; a metrics failure never fails the job. */
export function emfFileEmitter(file: string | undefined, now: () => number): (groups: MetricGroup[]) => Promise<void> {
  return async (groups) => {
    if (!file) return;
    const lines = emfLines(groups, now());
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.appendFile(file, lines.map((l) => `${l}\n`).join(''));
    } catch {
      // Metrics are best effort locally; the result itself is written (or fails) on its own.
    }
  };
}

/**
 * Run one job (an unvalidated JobSpec) through the local state machine.
 * @throws InputRejectedError (user errors, rendered like the original),
 *   JobFailedError, ResultExistsError, ResultPersistError.
 */
export async function runJobLocally(input: unknown, deps: LocalRunDeps): Promise<ResultRecord> {
  const workflow = deps.workflow ?? localJobWorkflow();
  const name = (input as { jobId?: unknown } | null)?.jobId;
  const bound = jobHandlers({
    readDataset: deps.readDataset,
    now: deps.now,
    randomSeed: deps.randomSeed,
    startupGraceSeconds: 0,
    store: deps.store,
    answers: new MemoryAnswerStore(),
    probe: deps.probe ?? new LocalCapacityProbe(),
    software: deps.software,
    ...(deps.maxStateBytes === undefined ? {} : { maxStateBytes: deps.maxStateBytes }),
    ...(deps.backends ? { backends: deps.backends } : {}),
    ...(deps.capacityDeadlineSeconds === undefined ? {} : { capacityDeadlineSeconds: deps.capacityDeadlineSeconds }),
    emitMetrics: emfFileEmitter(deps.metricsFile, deps.now),
    ...(deps.rescue ? { rescue: deps.rescue } : {}),
    ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
  });
  const intercept = deps.interceptTask;
  const handlers = intercept
    ? (Object.fromEntries(Object.entries(bound).map(([state, task]) => [state, (i: never) => intercept(state as JobTaskState, i, () => task(i))])) as typeof bound)
    : bound;
  const output = (await workflow.start(input, {
    name: typeof name === 'string' && name ? name : deps.newJobId(),
    handlers,
    ...(deps.retryIntervalOverrides ? { retryIntervalOverrides: deps.retryIntervalOverrides } : {}),
  })) as { jobId: string };
  const record = await deps.store.get(output.jobId);
  if (!record) throw new JobFailedError(`the workflow succeeded but no result was found for '${output.jobId}'`);
  return record;
}
