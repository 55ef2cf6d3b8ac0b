/**
 * runJob: one job end to end, in-process: validate and prepare -> quantum solve with a timeout ->
 * simulated-annealing fallback (reasons `forced`, `timeout`, `backend-error`, `no-feasible-sample`)
 * -> record (written atomically to the result store). Nothing is written unless the job succeeds.
 */
import { describeError, JobFailedError } from './errors';
import { prepareJob, type DatasetReader } from './prepare';
import { buildResultRecord } from './record';
import type { FallbackReason, ResultRecord } from './result';
import { parseJobSpec } from './spec';
import { exactReference, runAnnealingStep, runExactStep, runQuantumStep, type BackendReport } from './steps';
import type { ResultStore } from './store';
import { bitstringOf, createModel } from '../solvers/model';
import type { SolveProgress, SolverResult } from '../solvers/types';
import { SolveAbortedError } from '../solvers/errors';
import { FALLBACK_REASON_BY_CODE, type BackendEnvironment } from '../backends';

export interface JobDeps {
  readonly readDataset: DatasetReader;
  readonly store: ResultStore;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  readonly newJobId: () => string;
  /** A fresh seed when the spec gives none (recorded in the result so the run can be repeated). */
  readonly randomSeed: () => number;
  readonly software: ResultRecord['software'];
  /** Largest state vector the simulator may allocate, bytes. */
  readonly maxStateBytes?: number;
  /** Provider settings for IBM Quantum / Amazon Braket backends (read at the edge). */
  readonly backends?: BackendEnvironment;
  readonly onPhase?: (phase: 'prepare' | 'quantum' | 'fallback' | 'record', detail?: string) => void;
  readonly onProgress?: (phase: 'quantum' | 'fallback', progress: SolveProgress) => void;
}

class QuantumTimeout extends Error {
  override readonly name = 'QuantumTimeout';
}

/** Run the quantum step, aborting it after `timeoutSeconds`. */
async function withTimeout<T>(timeoutSeconds: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new QuantumTimeout(`quantum path exceeded ${timeoutSeconds} s`)), timeoutSeconds * 1000);
  try {
    return await run(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Run one job. `input` is an unvalidated JobSpec.
 * @throws JobValidationError / PortfolioError / SolverError for bad input (nothing written);
 *   JobFailedError when the quantum path fails and the fallback is disabled or fails;
 *   ResultExistsError / ResultPersistError when the result cannot be stored.
 */
export async function runJob(input: unknown, deps: JobDeps): Promise<ResultRecord> {
  const createdAtMs = deps.now();
  const parsed = parseJobSpec(input);
  const seed = parsed.quantum.seed ?? deps.randomSeed();
  const spec = { ...parsed, quantum: { ...parsed.quantum, seed } };
  const jobId = spec.jobId ?? deps.newJobId();
  deps.onPhase?.('prepare');
  const t0 = performance.now();
  const prepared = await prepareJob(spec, deps.readDataset);
  const { problem } = prepared;
  const exact = exactReference(problem);
  const hints = exact ? { optimalBitstring: bitstringOf(exact.optimalSelection) } : {};
  const prepareSeconds = (performance.now() - t0) / 1000;

  let answer: (SolverResult & { readonly backendReport?: BackendReport }) | undefined;
  let fallback: ResultRecord['fallback'] = {
    activated: false,
    reason: null,
    message: null,
  };
  let attempted: BackendReport | undefined;
  let backend: ResultRecord['backend'] = { name: 'local', kind: 'classical' };
  let quantumSeconds = 0;
  let fallbackSeconds = 0;

  if (spec.solver === 'exact') {
    answer = await runExactStep(problem, {});
  } else if (spec.solver === 'classical') {
    deps.onPhase?.('fallback', 'classical solver requested');
  } else if (spec.fallback.force) {
    fallback = { activated: true, reason: 'forced', message: 'fallback forced by the request' };
  } else {
    deps.onPhase?.('quantum');
    const tq = performance.now();
    try {
      answer = await withTimeout(spec.fallback.timeoutSeconds, (signal) =>
        runQuantumStep(
          spec,
          seed,
          problem,
          { signal, onProgress: (p) => deps.onProgress?.('quantum', p) },
          hints,
          deps.maxStateBytes,
          { ...(deps.backends ? { backends: deps.backends } : {}), onBackendReport: (r) => { attempted = r; } },
        ),
      );
      const report = answer.backendReport;
      backend = report
        ? { name: report.name, kind: report.kind, provider: report.provider, queueDepth: report.queueDepth, mitigation: report.mitigation }
        : { name: spec.quantum.backend, kind: 'simulator' };
    } catch (error) {
      const reason = fallbackReasonOf(error, spec.solver);
      if (reason === null) throw error;
      fallback = {
        activated: true,
        reason,
        message: describeError(error).body.message,
        // what the failed quantum attempt used on a provider (paid even though annealing answers)
        ...(attempted && attempted.requests > 0
          ? { quantumAttempt: { backend: attempted.name, shotsUsed: attempted.shotsUsed, estimatedCostUsd: attempted.estimatedCostUsd, queueWaitSeconds: attempted.queueWaitSeconds } }
          : {}),
      };
      if (!spec.fallback.enabled) {
        throw new JobFailedError(`quantum path failed (${reason}) and the fallback is disabled: ${fallback.message}`, error);
      }
    }
    quantumSeconds = (performance.now() - tq) / 1000;
  }

  if (!answer) {
    deps.onPhase?.('fallback', fallback.reason ?? 'classical');
    const tf = performance.now();
    try {
      answer = await runAnnealingStep(spec, seed, problem, { onProgress: (p) => deps.onProgress?.('fallback', p) }, hints);
    } catch (error) {
      throw new JobFailedError(`simulated-annealing fallback failed: ${(error as Error).message}`, error);
    }
    fallbackSeconds = (performance.now() - tf) / 1000;
  }

  deps.onPhase?.('record');
  const record = buildResultRecord({
    jobId,
    spec,
    prepared,
    penalty: createModel(problem).penalty,
    answer,
    exact,
    fallback,
    backend,
    createdAtMs,
    completedAtMs: deps.now(),
    durations: { prepareSeconds, quantumSeconds, fallbackSeconds },
    software: deps.software,
  });
  await deps.store.put(record);
  return record;
}

/** Errors meaning the backend cannot take a problem this large. */
const CAPACITY_CODES = new Set(['STATE_TOO_LARGE', 'PROBLEM_TOO_LARGE']);

/**
 * Which fallback reason an error of the quantum path maps to; null = a user error to re-throw.
 * With `solver: auto` a problem too large for the backend goes to annealing (`backend-unavailable`);
 * with `solver: quantum` it is the user's error.
 */
export function fallbackReasonOf(error: unknown, solver: string): FallbackReason | null {
  if (error instanceof SolveAbortedError) return 'timeout';
  const { userError, body } = describeError(error);
  if (solver === 'auto' && CAPACITY_CODES.has(body.code)) return 'backend-unavailable';
  if (userError) return null;
  if (body.code === 'NO_FEASIBLE_SAMPLE') return 'no-feasible-sample';
  const backendReason = FALLBACK_REASON_BY_CODE[body.code];
  if (backendReason) return backendReason;
  return 'backend-error';
}
