/**
 * `quantum.trainNoise: readout` (train-then-sample): the device's per-qubit readout error for the
 * job's circuit, which the local training then applies to its distributions
 * (lib/solvers/readout-noise.ts). Logical qubit i is measured on the physical qubit the transpiled
 * circuit leaves it on (IBM: physicalQubits[finalLayout[i]]). IBM Quantum serves the figures in its
 * backend properties; Amazon Braket documents none for gate-model devices in the contract qpo
 * follows, so a Braket device (and an IBM device without calibration data) is refused, naming the
 * field, before any provider job.
 */
import type { OpenedBackend } from '../backends';
import { InvalidSolverOptionError } from '../solvers/errors';
import { isPortfolioModel, modelOf } from '../solvers/model';
import type { ReadoutError } from '../solvers/readout-noise';
import type { SolverInput } from '../solvers/types';
import { plannedCircuitOf } from './method';
import type { JobSpec } from './spec';

/**
 * The readout error of the job's qubits on `backend`.
 * @throws InvalidSolverOptionError (quantum.trainNoise) when the device reports none
 */
export async function trainReadoutErrorOf(backend: OpenedBackend, spec: JobSpec, problem: SolverInput, signal?: AbortSignal): Promise<ReadoutError> {
  const refuse = (why: string) =>
    new InvalidSolverOptionError('quantum.trainNoise', `quantum.trainNoise: 'readout' needs the device's per-qubit readout error; ${why}. Use trainNoise 'none' (or an IBM Quantum device with calibration data)`);
  if (!backend.readoutError) throw refuse(`${backend.info.name} does not report one (qpo reads it from IBM Quantum's backend properties; Amazon Braket documents none for it)`);
  const n = modelOf(problem).numQubits;
  const circuit = isPortfolioModel(problem) ? undefined : plannedCircuitOf(spec, problem);
  const t = circuit && backend.transpiled ? backend.transpiled(circuit) : undefined;
  const physical = Array.from({ length: n }, (_, i) => (t ? t.physicalQubits[t.finalLayout[i]!]! : i));
  const error = await backend.readoutError(physical, signal);
  if ('missing' in error) throw refuse(error.missing);
  return error;
}
