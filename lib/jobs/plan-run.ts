/**
 * The execution plan where a job runs: the plan of a spec on a device (planForSpec, shared by the
 * dry run, CheckCapacity and the quantum step), the check that refuses a plan before any provider
 * job (enforcePlan), the spec a mode runs (specForMode) and the record of plan against what happened
 * (executionRecordOf).
 */
import { checkLimits } from '../backends/guard';
import type { DeviceFacts, ModelSettings } from '../backends/plan-model';
import { QpoError } from '../contracts/errors';
import { isPortfolioModel, modelOf } from '../solvers/model';
import type { SolverInput } from '../solvers/types';
import { DEFAULT_FINAL_SHOTS } from '../solvers/readout';
import { plannedCircuitOf } from './method';
import { BATCHED_POPULATION_SIZE, planExecution, planSummary, type ExecutionMode, type ExecutionPlan, type ModePlan } from './plan';
import { DEVICE_DEFAULT_SHOTS, workloadOf } from './plan-workload';
import type { DeviceRefinement } from '../solvers/refine';
import type { ReadoutError } from '../solvers/readout-noise';
import type { VariationalReport } from '../solvers/types';
import type { ExecutionRecord } from './result';
import type { JobSpec } from './spec';

/** The plan of `spec` on the device `facts` describes (the budget and limits are the spec's). */
export function planForSpec(spec: JobSpec, problem: SolverInput, facts: DeviceFacts, settings: ModelSettings = {}): ExecutionPlan {
  // A weighted model's circuit is built by the solver; its parameter count is only informative here.
  const workload = isPortfolioModel(problem)
    ? workloadOf(spec, modelOf(problem).numQubits, 0)
    : workloadOf(spec, problem.tickers.length, plannedCircuitOf(spec, problem).parameters.length);
  return planWorkload(spec, workload, facts, settings);
}

/** The plan of a workload computed earlier (JobState.workload) with the spec's budget and mode. */
export function planWorkload(spec: JobSpec, workload: ReturnType<typeof workloadOf>, facts: DeviceFacts, settings: ModelSettings = {}): ExecutionPlan {
  return planExecution(
    workload,
    facts,
    {
      timeoutSeconds: spec.quantum.timeoutSeconds,
      ...(spec.limits.maxShots === undefined ? {} : { maxShots: spec.limits.maxShots }),
      ...(spec.limits.maxCostUsd === undefined ? {} : { maxCostUsd: spec.limits.maxCostUsd }),
    },
    spec.quantum.executionMode,
    settings,
  );
}

const consideredModes = (plan: ExecutionPlan): readonly ModePlan[] => (plan.requestedMode === 'auto' ? plan.candidates.filter((c) => !c.exceeds.unavailable) : [plan]);

/**
 * Why a plan is refused: null (it fits), `limits` (no mode considered keeps within limits.maxShots /
 * limits.maxCostUsd: the user's error) or `budget` (the time budget: the fallback's
 * `plan-exceeds-budget`).
 */
export function planRefusal(plan: ExecutionPlan): 'limits' | 'budget' | null {
  if (plan.fits) return null;
  const considered = consideredModes(plan);
  return considered.length > 0 && considered.every((c) => c.exceeds.shots || c.exceeds.cost) ? 'limits' : 'budget';
}

/**
 * Refuse a plan that does not fit, before any provider job exists:
 * - when no mode (the requested one, or for `auto` any mode that can run here) keeps within
 *   limits.maxShots / limits.maxCostUsd: the user's limit error (SHOT_LIMIT_EXCEEDED /
 *   COST_LIMIT_EXCEEDED, exit code 2), as a run over its limits always was;
 * - otherwise (the time budget): PLAN_EXCEEDS_BUDGET, whose fallback reason is `plan-exceeds-budget`.
 */
export function enforcePlan(plan: ExecutionPlan, spec: JobSpec): void {
  const refusal = planRefusal(plan);
  if (refusal === null) return;
  if (refusal === 'limits') {
    const considered = consideredModes(plan);
    const cheapest = [...considered].sort((a, b) => a.expectedCostUsd - b.expectedCostUsd)[0]!;
    const what = `the job (${cheapest.mode} on ${plan.backend}: ${cheapest.providerJobs} provider jobs)`;
    checkLimits({ shots: 0, costUsd: 0 }, { shots: cheapest.shots, costUsd: cheapest.expectedCostUsd }, spec.limits, what);
  }
  throw new QpoError('PLAN_EXCEEDS_BUDGET', `plan-exceeds-budget: ${plan.reason}; nothing was submitted (${planSummary(plan)})`, {
    details: { mode: plan.mode, expectedWallSeconds: plan.expectedWallSeconds, budgetSeconds: plan.budgetSeconds },
  });
}

/** Solver settings a mode adds to the spec's (steps.ts passes them to the VQE / QAOA solver). */
export interface ModeSettings {
  readonly trainLocally?: boolean;
  readonly finalShots?: number;
  readonly populationSize?: number;
  /** Train-then-sample with quantum.refineIterations: the generations on the device after training. */
  readonly refine?: DeviceRefinement;
  /** Train-then-sample with quantum.trainNoise readout: the device's readout error (train-noise.ts). */
  readonly trainReadoutError?: ReadoutError;
}

/**
 * The spec a mode runs and the solver settings it adds: batched and session take CMA-ES (unless the
 * spec names an optimizer) with the spec's, else the plan's, `populationSize` sets per request; train-then-sample drops the
 * device's shots and optimizer from training (exact gradients locally), refines on the device for
 * quantum.refineIterations generations of `populationSize` sets, and reads out with the spec's
 * shots on the device.
 */
export function specForMode(spec: JobSpec, mode: ExecutionMode, plan?: Pick<ModePlan, 'populationSize'>): { spec: JobSpec; settings: ModeSettings } {
  const q = spec.quantum;
  if (mode === 'batched' || mode === 'session') {
    return { spec: { ...spec, quantum: { ...q, optimizer: q.optimizer ?? 'cmaes' } }, settings: { populationSize: q.populationSize ?? plan?.populationSize ?? BATCHED_POPULATION_SIZE } };
  }
  if (mode === 'train-then-sample') {
    const { shots, optimizer, ...rest } = q;
    const refine = q.refineIterations > 0 ? { refine: { iterations: q.refineIterations, populationSize: q.populationSize ?? BATCHED_POPULATION_SIZE, shots: shots ?? DEVICE_DEFAULT_SHOTS } } : {};
    return {
      spec: { ...spec, quantum: { ...rest, ...(optimizer === 'lbfgs' ? { optimizer } : {}) } },
      settings: { trainLocally: true, finalShots: shots ?? DEFAULT_FINAL_SHOTS, ...refine },
    };
  }
  return { spec, settings: {} };
}

/**
 * Where the objective was evaluated in a run of `mode`: on the device (parameter sets sent there, the
 * readout included) and on the local simulator (train-then-sample's training evaluations).
 */
export function evaluationsRan(mode: ExecutionMode, variational: Pick<VariationalReport, 'evaluations' | 'refinement'> | undefined): { device: number; local: number } {
  if (!variational) return { device: 0, local: 0 };
  if (mode === 'train-then-sample') return { device: (variational.refinement?.evaluations ?? 0) + 1, local: variational.evaluations };
  return { device: variational.evaluations + 1, local: 0 };
}

/** The plan next to what happened, for the ResultRecord. */
export function executionRecordOf(plan: ExecutionPlan, actual: ExecutionRecord['actual']): ExecutionRecord {
  return {
    mode: plan.mode,
    requestedMode: plan.requestedMode,
    reason: plan.reason,
    plan: {
      providerJobs: plan.providerJobs,
      circuits: plan.circuits,
      shots: plan.shots,
      expectedQueueSeconds: plan.expectedQueueSeconds,
      expectedExecutionSeconds: plan.expectedExecutionSeconds,
      expectedWallSeconds: plan.expectedWallSeconds,
      expectedCostUsd: plan.expectedCostUsd,
      fits: plan.fits,
      ...(plan.populationSize === undefined ? {} : { populationSize: plan.populationSize }),
    },
    actual,
    evaluations: plan.evaluations,
    planError: plan.expectedWallSeconds > 0 ? Number((actual.wallSeconds / plan.expectedWallSeconds).toFixed(3)) : null,
  };
}
