/**
 * The workload of a JobSpec's quantum path for planning (lib/jobs/plan.ts): the method the
 * per-evaluation mode runs on a device, its evaluations, CVaR stages, shots, the readout and the
 * calibration, and whether train-then-sample can run it. Pure: the number of circuit parameters
 * comes from the caller (plannedCircuitOf on the prepared problem).
 */
import { resolveQaoa, resolveVqe } from '../solvers';
import { DEFAULT_FINAL_SHOTS } from '../solvers/readout';
import type { OptimizerName } from '../solvers/optimizers/types';
import { qaoaOptionsOf, vqeOptionsOf } from './method';
import { BATCHED_POPULATION_SIZE, type Workload } from './plan';
import type { JobSpec } from './spec';

/** Shots per calibration circuit of readout mitigation (lib/backends factory's default). */
export const CALIBRATION_SHOTS = 1000;
/** Shots per evaluation on a device when the spec gives none (the variational loop's default). */
export const DEVICE_DEFAULT_SHOTS = DEFAULT_FINAL_SHOTS;

/** Why train-then-sample cannot train this spec locally, or null. */
export function trainLocallyProblemOf(spec: JobSpec): string | null {
  const q = spec.quantum;
  const train = { ...q, shots: undefined, optimizer: q.optimizer === 'lbfgs' ? q.optimizer : undefined };
  try {
    const method = q.algorithm === 'qaoa' ? resolveQaoa(qaoaOptionsOf(train, 0), { exactState: true }).method : resolveVqe(vqeOptionsOf(train, 0), { exactState: true }).method;
    return method === 'subspace-gradient' ? null : `train-then-sample trains with exact gradients, which qpo has for the givens ansatz (VQE) and the XY-mixer QAOA, not for ${q.algorithm === 'qaoa' ? 'the X mixer' : `the ${q.ansatz} ansatz`}`;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The workload of `spec` with a circuit of `numParameters` parameters on `numQubits` qubits. */
export function workloadOf(spec: JobSpec, numQubits: number, numParameters: number): Workload {
  const q = spec.quantum;
  // What runs on a device: the sampler path (no exact state there).
  const device = q.algorithm === 'qaoa' ? resolveQaoa(qaoaOptionsOf(q, 0), { exactState: false }) : undefined;
  const vqe = q.algorithm === 'vqe' ? resolveVqe(vqeOptionsOf(q, 0), { exactState: false }) : undefined;
  const optimizer = (device ? device.optimizer : vqe!.method === 'sampler' ? vqe!.options.optimizer : 'cobyla') as OptimizerName;
  const maxIterations = device ? device.maxIterations : vqe!.method === 'sampler' ? vqe!.options.maxIterations : 300;
  const stages = device ? device.schedule.alphas.length : vqe!.method === 'sampler' ? (vqe!.options.cvarSchedule?.alphas.length ?? 1) : 1;
  const shots = q.shots ?? DEVICE_DEFAULT_SHOTS;
  return {
    algorithm: q.algorithm,
    numQubits,
    numParameters,
    optimizer,
    optimizerGiven: q.optimizer !== undefined,
    maxIterations,
    ...(q.maxEvaluations === undefined ? {} : { maxEvaluations: q.maxEvaluations }),
    stages,
    populationSize: q.populationSize ?? BATCHED_POPULATION_SIZE,
    populationGiven: q.populationSize !== undefined,
    refineIterations: q.refineIterations,
    shots,
    finalShots: shots,
    calibrationShots: q.mitigation === false ? null : CALIBRATION_SHOTS,
    trainLocallyProblem: trainLocallyProblemOf(spec),
  };
}
