/**
 * The dry-run plan of a job: what would run, with the circuit's size, and nothing run or written.
 */
import { circuitStats } from '../quantum';
import { buildAnsatz, buildQaoaCircuit } from '../solvers';
import { prepareJob, type DatasetReader, type PreparedJob } from './prepare';
import { parseJobSpec, type JobSpec } from './spec';
import { ansatzOptionsOf } from './steps';

export interface JobPlan {
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
  };
}

/** Validate and prepare a job and describe its plan. @throws the same errors as runJob's input checks. */
export async function planJob(input: unknown, readDataset: DatasetReader): Promise<JobPlan> {
  const spec = parseJobSpec(input);
  const prepared = await prepareJob(spec, readDataset);
  const n = prepared.problem.tickers.length;
  const path = spec.solver === 'exact' ? 'exact' : spec.solver === 'classical' ? 'classical' : spec.fallback.force ? 'fallback (forced)' : 'quantum';
  let circuit: JobPlan['circuit'] = null;
  if (path === 'quantum') {
    const q = spec.quantum;
    const c =
      q.algorithm === 'qaoa'
        ? buildQaoaCircuit(prepared.problem, q)
        : buildAnsatz(n, ansatzOptionsOf(q));
    const stats = circuitStats(c);
    circuit = {
      algorithm: q.algorithm,
      numQubits: n,
      numParameters: c.parameters.length,
      depth: stats.depth,
      gateCounts: stats.gateCounts,
      stateVectorBytes: 16 * 2 ** n,
    };
  }
  return { spec, data: prepared.data, tickers: prepared.problem.tickers, path, circuit };
}
