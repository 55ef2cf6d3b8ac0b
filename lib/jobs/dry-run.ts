/**
 * The dry run of a job (`qpo optimize --dry-run`): what would run, with the circuit's size and the
 * backend's estimate, and nothing run or written; on a provider, the execution plan (`plan`:
 * lib/jobs/plan.ts, the same function CheckCapacity and the quantum step call): mode, provider jobs,
 * circuits, shots, expected queue / execution / wall seconds, cost, whether it fits and why not.
 */
import { circuitStats } from '../quantum';
import { prepareJob, type DatasetReader, type PreparedJob } from './prepare';
import { parseJobSpec, type JobSpec } from './spec';
import { backendRequestOf } from './steps';
import { plannedCircuitOf, plannedMethodOf, type PlannedMethod } from './method';
import { modelSettingsOf, openBackend, type BackendEnvironment, type JobEstimate, type BackendInfo } from '../backends';
import type { ExecutionPlan } from './plan';
import { enforcePlan, planForSpec, planRefusal } from './plan-run';
import type { PortfolioProblem } from '../portfolio/types';
import { describeError } from './errors';
import { preflightJob } from './preflight';

export interface DryRunReport {
  readonly spec: JobSpec & { budget: number };
  readonly data: PreparedJob['data'];
  readonly tickers: readonly string[];
  readonly path: 'quantum' | 'classical' | 'exact' | 'fallback (forced)';
  readonly circuit: null | {
    readonly algorithm: 'vqe' | 'qaoa';
    readonly numQubits: number;
    readonly numParameters: number;
    readonly depth: number;
    readonly gateCounts: Readonly<Record<string, number>>;
    /** Bytes of one complex128 state vector: 16 * 2^n. */
    readonly stateVectorBytes: number;
    /** The resolved method: ansatz, optimizer, CVaR schedule, starts, warm start. */
    readonly method: PlannedMethod;
  };
  /** The backend the quantum path would use, what it would run and cost (null off the quantum path). */
  readonly backend: null | {
    readonly info: BackendInfo | null;
    /** Why the backend cannot take the job (unavailable, queue too deep, ...), when it cannot. */
    readonly problem: string | null;
    /** The circuit as the device runs it (IBM: transpiled ISA circuit on physical qubits). */
    readonly transpiled: null | {
      readonly depth: number;
      readonly gateCounts: Readonly<Record<string, number>>;
      readonly swaps: number;
      readonly physicalQubits: readonly number[];
    };
    readonly estimate: JobEstimate | null;
    /** `auto`: the ranked candidates. */
    readonly ranking: readonly { readonly name: string; readonly score: number; readonly estimatedCostUsd: number }[] | null;
  };
  /** The execution plan on a provider (null locally, off the quantum path, or when the backend cannot be opened). */
  readonly plan: ExecutionPlan | null;
}

/** Validate and prepare a job and describe what it would run. @throws the same input errors as a job run (JobValidationError, PortfolioError, ...). */
export async function dryRunJob(input: unknown, readDataset: DatasetReader, backends: BackendEnvironment = {}): Promise<DryRunReport> {
  const spec = parseJobSpec(input);
  const prepared = await prepareJob(spec, readDataset);
  preflightJob(spec, prepared.problem);
  const n = prepared.problem.tickers.length;
  const path = spec.solver === 'exact' ? 'exact' : spec.solver === 'classical' ? 'classical' : spec.fallback.force ? 'fallback (forced)' : 'quantum';
  let circuit: DryRunReport['circuit'] = null;
  let backend: DryRunReport['backend'] = null;
  let plan: ExecutionPlan | null = null;
  if (path === 'quantum') {
    const q = spec.quantum;
    const c = plannedCircuitOf(spec, prepared.problem);
    const stats = circuitStats(c);
    circuit = {
      algorithm: q.algorithm,
      numQubits: n,
      numParameters: c.parameters.length,
      depth: stats.depth,
      gateCounts: stats.gateCounts,
      stateVectorBytes: 16 * 2 ** n,
      method: plannedMethodOf(spec),
    };
    ({ backend, plan } = await planBackend(spec, prepared.problem, c, backends));
  }
  return { spec, data: prepared.data, tickers: prepared.problem.tickers, path, circuit, backend, plan };
}

/**
 * Open the backend read-only (status, queue, configuration; nothing is submitted), transpile the
 * circuit where the device needs it and estimate the job. User errors (limits exceeded, unknown
 * backend) are thrown; provider trouble is reported in `problem`, as the run would fall back.
 */
async function planBackend(spec: JobSpec, problem: PortfolioProblem, circuit: Parameters<typeof circuitStats>[0], backends: BackendEnvironment): Promise<Pick<DryRunReport, 'backend' | 'plan'>> {
  let opened;
  const n = problem.tickers.length;
  const local = spec.quantum.backend === 'local';
  try {
    opened = await openBackend({ ...backendRequestOf(spec, spec.quantum.seed ?? 0, n), checkEstimate: local }, backends);
  } catch (error) {
    if (describeError(error).userError) throw error;
    return { backend: { info: null, problem: describeError(error).body.message, transpiled: null, estimate: null, ranking: null }, plan: null };
  }
  try {
    let plan: ExecutionPlan | null = null;
    if (opened.info.provider !== 'local') {
      plan = planForSpec(spec, problem, opened.facts, modelSettingsOf(backends));
      // Over the user's limits in every mode: refused as the run would refuse it (exit code 2).
      if (planRefusal(plan) === 'limits') enforcePlan(plan, spec);
    }
    const t = opened.transpiled?.(circuit);
    return { plan, backend: {
      info: opened.info,
      problem: null,
      transpiled: t ? { depth: t.stats.depth, gateCounts: t.stats.gateCounts, swaps: t.swaps, physicalQubits: t.physicalQubits } : null,
      estimate: opened.estimate,
      ranking: opened.ranking?.map((r) => ({ name: r.info.name, score: Number(r.score.toFixed(4)), estimatedCostUsd: r.estimatedCostUsd })) ?? null,
    } };
  } finally {
    await opened.close();
  }
}
