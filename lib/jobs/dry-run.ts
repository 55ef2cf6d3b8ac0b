/**
 * The dry run of a job (`qpo optimize --dry-run`): what would run, with the circuit's size and the
 * backend's estimate, and nothing run or written. ("Plan" is kept for the execution plan of a run
 * on a provider: jobs, shots, queue and wall time, cost.)
 */
import { circuitStats } from '../quantum';
import { prepareJob, type DatasetReader, type PreparedJob } from './prepare';
import { parseJobSpec, type JobSpec } from './spec';
import { backendRequestOf } from './steps';
import { plannedCircuitOf, plannedMethodOf, type PlannedMethod } from './method';
import { openBackend, type BackendEnvironment, type JobEstimate, type BackendInfo } from '../backends';
import { describeError } from './errors';

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
}

/** Validate and prepare a job and describe what it would run. @throws the same input errors as a job run (JobValidationError, PortfolioError, ...). */
export async function dryRunJob(input: unknown, readDataset: DatasetReader, backends: BackendEnvironment = {}): Promise<DryRunReport> {
  const spec = parseJobSpec(input);
  const prepared = await prepareJob(spec, readDataset);
  const n = prepared.problem.tickers.length;
  const path = spec.solver === 'exact' ? 'exact' : spec.solver === 'classical' ? 'classical' : spec.fallback.force ? 'fallback (forced)' : 'quantum';
  let circuit: DryRunReport['circuit'] = null;
  let backend: DryRunReport['backend'] = null;
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
    backend = await planBackend(spec, n, c, backends);
  }
  return { spec, data: prepared.data, tickers: prepared.problem.tickers, path, circuit, backend };
}

/**
 * Open the backend read-only (status, queue, configuration; nothing is submitted), transpile the
 * circuit where the device needs it and estimate the job. User errors (limits exceeded, unknown
 * backend) are thrown; provider trouble is reported in `problem`, as the run would fall back.
 */
async function planBackend(spec: JobSpec, n: number, circuit: Parameters<typeof circuitStats>[0], backends: BackendEnvironment): Promise<DryRunReport['backend']> {
  let opened;
  try {
    opened = await openBackend(backendRequestOf(spec, spec.quantum.seed ?? 0, n), backends);
  } catch (error) {
    if (describeError(error).userError) throw error;
    return { info: null, problem: describeError(error).body.message, transpiled: null, estimate: null, ranking: null };
  }
  try {
    const t = opened.transpiled?.(circuit);
    return {
      info: opened.info,
      problem: null,
      transpiled: t ? { depth: t.stats.depth, gateCounts: t.stats.gateCounts, swaps: t.swaps, physicalQubits: t.physicalQubits } : null,
      estimate: opened.estimate,
      ranking: opened.ranking?.map((r) => ({ name: r.info.name, score: Number(r.score.toFixed(4)), estimatedCostUsd: r.estimatedCostUsd })) ?? null,
    };
  } finally {
    await opened.close();
  }
}
