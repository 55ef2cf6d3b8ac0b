/**
 * The steps of one job, each a function over plain data so the local runner, the Lambdas and the
 * Batch container can run the same code: quantum solve, annealing fallback, exact reference.
 */
import type { PortfolioProblem } from '../portfolio/types';
import { countLotVectors, encodeLots, exactModelOptimum } from '../portfolio';
import { annealingSolver, exactSolver, qaoaSolver, solveExactly, vqeSolver } from '../solvers';
import { isPortfolioModel, modelOf } from '../solvers/model';
import { EXACT_MAX_LOT_VECTORS } from './weights-model';
import { plannedMethodOf, qaoaOptionsOf, vqeOptionsOf } from './method';
import type { SolveContext, SolveHints, SolverInput, SolverResult } from '../solvers/types';
import type { ExactSolution } from '../solvers/exact';
import type { JobSpec } from './spec';
import { checkLimits } from '../backends/guard';
import { BackendError, modelSettingsOf, openBackend, type BackendEnvironment, type BackendRequest, type OpenedBackend, type ReadoutCalibration } from '../backends';
import { QpoError } from '../contracts/errors';
import type { ExecutionPlan } from './plan';
import { enforcePlan, planForSpec, specForMode, type ModeSettings } from './plan-run';
import { trainReadoutErrorOf } from './train-noise';

/** Largest n for which the exact optimum is computed as the quality reference (about 0.1 s at 22). */
export const QUALITY_REFERENCE_MAX_ASSETS = 22;

/** The exact optimum and worst feasible value, with the optimal lots of a weighted model. */
export type QualityReference = ExactSolution & { readonly optimalLots?: readonly number[] };

/**
 * The exact optimum and worst feasible value, when the size allows: selection up to
 * QUALITY_REFERENCE_MAX_ASSETS assets, a weighted model up to EXACT_MAX_LOT_VECTORS lot vectors
 * (its `optimalSelection` is the bit vector encoding the optimal lots).
 */
export function exactReference(input: SolverInput): QualityReference | null {
  if (!isPortfolioModel(input)) return input.tickers.length <= QUALITY_REFERENCE_MAX_ASSETS ? solveExactly(input) : null;
  if (countLotVectors(input) > EXACT_MAX_LOT_VECTORS) return null;
  const o = exactModelOptimum(input, EXACT_MAX_LOT_VECTORS);
  return { optimalSelection: encodeLots(input, o.best.lots), optimum: o.best.objective, worstSelection: [], worstFeasible: o.worstObjective, feasibleCount: o.feasibleCount, optimalLots: o.best.lots };
}

/** The hints of a reference: the optimal bitstring, and the optimal lots of a weighted model. */
export function hintsOf(exact: QualityReference | null): SolveHints {
  if (!exact) return {};
  const bitstring = [...exact.optimalSelection].reverse().join('');
  return exact.optimalLots ? { optimalBitstring: bitstring, optimalLots: exact.optimalLots } : { optimalBitstring: bitstring };
}

/** What the quantum step ran on, for the ResultRecord and the metrics. */
export interface BackendReport {
  readonly name: string;
  readonly provider: 'local' | 'ibm' | 'braket';
  readonly kind: 'simulator' | 'hardware';
  readonly queueDepth: number;
  /** Seconds spent waiting in provider queues. */
  readonly queueWaitSeconds: number;
  /** Sampler requests answered. */
  readonly requests: number;
  /** Provider jobs (IBM) / tasks (Braket) created, calibration included (also when the run failed part-way). */
  readonly providerJobs: number;
  readonly estimatedCostBeforeRunUsd: number;
  /** What the backend actually used (also when the run failed part-way). */
  readonly shotsUsed: number;
  readonly estimatedCostUsd: number;
  readonly mitigation: ReadoutCalibration | null;
  /** The execution plan the run followed (provider backends), or null. */
  readonly plan: ExecutionPlan | null;
  /** Seconds from opening the backend to closing it. */
  readonly wallSeconds: number;
}

export interface QuantumStepOptions {
  /** Provider settings (IBM Quantum, Amazon Braket), read at the edge. */
  readonly backends?: BackendEnvironment;
  /** Called once the backend is released, after success or failure (usage of a failed run). */
  readonly onBackendReport?: (report: BackendReport) => void;
}

/** The backend request of a JobSpec (the quantum section, limits and fallback threshold). */
export function backendRequestOf(spec: JobSpec, seed: number, numQubits: number, maxStateBytes?: number): BackendRequest {
  const q = spec.quantum;
  const sel = q.selection;
  // Requests to the backend: the resolved optimizer's evaluations (one readout for the gradient method).
  const planned = plannedMethodOf(spec);
  return {
    backend: q.backend,
    numQubits,
    seed,
    optimizer: planned.optimizer,
    maxIterations: planned.samplerEvaluations,
    ...(q.maxEvaluations === undefined ? {} : { maxEvaluations: q.maxEvaluations }),
    ...(spec.fallback.maxQueueWaitSeconds === undefined ? {} : { maxQueueWaitSeconds: spec.fallback.maxQueueWaitSeconds }),
    limits: spec.limits,
    maxQueue: sel?.maxQueue ?? spec.fallback.queueThreshold,
    ...(q.shots === undefined ? {} : { shots: q.shots }),
    ...(maxStateBytes === undefined ? {} : { maxStateBytes }),
    ...(sel ? { selection: { ...(sel.weights ? { weights: sel.weights } : {}), ...(sel.minQubits === undefined ? {} : { minQubits: sel.minQubits }) } } : {}),
    ...(q.mitigation === undefined ? {} : { mitigation: q.mitigation }),
    ...(spec.jobId ? { jobId: spec.jobId } : {}),
  };
}

/**
 * Run the quantum path (VQE or QAOA) with the spec's settings on the backend `quantum.backend`
 * names (lib/backends), unless the context already brings a sampler. The result carries a
 * `backendReport`.
 */
export async function runQuantumStep(
  spec: JobSpec,
  seed: number,
  problem: SolverInput,
  context: SolveContext,
  hints: SolveHints,
  maxStateBytes?: number,
  options: QuantumStepOptions = {},
): Promise<SolverResult & { readonly backendReport?: BackendReport }> {
  if (context.sampler) return solveVariational(spec, seed, problem, context, hints, maxStateBytes);
  const env = options.backends ?? {};
  const t0 = performance.now();
  const backend: OpenedBackend = await openBackend({ ...backendRequestOf(spec, seed, modelOf(problem).numQubits, maxStateBytes), checkEstimate: false }, env, context.signal).catch((error: unknown) => {
    throw unavailableBeforeSubmission(error, context.signal);
  });
  let plan: ExecutionPlan | null = null;
  let succeeded = false;
  let result!: SolverResult;
  let costBeforeClose = 0;
  const report = (): BackendReport => ({
    name: backend.info.name,
    provider: backend.info.provider,
    kind: backend.info.kind,
    queueDepth: backend.info.queueDepth,
    queueWaitSeconds: backend.usage.queueSeconds,
    requests: backend.usage.requests,
    providerJobs: backend.usage.providerJobs,
    estimatedCostBeforeRunUsd: plan?.expectedCostUsd ?? backend.estimate.estimatedCostUsd,
    shotsUsed: backend.usage.shots,
    estimatedCostUsd: backend.usage.costUsd,
    mitigation: backend.mitigation(),
    plan,
    wallSeconds: (performance.now() - t0) / 1000,
  });
  try {
    let run = { spec, settings: {} as ModeSettings };
    if (backend.info.provider === 'local') {
      const e = backend.estimate;
      checkLimits({ shots: 0, costUsd: 0 }, { shots: e.totalShots, costUsd: e.estimatedCostUsd }, spec.limits, `the job (${e.requests} requests on ${backend.info.name})`);
    } else {
      // The plan decides before any provider job exists: the mode, or a refusal (lib/jobs/plan-run.ts).
      const settings = modelSettingsOf(env);
      plan = planForSpec(spec, problem, backend.facts, settings);
      enforcePlan(plan, spec);
      await checkQuota(backend, plan, settings.timeScale ?? 1, context.signal);
      run = specForMode(spec, plan.mode, plan);
      if (plan.mode === 'train-then-sample' && spec.quantum.trainNoise === 'readout') {
        run = { ...run, settings: { ...run.settings, trainReadoutError: await trainReadoutErrorOf(backend, spec, problem, context.signal) } };
      }
      if (backend.openSession && (plan.mode === 'session' || plan.mode === 'train-then-sample')) {
        // IBM closes it by itself after max_ttl provider seconds, whatever happens to this process.
        await backend.openSession(spec.quantum.timeoutSeconds / (settings.timeScale ?? 1) + 60, context.signal);
      }
    }
    result = await solveVariational(run.spec, seed, problem, { ...context, sampler: backend.sampler }, hints, maxStateBytes, run.settings);
    succeeded = true;
  } finally {
    costBeforeClose = backend.usage.costUsd;
    await backend.close(succeeded ? 'succeeded' : 'failed');
    options.onBackendReport?.(report());
  }
  // What closing added to the spend counts too (an IBM dedicated session is billed for its wall time).
  const closing = backend.usage.costUsd - costBeforeClose;
  return { ...result, estimatedCostUsd: (result.estimatedCostUsd ?? 0) + closing, backendReport: report() };
}

/**
 * Refuse the job before any provider job when the provider instance's usage limit is reached, or
 * when the plan's quantum seconds exceed what is left (IBM `GET /v1/usage`). A usage call that fails
 * leaves the decision to the provider (unknown is not exhausted).
 */
async function checkQuota(backend: OpenedBackend, plan: ExecutionPlan, timeScale: number, signal?: AbortSignal): Promise<void> {
  if (!backend.instanceUsage) return;
  const usage = await backend.instanceUsage(signal).catch(() => undefined);
  if (!usage) return;
  const limit = usage.usage_limit_seconds ?? null;
  const remaining = usage.usage_remaining_seconds ?? (limit === null ? null : Math.max(0, limit - usage.usage_consumed_seconds));
  const needed = plan.expectedExecutionSeconds / timeScale;
  if (usage.usage_limit_reached === true || (remaining !== null && remaining <= 0)) {
    throw new QpoError('QUOTA_EXCEEDED', `quota: the IBM Quantum instance has used ${usage.usage_consumed_seconds} of its ${limit ?? '?'} quantum seconds in this period; no job was submitted (qpo usage shows the period)`, { details: { ...usage } });
  }
  if (remaining !== null && needed > remaining) {
    throw new QpoError('QUOTA_EXCEEDED', `quota: the plan needs about ${Math.ceil(needed)} quantum seconds, more than the ${remaining} s left on the IBM Quantum instance in this period; no job was submitted`, { details: { ...usage, neededSeconds: needed } });
  }
}

/**
/**
 * A provider that cannot be opened (status, configuration, device: nothing submitted yet) is
 * unavailable to this job, whatever it answered: BACKEND_UNAVAILABLE with the provider's message.
 * User errors, a queue over the threshold, and the caller's abort pass unchanged.
 */
function unavailableBeforeSubmission(error: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted || !(error instanceof BackendError)) return error;
  if (error.kind === 'user' || error.code === 'BACKEND_UNAVAILABLE' || error.code === 'BACKEND_QUEUE_TOO_LONG') return error;
  return new BackendError('BACKEND_UNAVAILABLE', error.message, { cause: error, details: { ...(error.details ?? {}), code: error.code } });
}

/**
 * VQE or QAOA with the spec's settings on `context.sampler` (the arguments of runQuantumStep). With
 * `warmStart: annealing` the spec's annealing runs first (seeded like the run) and its answer is
 * the ansatz's initial basis state.
 */
async function solveVariational(
  spec: JobSpec,
  seed: number,
  problem: SolverInput,
  context: SolveContext,
  hints: SolveHints,
  maxStateBytes?: number,
  mode: ModeSettings = {},
): Promise<SolverResult> {
  const q = spec.quantum;
  const warm = q.warmStart === 'annealing' ? (await runAnnealingStep(spec, seed, problem, { ...(context.signal ? { signal: context.signal } : {}) }, {})).bitstring : undefined;
  const memory = { ...(maxStateBytes === undefined ? {} : { maxStateBytes }), ...mode };
  // A weighted model without a Hamming weight (binary lot encoding): a Qiskit ansatz, not givens.
  const ansatz = q.ansatz === undefined && isPortfolioModel(problem) && problem.hammingWeight === null ? { ansatz: 'realamplitudes' as const } : {};
  if (q.algorithm === 'qaoa') {
    return qaoaSolver.solve(problem, { ...qaoaOptionsOf(q, seed), ...memory, ...(warm === undefined ? {} : { warmStartBitstring: warm }) }, context, hints);
  }
  return vqeSolver.solve(
    problem,
    { ...vqeOptionsOf(q, seed), ...ansatz, ...memory, ...(warm === undefined ? {} : { warmStartBitstring: warm }) },
    context,
    hints,
  );
}

/** Run simulated annealing with the spec's fallback.annealing settings. */
export async function runAnnealingStep(
  spec: JobSpec,
  seed: number,
  problem: SolverInput,
  context: SolveContext,
  hints: SolveHints,
): Promise<SolverResult> {
  const a = spec.fallback.annealing;
  return annealingSolver.solve(
    problem,
    {
      numReads: a.numReads,
      numSweeps: a.numSweeps,
      betaSchedule: a.betaSchedule,
      seed: a.seed ?? seed,
      ...(a.betaRange ? { betaRange: a.betaRange } : {}),
      ...(a.timeLimitSeconds === undefined ? {} : { timeLimitSeconds: a.timeLimitSeconds }),
    },
    context,
    hints,
  );
}

/** Brute force as the answering solver (`solver: exact`). */
export function runExactStep(problem: SolverInput, context: SolveContext): Promise<SolverResult> {
  return exactSolver.solve(problem, {}, context);
}
