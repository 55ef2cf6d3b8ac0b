/**
 * The variational method a JobSpec runs: the spec's quantum section mapped onto solver options (only
 * the fields it sets; the solvers' `resolveVqe` / `resolveQaoa` fill the rest from what the backend
 * offers), and the resolved method for plans, estimates and the CLI.
 */
import type { GateName } from '../quantum/circuit';
import type { Circuit } from '../quantum/circuit';
import type { PortfolioProblem } from '../portfolio/types';
import {
  buildQaoaCircuit,
  buildVqeCircuit,
  cvarScheduleOf,
  GIVENS_VQE_DEFAULTS,
  QAOA_DEFAULTS,
  resolveQaoa,
  resolveVqe,
  type CvarSchedule,
  type QaoaOptions,
  type ResolvedVqe,
  type VqeOptions,
} from '../solvers';
import type { JobSpec } from './spec';

/** The settings VQE and QAOA share, only those the spec sets (optimizer, budget, shots, CVaR, starts, precision). */
function sharedOptionsOf(q: JobSpec['quantum']) {
  return {
    ...(q.optimizer === undefined ? {} : { optimizer: q.optimizer }),
    ...(q.maxIterations === undefined ? {} : { maxIterations: q.maxIterations }),
    ...(q.shots === undefined ? {} : { shots: q.shots }),
    ...(q.cvarAlpha === undefined ? {} : { cvarAlpha: q.cvarAlpha }),
    ...(q.cvarSchedule === undefined ? {} : { cvarSchedule: cvarScheduleOf(q.cvarSchedule, q.cvarAlpha) }),
    ...(q.restarts === undefined ? {} : { restarts: q.restarts }),
    ...(q.tolerance === undefined ? {} : { tolerance: q.tolerance }),
    ...(q.maxEvaluations === undefined ? {} : { maxEvaluations: q.maxEvaluations }),
    ...(q.initialPoint === undefined ? {} : { initialPoint: q.initialPoint }),
    ...(q.precision === undefined ? {} : { precision: q.precision }),
  };
}

/**
 * A second multi-start start may begin after the start budget when it is predicted to end within
 * this share of the quantum path's budget (a 24-asset start takes 2-5 minutes on 2 cores: the
 * 120 s start budget alone leaves its minimum unconfirmed).
 */
export const CONFIRM_BUDGET_SHARE = 0.6;

/**
 * The VQE options a JobSpec's quantum section sets (only those: the solver's `resolveVqe` fills the
 * rest from what the backend offers). The multi-start time budget is at most 40 % of the quantum
 * path's budget (`quantum.timeoutSeconds`), so the final readout and the record fit in it.
 */
export function vqeOptionsOf(q: JobSpec['quantum'], seed: number): Partial<VqeOptions> {
  return {
    seed,
    ...(q.ansatz === undefined ? {} : { ansatz: q.ansatz }),
    ...(q.reps === undefined ? {} : { reps: q.reps }),
    ...(q.entanglement === undefined ? {} : { entanglement: q.entanglement }),
    ...(q.rotationBlocks ? { rotationBlocks: q.rotationBlocks as GateName[] } : {}),
    ...(q.entanglementBlocks ? { entanglementBlocks: q.entanglementBlocks as GateName[] } : {}),
    ...(q.initialState === undefined ? {} : { initialState: q.initialState }),
    ...sharedOptionsOf(q),
    timeBudgetSeconds: Math.min(GIVENS_VQE_DEFAULTS.timeBudgetSeconds, 0.4 * q.timeoutSeconds),
    confirmBudgetSeconds: CONFIRM_BUDGET_SHARE * q.timeoutSeconds,
  };
}

/** Whether the spec's backend gives the solver exact states (the local simulator without shots). */
export function exactStateOf(spec: JobSpec): boolean {
  return spec.quantum.backend === 'local' && spec.quantum.shots === undefined;
}

/** The VQE method and settings a spec runs (for plans and estimates; the solver resolves the same). */
export function resolvedVqeOf(spec: JobSpec): ResolvedVqe {
  return resolveVqe(vqeOptionsOf(spec.quantum, spec.quantum.seed ?? 0), { exactState: exactStateOf(spec) });
}

/** The QAOA options a JobSpec's quantum section sets (the solver's `resolveQaoa` fills the rest). */
export function qaoaOptionsOf(q: JobSpec['quantum'], seed: number): Partial<QaoaOptions> {
  return {
    seed,
    ...(q.reps === undefined ? {} : { reps: q.reps }),
    ...(q.mixer === undefined ? {} : { mixer: q.mixer }),
    ...(q.initialState === undefined ? {} : { initialState: q.initialState }),
    ...sharedOptionsOf(q),
    timeBudgetSeconds: Math.min(QAOA_DEFAULTS.timeBudgetSeconds, 0.4 * q.timeoutSeconds),
    confirmBudgetSeconds: CONFIRM_BUDGET_SHARE * q.timeoutSeconds,
  };
}

/** The resolved method of a spec, as plans and records show it. */
export interface PlannedMethod {
  readonly algorithm: 'vqe' | 'qaoa';
  /** `subspace-gradient` (exact gradients, local simulator) or `sampler` (measured objective). */
  readonly method: 'subspace-gradient' | 'sampler';
  readonly ansatz: string;
  readonly reps: number;
  readonly entanglement: string | null;
  readonly mixer: 'x' | 'xy' | null;
  readonly initialState: string;
  readonly optimizer: string;
  /** Evaluations (all starts together for subspace-gradient) or SPSA iterations. */
  readonly maxIterations: number;
  readonly restarts: number;
  readonly cvarSchedule: CvarSchedule;
  readonly warmStart: 'none' | 'annealing';
  /** Objective evaluations that go through the Sampler (0 for subspace-gradient: only the readout). */
  readonly samplerEvaluations: number;
}

/** The method a spec runs (the solvers resolve the same). */
export function plannedMethodOf(spec: JobSpec): PlannedMethod {
  const q = spec.quantum;
  const warmStart = q.warmStart ?? 'none';
  if (q.algorithm === 'qaoa') {
    const r = resolveQaoa(qaoaOptionsOf(q, 0), { exactState: exactStateOf(spec) });
    return {
      algorithm: 'qaoa',
      method: r.method,
      ansatz: r.mixer === 'xy' ? 'qaoa-xy' : 'qaoa',
      reps: r.reps,
      entanglement: null,
      mixer: r.mixer,
      initialState: warmStart === 'annealing' && r.mixer === 'xy' ? 'annealing answer' : r.initialState === 'plus' ? '|+>' : r.initialState,
      optimizer: r.optimizer,
      maxIterations: r.maxIterations,
      restarts: r.restarts,
      cvarSchedule: r.schedule,
      warmStart,
      samplerEvaluations: r.method === 'sampler' ? r.maxIterations : 0,
    };
  }
  const r = resolvedVqeOf(spec);
  if (r.method === 'subspace-gradient') {
    const s = r.settings;
    return {
      algorithm: 'vqe',
      method: r.method,
      ansatz: 'givens',
      reps: s.layers,
      entanglement: null,
      mixer: null,
      initialState: warmStart === 'annealing' ? 'annealing answer' : s.initialState,
      optimizer: 'lbfgs',
      maxIterations: s.maxEvaluations,
      restarts: s.maxRestarts,
      cvarSchedule: s.schedule,
      warmStart,
      samplerEvaluations: 0,
    };
  }
  const o = r.options;
  return {
    algorithm: 'vqe',
    method: 'sampler',
    ansatz: o.ansatz,
    reps: o.reps,
    entanglement: o.ansatz === 'givens' ? null : String(o.entanglement),
    mixer: null,
    initialState: o.ansatz === 'givens' ? (warmStart === 'annealing' ? 'annealing answer' : (o.initialState ?? 'basis')) : '|0>',
    optimizer: o.optimizer,
    maxIterations: o.maxIterations,
    restarts: 1,
    cvarSchedule: o.cvarSchedule ?? { kind: 'fixed', alphas: [o.cvarAlpha] },
    warmStart,
    samplerEvaluations: o.maxIterations,
  };
}

/** The circuit a spec's quantum path runs on `problem` (before a warm start picks its basis state). */
export function plannedCircuitOf(spec: JobSpec, problem: PortfolioProblem): Circuit {
  const q = spec.quantum;
  if (q.algorithm === 'qaoa') return buildQaoaCircuit(problem, resolveQaoa(qaoaOptionsOf(q, 0), { exactState: exactStateOf(spec) }));
  const r = resolvedVqeOf(spec);
  if (r.method === 'subspace-gradient') return buildVqeCircuit(problem, { ansatz: 'givens', reps: r.settings.layers, entanglement: 'linear', initialState: r.settings.initialState });
  return buildVqeCircuit(problem, r.options);
}
