/**
 * The job state machine definition (lib/workflow/definition.ts) run in-process with
 * aws-local-stepfunctions through every branch, each Task bound to the lib/jobs steps.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import aslValidator from 'asl-validator';
import { FileResultStore, LocalCapacityProbe, type CapacityProbe } from '../../lib/jobs';
import { jobDefinition, jobHandlers, STATE, taskStateNames, JOB_TASK_STATES, sweepDefinition, DEFAULT_DEFINITION_OPTIONS } from '../../lib/workflow';
import { ExecutionAlreadyExistsError, executionFailureOf, LocalWorkflow, LOCAL_SUBSTITUTIONS, localJobWorkflow } from '../../lib/workflow/local-runner';
import { errorNamesOfKind } from '../../lib/contracts/errors';
import { batchFailureCause, parseBatchFailureCause } from '../../lib/jobs/batch-failure';
import { runJobLocally, type LocalRunDeps } from '../../lib/workflow/run-local';
import { bruteForce, PRICES_CSV, realProblem } from '../helpers/problems';

const TICKERS = ['AAPL', 'AMZN', 'GOOG', 'JPM', 'XOM', 'BAC'];
/** A small annealing run keeps the fallback branches fast. */
const FAST = { annealing: { numReads: 10, numSweeps: 300 } };
const tmp = () => mkdtempSync(path.join(tmpdir(), 'qpo-wf-'));

function deps(dir: string, extra: Partial<LocalRunDeps> = {}): LocalRunDeps {
  let id = 0;
  return {
    readDataset: async (name) => (name === 'bundled' ? readFile(PRICES_CSV, 'utf8') : Promise.reject(new Error(`no dataset ${name}`))),
    store: new FileResultStore(dir),
    now: () => Date.now(),
    newJobId: () => `wf-${process.hrtime.bigint()}-${++id}`,
    randomSeed: () => 1234,
    software: { qpo: 'test', node: process.version },
    metricsFile: path.join(dir, 'metrics.jsonl'),
    ...extra,
  };
}

const emf = (dir: string) => readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

describe('job state machine definition', () => {
  it('passes asl-validator (job and sweep machines)', () => {
    for (const def of [jobDefinition(), sweepDefinition({ maxConcurrency: 4, executionTimeoutSeconds: 3600 })]) {
      const { isValid, errorsText } = aslValidator(def);
      expect(errorsText('\n')).toBe('');
      expect(isValid).toBe(true);
    }
  });

  it('binds a local handler to every Task state', () => {
    expect(taskStateNames(jobDefinition()).sort()).toEqual([...JOB_TASK_STATES].sort());
    expect(Object.keys(LOCAL_SUBSTITUTIONS).length).toBeGreaterThan(0);
  });

  it('sets a real TimeoutSeconds, Retry with backoff and Catch on RunQuantumJob', () => {
    const s = jobDefinition().States[STATE.runQuantumJob] as Record<string, any>;
    expect(s.Resource).toBe('arn:aws:states:::batch:submitJob.sync');
    expect(s.TimeoutSeconds).toBe(DEFAULT_DEFINITION_OPTIONS.quantumStateTimeoutSeconds);
    expect(s.Retry[0]).toMatchObject({ ErrorEquals: expect.arrayContaining(['Batch.AWSBatchException']), BackoffRate: 2 });
    // A failed Batch job is always States.TaskFailed on AWS: no catcher for our own names here.
    expect(s.Catch.map((c: { ErrorEquals: string[] }) => c.ErrorEquals)).toEqual([['States.Timeout'], ['States.ALL']]);
    expect(s.Catch.every((c: { Next: string }) => c.Next === STATE.runAnnealingFallback)).toBe(true);
  });

  it('catches every user error of the catalogue by name on the Lambda steps, an existing result first; the rest is counted once, then alerts', () => {
    const states = jobDefinition().States as Record<string, any>;
    for (const name of [STATE.validateAndPrepare, STATE.checkCapacity, STATE.runAnnealingFallback, STATE.recordResult]) {
      // CheckCapacity first routes its own timeout to the fallback (backend-unavailable).
      const catches = (states[name].Catch as { ErrorEquals: string[]; Next: string }[]).filter((c) => c.Next !== STATE.capacityUnknown);
      expect(catches[0]).toMatchObject({ ErrorEquals: ['QPO.ResultExists'], Next: STATE.resultExists });
      expect(catches[1]!.Next).toBe(STATE.inputRejected);
      expect(new Set(catches[1]!.ErrorEquals)).toEqual(new Set(errorNamesOfKind('user').filter((n) => n !== 'QPO.ResultExists')));
      expect(catches[2]).toMatchObject({ ErrorEquals: ['States.ALL'], Next: STATE.recordFailure });
      expect(catches).toHaveLength(3);
    }
    expect(states[STATE.recordFailure]).toMatchObject({ Type: 'Task', ResultPath: null, Next: STATE.notifyFailure, Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: null, Next: STATE.notifyFailure }] });
  });
});

describe('local runner: every branch', () => {
  const workflow = localJobWorkflow();

  it('quantum success: VQE answers, optimal against brute force, result and metrics written', async () => {
    const dir = tmp();
    const record = await runJobLocally({ portfolio: { tickers: TICKERS }, budget: 3, quantum: { seed: 7 } }, deps(dir, { workflow }));
    expect(record.solver).toBe('vqe');
    expect(record.fallback).toEqual({ activated: false, reason: null, message: null });
    expect(record.solution.bitstring).toBe(bruteForce(realProblem(TICKERS, 3)).bitstring);
    expect(record.quality.approximationRatio).toBe(1);
    expect(record.durations.quantumSeconds).toBeGreaterThan(0);
    expect(emf(dir)[0]).toMatchObject({ JobSucceeded: 1, ResultsPersisted: 1, OptimizationQuality: 1 });
  });

  it('solver=classical: annealing without a fallback', async () => {
    const record = await runJobLocally({ portfolio: { tickers: TICKERS }, budget: 3, solver: 'classical', fallback: FAST }, deps(tmp(), { workflow }));
    expect(record.solver).toBe('annealing');
    expect(record.fallback.activated).toBe(false);
    expect(record.quality.approximationRatio).toBe(1);
  });

  it('queue overflow: a deep queue sends the job to the fallback with its reason and metric', async () => {
    const dir = tmp();
    const probe: CapacityProbe = { queueDepth: async () => 51, backendStatus: async () => ({ status: 'available', message: null }) };
    const record = await runJobLocally({ portfolio: { tickers: TICKERS }, budget: 3, fallback: FAST }, deps(dir, { workflow, probe }));
    expect(record.fallback).toMatchObject({ activated: true, reason: 'queue-overflow' });
    expect(emf(dir)[1]).toMatchObject({ reason: 'queue-overflow', ClassicalFallbackActivated: 1 });
  });

  it("provider queue overflow: the provider's queue over the threshold routes to the fallback, as on AWS", async () => {
    const probe: CapacityProbe = { queueDepth: async () => 0, backendStatus: async () => ({ status: 'available', message: null, queueDepth: 60 }) };
    const under = { ...FAST, queueThreshold: 60 };
    expect((await runJobLocally({ portfolio: { tickers: TICKERS }, budget: 3, solver: 'auto', fallback: under }, deps(tmp(), { workflow, probe }))).fallback.activated).toBe(false);
    const record = await runJobLocally({ portfolio: { tickers: TICKERS }, budget: 3, fallback: FAST }, deps(tmp(), { workflow, probe }));
    expect(record.fallback).toMatchObject({ activated: true, reason: 'queue-overflow' });
  });

  it('backend unavailable: the fallback answers', async () => {
    // The bare IBM name is read as ibm:ibm_torino (lib/backends/names.ts), the name the probe is asked about.
    const probe = new LocalCapacityProbe({ 'ibm:ibm_torino': { status: 'unavailable', message: 'maintenance' } });
    const record = await runJobLocally({ portfolio: { tickers: TICKERS }, budget: 3, quantum: { backend: 'ibm_torino' }, fallback: FAST }, deps(tmp(), { workflow, probe }));
    expect(record.fallback).toMatchObject({ activated: true, reason: 'backend-unavailable' });
  });

  it('quantum timeout: States.Timeout is caught and the fallback answers with reason timeout', async () => {
    const record = await runJobLocally(
      { portfolio: { tickers: TICKERS }, budget: 3, quantum: { optimizer: 'spsa', maxIterations: 100000, seed: 1, timeoutSeconds: 0.2 }, fallback: FAST },
      deps(tmp(), { workflow }),
    );
    expect(record.fallback).toMatchObject({ activated: true, reason: 'timeout' });
    expect(record.durations.quantumSeconds).toBeGreaterThanOrEqual(0.15);
    expect(record.durations.quantumSeconds).toBeLessThan(5);
  });

  it('Batch failure: transient errors are retried with backoff, then the job answers', async () => {
    const dir = tmp();
    const d = deps(dir);
    const handlers = jobHandlersFor(d);
    let attempts = 0;
    const quantum = handlers[STATE.runQuantumJob]!;
    handlers[STATE.runQuantumJob] = async (input: never) => {
      attempts += 1;
      if (attempts < 3) throw Object.assign(new Error('Service unavailable'), { name: 'Batch.AWSBatchException' });
      return quantum(input);
    };
    const out = (await workflow.start({ portfolio: { tickers: TICKERS }, budget: 3, quantum: { seed: 3 } }, { name: 'retry-1', handlers, retryIntervalOverrides: { [STATE.runQuantumJob]: [5, 10] } })) as { jobId: string; solver: string };
    expect(attempts).toBe(3);
    expect(out.solver).toBe('vqe');
  });

  it('Batch failure after retries: the fallback answers with reason backend-error', async () => {
    const d = deps(tmp());
    const handlers = jobHandlersFor(d);
    let attempts = 0;
    handlers[STATE.runQuantumJob] = async () => {
      attempts += 1;
      throw Object.assign(new Error('job failed'), { name: 'States.TaskFailed' });
    };
    const out = (await workflow.start({ portfolio: { tickers: TICKERS }, budget: 3, fallback: FAST }, { name: 'fail-1', handlers })) as { fallback: { reason: string } };
    expect(attempts).toBe(1); // States.TaskFailed is not a transient error
    expect(out.fallback.reason).toBe('backend-error');
  });

  it('fallback failure: NotifyFailure alerts, the execution fails with the job error, nothing is written', async () => {
    const dir = tmp();
    const d = deps(dir);
    const notified: unknown[] = [];
    const handlers = jobHandlersFor(d, (f) => notified.push(f));
    handlers[STATE.runQuantumJob] = async () => {
      throw Object.assign(new Error('job failed'), { name: 'States.TaskFailed' });
    };
    await expect(
      workflow.start({ portfolio: { tickers: TICKERS }, budget: 3, fallback: { enabled: false } }, { name: 'nofb-1', handlers }),
    ).rejects.toMatchObject({ name: 'QPO.JobFailed', code: 'JOB_FAILED' });
    expect(notified).toEqual([expect.objectContaining({ error: 'QPO.JobFailed', message: expect.stringContaining('qpo job nofb-1 failed with QPO.JobFailed') })]);
    expect(emf(dir)).toEqual([expect.objectContaining({ JobFailed: 1, jobId: 'nofb-1' }), expect.objectContaining({ JobFailed: 1, errorKind: 'internal' })]);
    expect(readdirSync(dir)).toEqual(['metrics.jsonl']);
  });

  it('bad input ends in InputRejected with the original code and path; nothing written', async () => {
    const dir = tmp();
    const error = await runJobLocally({ portfolio: { tickers: ['AAPL', 'XYZ'] } }, deps(dir, { workflow })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'QPO.UnknownTicker', code: 'UNKNOWN_TICKER', path: 'portfolio.tickers' });
    // What DescribeExecution would show: the Fail state InputRejected with the Lambda error's Cause.
    expect(executionFailureOf(error)).toMatchObject({ error: 'QPO.UnknownTicker' });
    expect(JSON.parse(executionFailureOf(error)!.cause)).toMatchObject({ errorType: 'QPO.UnknownTicker', errorMessage: expect.stringMatching(/XYZ/) });
    // A rejected request is no job outcome (as a 400 is not): nothing written, no metric.
    expect(readdirSync(dir)).toEqual([]);
  });

  it('the quantum step fails the way a Batch job fails: States.TaskFailed with the job description; a rejected input (exit 2) ends in InputRejected', async () => {
    const dir = tmp();
    const d = deps(dir);
    const seen: unknown[] = [];
    const handlers = jobHandlersFor(d);
    const quantum = handlers[STATE.runQuantumJob]!;
    handlers[STATE.runQuantumJob] = (input: never) => quantum(input).catch((e: unknown) => (seen.push(e), Promise.reject(e)));
    // ibm:... without IBM credentials is the user's mistake, found by the quantum step itself.
    const error = await workflow
      .start({ portfolio: { tickers: TICKERS }, budget: 3, quantum: { backend: 'ibm:ibm_fez' }, fallback: FAST }, { name: 'exit2-1', handlers })
      .catch((e: unknown) => e);
    expect(seen[0]).toMatchObject({ name: 'States.TaskFailed' });
    expect(parseBatchFailureCause((seen[0] as Error).message)).toMatchObject({ exitCode: 2, statusReason: 'Essential container in task exited' });
    expect(error).toMatchObject({ code: 'BACKEND_NOT_CONFIGURED', name: 'QPO.BackendNotConfigured' });
    expect(executionFailureOf(error)).toMatchObject({ error: 'QPO.BackendNotConfigured' });
    expect(readdirSync(dir).filter((f) => f.endsWith('.json'))).toEqual([]);
  });

  it('a container that dies with no reason stored falls back with backend-error and the exit code in the message', async () => {
    const d = deps(tmp());
    const handlers = jobHandlersFor(d);
    handlers[STATE.runQuantumJob] = async () => {
      throw Object.assign(new Error(batchFailureCause({ jobId: 'j', jobName: 'qpo-x', exitCode: 137, statusReason: 'Essential container in task exited', containerReason: 'OutOfMemoryError: Container killed due to memory usage' })), { name: 'States.TaskFailed' });
    };
    const out = (await workflow.start({ portfolio: { tickers: TICKERS }, budget: 3, fallback: FAST }, { name: 'oom-1', handlers })) as { jobId: string };
    const record = await d.store.get(out.jobId);
    expect(record!.fallback).toMatchObject({ activated: true, reason: 'backend-error', message: expect.stringMatching(/exit code 137.*OutOfMemoryError/) });
  });

  it('a repeated idempotency key returns the same execution; another input under it is refused', async () => {
    const dir = tmp();
    const d = deps(dir);
    const handlers = jobHandlersFor(d);
    const spec = { portfolio: { tickers: TICKERS.slice(0, 4) }, solver: 'classical', fallback: FAST };
    const first = workflow.start(spec, { name: 'idem-1', handlers });
    const again = workflow.start(JSON.parse(JSON.stringify(spec)), { name: 'idem-1', handlers });
    expect(await again).toEqual(await first);
    await expect(workflow.start({ ...spec, riskFactor: 0.9 }, { name: 'idem-1', handlers })).rejects.toBeInstanceOf(ExecutionAlreadyExistsError);
    expect(readdirSync(dir).filter((f) => f.endsWith('.json'))).toEqual(['idem-1.json']);
  });

  it('a second run of a finished job id ends in ResultAlreadyExists and keeps the first result', async () => {
    const dir = tmp();
    const spec = { jobId: 'fixed-1', portfolio: { tickers: TICKERS.slice(0, 4) }, solver: 'classical', fallback: FAST };
    await runJobLocally(spec, deps(dir, { workflow: new LocalWorkflow() }));
    // A fresh process (new local workflow): the store's no-overwrite guard answers.
    await expect(runJobLocally(spec, deps(dir, { workflow: new LocalWorkflow() }))).rejects.toMatchObject({ code: 'RESULT_EXISTS' });
  });
});

function jobHandlersFor(d: LocalRunDeps, notify?: (f: unknown) => void) {
  const { MemoryAnswerStore } = jest.requireActual('../../lib/jobs') as typeof import('../../lib/jobs');
  return jobHandlers({
    ...d,
    startupGraceSeconds: 0,
    answers: new MemoryAnswerStore(),
    probe: new LocalCapacityProbe(),
    emitMetrics: async (groups) => {
      const { emfFileEmitter } = await import('../../lib/workflow/run-local');
      await emfFileEmitter(d.metricsFile, Date.now)(groups);
    },
    ...(notify ? { notify: async (f: unknown) => void notify(f) } : {}),
  }) as Record<string, (input: never) => Promise<unknown>>;
}
