/**
 * The workflow's steps at task granularity, over plain JSON data: the Lambdas, the Batch container
 * and the local runner all call these, so the state machine runs the same code everywhere.
 *
 *   validateAndPrepareTask -> (route) -> runQuantumTask | runFallbackTask -> recordResultTask
 *
 * Between tasks only the small `JobState` travels (Step Functions payloads are capped at 256 KiB);
 * answers go through the AnswerStore. Errors leave every task under their catalogued name
 * (lib/contracts/errors.ts), which the state machine's Catch matches by kind.
 */
import { BATCH_EXIT, QpoError, isErrorCode } from '../contracts/errors';
import { describeError, JobFailedError, QuantumPathError, QuantumTimeoutError, ResultExistsError, ResultPersistError, rethrowCatalogued } from './errors';
import { preflightJob } from './preflight';
import { parseBatchFailureCause, STATE_TIMEOUT, TASK_FAILED } from './batch-failure';
import type { AnswerStore } from './answer-store';
import { prepareJob, solverInputOf, withMarketRange, type DatasetReader, type PreparedJob } from './prepare';
import { buildResultRecord } from './record';
import type { FallbackReason, ResultRecord } from './result';
import { fallbackReasonOf } from './fallback';
import { evaluationsRan, executionRecordOf } from './plan-run';
import { workloadOf } from './plan-workload';
import type { Workload } from './plan';
import { plannedCircuitOf } from './method';
import { parseJobSpec, type JobSpec } from './spec';
import { exactReference, hintsOf, runAnnealingStep, runExactStep, runQuantumStep } from './steps';
import type { BackendEnvironment } from '../backends';
import type { BackendReport } from './steps';
import type { ResultStore } from './store';
import { modelOf } from '../solvers/model';
import type { SolveProgress } from '../solvers/types';

/** The job as it travels between states. */
export interface JobState {
  readonly jobId: string;
  readonly spec: JobSpec & { budget: number };
  readonly createdAtMs: number;
  readonly prepareSeconds: number;
  /** The spec's quantum-path budget, seconds (fractional). */
  readonly quantumTimeoutSeconds: number;
  /** ceil(budget) + start-up grace (queue wait, container start), an integer >= 1. */
  readonly stateTimeoutSeconds: number;
  /** Batch attempt duration: the state timeout + 60 s, at least 60 s (Batch's minimum). */
  readonly batchAttemptSeconds: number;
  /** What the quantum path asks of a provider, for CheckCapacity's plan (null off a provider or the quantum path). */
  readonly workload?: Workload | null;
}

/** The path the route decision takes: where the job goes after CheckCapacity. */
export type RoutePath = 'quantum' | 'classical' | 'exact' | 'forced' | 'forced-platform' | 'queue-overflow' | 'backend-unavailable' | 'plan-exceeds-budget' | 'quota';

export interface PrepareDeps {
  readonly readDataset: DatasetReader;
  readonly now: () => number;
  readonly randomSeed: () => number;
  /** Seconds added to the quantum budget for queueing and container start (0 locally). */
  readonly startupGraceSeconds: number;
  /** The result store, asked whether the job already has a record before any work is done. */
  readonly store?: Pick<ResultStore, 'exists'>;
}

/**
 * ValidateAndPrepare: validate the spec, refuse a job id that already has a result (before any
 * work: nothing is computed or paid for twice), fix the seed, prepare the data and run the
 * preflight checks (lib/jobs/preflight.ts).
 * @throws the user error (kind `user` of the catalogue) for any bad input; ResultExistsError.
 */
export async function validateAndPrepareTask(input: { spec: unknown; executionName: string }, deps: PrepareDeps): Promise<{ job: JobState }> {
  const createdAtMs = deps.now();
  try {
    const t0 = performance.now();
    const { spec: parsed, jobId, prepared: validated } = await validateJob(input.spec, { ...deps, jobId: input.executionName, nowMs: createdAtMs });
    const spec = { ...parsed, quantum: { ...parsed.quantum, seed: parsed.quantum.seed ?? deps.randomSeed() } };
    const { problem } = validated;
    const prepareSeconds = (performance.now() - t0) / 1000;
    const onProvider = spec.solver !== 'classical' && spec.solver !== 'exact' && !spec.fallback.force && spec.quantum.backend !== 'local';
    let workload: Workload | null = null;
    // A spec the solver refuses is refused by the quantum step, with its own message.
    if (onProvider) try { workload = workloadOf(spec, problem.tickers.length, plannedCircuitOf(spec, problem).parameters.length); } catch { workload = null; }
    const q = spec.quantum.timeoutSeconds;
    const stateTimeoutSeconds = Math.max(1, Math.ceil(q + deps.startupGraceSeconds));
    return {
      job: {
        jobId: jobId ?? input.executionName,
        spec,
        createdAtMs,
        prepareSeconds,
        quantumTimeoutSeconds: q,
        stateTimeoutSeconds,
        batchAttemptSeconds: Math.max(60, stateTimeoutSeconds + 60),
        workload,
      },
    };
  } catch (error) {
    return rethrowCatalogued(error);
  }
}

/**
 * Every check of a job's input, in ValidateAndPrepare's order, before any work: the JobSpec, an
 * existing result for its job id (`spec.jobId`, else `deps.jobId`), the data, the preflight. The
 * CLI calls it before starting the workflow (as POST /optimize validates before StartExecution),
 * so that a mistake starts no job and writes nothing.
 * @throws the user error of the first problem found; ResultExistsError.
 */
export async function validateJob(
  input: unknown,
  deps: { readonly readDataset: DatasetReader; readonly store?: Pick<ResultStore, 'exists'>; readonly jobId?: string; readonly nowMs?: number },
): Promise<{ spec: JobState['spec']; jobId: string | undefined; prepared: PreparedJob }> {
  // A market source's date range is fixed in the spec here, so that every step reads the same series.
  const spec = withMarketRange(parseJobSpec(input), deps.nowMs ?? Date.now());
  const jobId = spec.jobId ?? deps.jobId;
  if (jobId !== undefined && deps.store && (await deps.store.exists(jobId))) throw new ResultExistsError(jobId);
  const prepared = await prepareCached(spec, deps.readDataset);
  preflightJob(spec, prepared.problem);
  return { spec, jobId, prepared };
}

/**
 * Prepared problems by dataset reader and problem inputs: the tasks of one in-process run share the
 * read and the statistics of the price data instead of repeating them per step. A runner that reads
 * files which may change between runs gives each run its own reader (the CLI's localDeps does).
 */
const preparedCache = new WeakMap<DatasetReader, Map<string, Promise<PreparedJob>>>();
const CACHE_SIZE = 8;

function prepareCached(spec: JobState['spec'], readDataset: DatasetReader): Promise<PreparedJob> {
  let byKey = preparedCache.get(readDataset);
  if (!byKey) preparedCache.set(readDataset, (byKey = new Map()));
  const key = JSON.stringify([spec.portfolio, spec.riskFactor, spec.budget, spec.weights ?? null, spec.weights ? (spec.quantum.seed ?? 0) : 0]);
  let entry = byKey.get(key);
  if (!entry) {
    entry = prepareJob(spec, readDataset);
    entry.catch(() => byKey.delete(key));
    byKey.set(key, entry);
    if (byKey.size > CACHE_SIZE) byKey.delete(byKey.keys().next().value!);
  }
  return entry;
}

async function prepared(job: JobState, readDataset: DatasetReader) {
  const p = await prepareCached(job.spec, readDataset);
  const exact = exactReference(solverInputOf(p));
  return { prepared: p, exact, hints: hintsOf(exact) };
}

export interface QuantumDeps {
  readonly readDataset: DatasetReader;
  readonly answers: AnswerStore;
  readonly maxStateBytes?: number;
  /** Provider settings (IBM key and endpoints, Braket bucket) for hardware backends. */
  readonly backends?: BackendEnvironment;
  readonly onProgress?: (progress: SolveProgress) => void;
}

/**
 * RunQuantumJob: solve on the quantum path within the spec's budget and leave the answer in the
 * store. On failure the failure is left in the store too (the fallback's record, or the user error
 * it re-raises) and the step throws: QuantumTimeoutError, QuantumPathError, or the user error.
 */
export async function runQuantumTask(job: JobState, deps: QuantumDeps): Promise<{ backend: string; seconds: number }> {
  const t0 = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new QuantumTimeoutError(`timeout after ${job.quantumTimeoutSeconds} s: the quantum path ran out of its budget (quantum.timeoutSeconds)`)),
    job.quantumTimeoutSeconds * 1000,
  );
  let attempted: BackendReport | undefined;
  try {
    const { prepared: p, hints } = await prepared(job, deps.readDataset);
    // Test mode (the runbook's --test-mode): fail as a provider would, before any provider is called.
    if (job.spec.fallback.testMode)
      throw new QpoError('SIMULATED_QUANTUM_FAILURE', 'test mode: simulated quantum-path failure (fallback.testMode); no provider was called, the fallback answers');
    const answer = await runQuantumStep(
      job.spec,
      job.spec.quantum.seed!,
      solverInputOf(p),
      { signal: controller.signal, ...(deps.onProgress ? { onProgress: deps.onProgress } : {}) },
      hints,
      deps.maxStateBytes,
      { ...(deps.backends ? { backends: deps.backends } : {}), onBackendReport: (r) => (attempted = r) },
    );
    const seconds = (performance.now() - t0) / 1000;
    const report = answer.backendReport;
    const backend: ResultRecord['backend'] = report
      ? { name: report.name, kind: report.kind, provider: report.provider, queueDepth: report.queueDepth, mitigation: report.mitigation }
      : { name: job.spec.quantum.backend, kind: 'simulator' };
    const execution = report?.plan
      ? executionRecordOf(report.plan, { providerJobs: report.providerJobs, shots: report.shotsUsed, queueSeconds: report.queueWaitSeconds, wallSeconds: report.wallSeconds, costUsd: report.estimatedCostUsd, evaluations: evaluationsRan(report.plan.mode, answer.variational) })
      : undefined;
    await deps.answers.putAnswer(job.jobId, { answer, backend, fallback: { activated: false, reason: null, message: null }, quantumSeconds: seconds, fallbackSeconds: 0, ...(report?.providerJobs ? { providerJobs: report.providerJobs } : {}), ...(execution ? { execution } : {}) });
    return { backend: backend.name, seconds };
  } catch (error) {
    const timedOut = controller.signal.aborted;
    const reason = timedOut ? 'timeout' : fallbackReasonOf(error, job.spec.solver);
    const seconds = (performance.now() - t0) / 1000;
    const { body } = describeError(timedOut ? controller.signal.reason : error);
    // Spend on a provider (the local simulator spends nothing): every job it accepted counts.
    const spent = attempted && attempted.provider !== 'local' && attempted.providerJobs > 0 ? attempted : undefined;
    const quantumAttempt = spent
      ? { backend: spent.name, shotsUsed: spent.shotsUsed, estimatedCostUsd: spent.estimatedCostUsd, queueWaitSeconds: spent.queueWaitSeconds, providerJobs: spent.providerJobs }
      : undefined;
    await deps.answers.putFailure(job.jobId, {
      reason,
      code: body.code,
      message: body.message,
      path: body.path,
      seconds,
      ...(quantumAttempt ? { quantumAttempt } : {}),
    });
    if (reason === null) return rethrowCatalogued(error);
    if (reason === 'timeout') throw new QuantumTimeoutError(body.message, error);
    throw new QuantumPathError(body.message, reason, error);
  } finally {
    clearTimeout(timer);
  }
}

export interface FallbackInput {
  readonly job: JobState;
  readonly path: RoutePath;
  /** Why CheckCapacity found the backend unavailable (its message), when it did. */
  readonly backendMessage?: string | null;
  /** The Catch output of RunQuantumJob ({ Error, Cause }), or null when the quantum path was skipped. */
  readonly quantumFailure: { Error?: string; Cause?: string } | null;
}

/** `; already spent on <backend>: N provider jobs, S shots, $C` (empty when nothing was). */
function spentText(a: ResultRecord['fallback']['quantumAttempt']): string {
  return a ? `; already spent on ${a.backend}: ${a.providerJobs ?? 0} provider jobs, ${a.shotsUsed} shots, $${a.estimatedCostUsd.toFixed(4)}` : '';
}

export interface FallbackDeps {
  readonly readDataset: DatasetReader;
  readonly answers: AnswerStore;
  /** Wall-clock cap of the annealing run (the Lambda's budget below its timeout), seconds. */
  readonly maxAnnealingSeconds?: number;
  readonly onProgress?: (progress: SolveProgress) => void;
}

/** Why the fallback answers, from the plan and the quantum step's failure. */
export async function fallbackOf(input: FallbackInput, answers: AnswerStore): Promise<ResultRecord['fallback'] & { quantumSeconds: number }> {
  if (input.path === 'classical' || input.path === 'exact') return { activated: false, reason: null, message: null, quantumSeconds: 0 };
  if (input.path !== 'quantum') {
    const message =
      input.path === 'forced'
        ? 'fallback forced by the request'
        : input.path === 'forced-platform'
          ? 'fallback forced for every job by the platform-wide force-classical switch (qpo fallback force status)'
          : `quantum path skipped: ${input.path}${input.backendMessage ? ` (${input.backendMessage})` : ''}`;
    return { activated: true, reason: input.path, message, quantumSeconds: 0 };
  }
  const recorded = await answers.getFailure(input.job.jobId);
  const error = input.quantumFailure?.Error ?? TASK_FAILED;
  const batch = parseBatchFailureCause(input.quantumFailure?.Cause);
  // The quantum step rejected the job's input (Batch exit code 2): the job fails as the user's error.
  if (recorded && recorded.reason === null && isErrorCode(recorded.code)) throw new QpoError(recorded.code, recorded.message, { path: recorded.path ?? null });
  if (!recorded && batch.exitCode === BATCH_EXIT.inputRejected)
    throw new QpoError('INVALID_INPUT', `the quantum step rejected the job's input (exit code 2) and left no reason: ${batch.statusReason ?? 'no status reason'}`);
  const timedOut = error === STATE_TIMEOUT;
  const reason: FallbackReason = timedOut ? 'timeout' : (recorded?.reason ?? 'backend-error');
  const message =
    recorded?.message ??
    (timedOut
      ? `timeout after ${input.job.stateTimeoutSeconds} s: the quantum step did not finish within its state's TimeoutSeconds`
      : batch.statusReason !== null || batch.exitCode !== null
        ? `the quantum container failed${batch.exitCode === null ? '' : ` with exit code ${batch.exitCode}`}: ${[batch.statusReason, batch.containerReason].filter(Boolean).join('; ')}`
        : `${error}: ${input.quantumFailure?.Cause ?? ''}`.trim());
  return {
    activated: true,
    reason,
    message,
    ...(recorded?.quantumAttempt ? { quantumAttempt: recorded.quantumAttempt } : {}),
    quantumSeconds: recorded?.seconds ?? (timedOut ? input.job.stateTimeoutSeconds : 0),
  };
}

/**
 * RunAnnealingFallback (also the classical and exact solvers): answer with simulated annealing
 * (or brute force for `solver: exact`) and leave the answer in the store.
 * @throws JobFailedError when the quantum path failed and the fallback is disabled, or annealing fails.
 */
export async function runFallbackTask(input: FallbackInput, deps: FallbackDeps): Promise<{ solver: string; seconds: number }> {
  const { job } = input;
  const fallback = await fallbackOf(input, deps.answers);
  const { quantumSeconds, ...fb } = fallback;
  if (fb.activated && fb.reason !== 'forced' && fb.reason !== 'forced-platform' && !job.spec.fallback.enabled)
    throw new JobFailedError(`quantum path failed (${fb.reason}) and the fallback is disabled: ${fb.message}${spentText(fb.quantumAttempt)}`);
  const t0 = performance.now();
  const { prepared: p, hints } = await prepared(job, deps.readDataset).catch(rethrowCatalogued);
  let answer;
  try {
    // solver: exact, or the fallback's / solver: classical's method `exact` (brute force; n <= 30).
    if (input.path === 'exact' || job.spec.fallback.method === 'exact') answer = await runExactStep(solverInputOf(p), {});
    else {
      const a = job.spec.fallback.annealing;
      const cap = deps.maxAnnealingSeconds;
      const limit = cap === undefined ? a.timeLimitSeconds : Math.min(a.timeLimitSeconds ?? cap, cap);
      const spec = limit === undefined ? job.spec : { ...job.spec, fallback: { ...job.spec.fallback, annealing: { ...a, timeLimitSeconds: limit } } };
      answer = await runAnnealingStep(spec, job.spec.quantum.seed!, solverInputOf(p), deps.onProgress ? { onProgress: deps.onProgress } : {}, hints);
    }
  } catch (error) {
    if (describeError(error).userError) return rethrowCatalogued(error);
    throw new JobFailedError(`simulated-annealing fallback failed: ${(error as Error).message}`, error);
  }
  const seconds = (performance.now() - t0) / 1000;
  await deps.answers.putAnswer(job.jobId, { answer, backend: { name: 'local', kind: 'classical' }, fallback: fb, quantumSeconds, fallbackSeconds: seconds });
  return { solver: answer.solver, seconds };
}

export interface RecordDeps {
  readonly readDataset: DatasetReader;
  readonly answers: AnswerStore;
  readonly store: ResultStore;
  readonly now: () => number;
  readonly software: ResultRecord['software'];
  /**
   * Where a record goes when the store refuses it (a local fallback directory; the function's log
   * on AWS): resolves to the place, named in the error. The computed answer is never thrown away.
   */
  readonly rescue?: (record: ResultRecord) => Promise<string>;
}

/**
 * RecordResult: build the ResultRecord from the stored answer and write it with no overwrite. A
 * retry of this step that finds the record its own earlier attempt wrote (same job id and creation
 * time) succeeds with that record.
 * @throws ResultExistsError (another run's record), ResultPersistError (the write failed: fail
 *   loudly, with the record rescued where `rescue` put it), JobFailedError when no answer was left.
 */
export async function recordResultTask(input: { job: JobState }, deps: RecordDeps): Promise<{ record: ResultRecord; location: string }> {
  const { job } = input;
  const stored = await deps.answers.getAnswer(job.jobId);
  if (!stored) throw new JobFailedError(`no answer was stored for job '${job.jobId}'`);
  const { prepared: p, exact } = await prepared(job, deps.readDataset).catch(rethrowCatalogued);
  const record = buildResultRecord({
    jobId: job.jobId,
    spec: job.spec,
    prepared: p,
    penalty: modelOf(solverInputOf(p)).penalty,
    answer: stored.answer,
    exact,
    fallback: stored.fallback,
    backend: stored.backend,
    createdAtMs: job.createdAtMs,
    completedAtMs: deps.now(),
    durations: { prepareSeconds: job.prepareSeconds, quantumSeconds: stored.quantumSeconds, fallbackSeconds: stored.fallbackSeconds },
    software: deps.software,
    ...(stored.providerJobs ? { providerJobs: stored.providerJobs } : {}),
    ...(stored.execution ? { execution: stored.execution } : {}),
  });
  try {
    const { location } = await deps.store.put(record);
    return { record, location };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'RESULT_EXISTS') {
      const existing = await deps.store.get(job.jobId).catch(() => undefined);
      if (existing && existing.createdAt === record.createdAt) return { record: existing, location: deps.store.locationOf(job.jobId) };
    }
    if (code !== 'RESULT_NOT_PERSISTED' || !deps.rescue) throw error;
    const where = await deps.rescue(record).then(
      (place) => ({ place, note: `; the record was saved to ${place} instead` }),
      (rescueError: unknown) => ({ place: undefined, note: `; saving it elsewhere failed too (${(rescueError as Error).message})` }),
    );
    throw new ResultPersistError(`${(error as Error).message}${where.note}`, error, record, where.place);
  }
}

