/**
 * Braket results (`braket.task_result.gate_model_task_result` v1, results.json in S3) into
 * canonical counts: `measurements[shot][i]` is the outcome of qubit `measuredQubits[i]`, so the
 * canonical basis index sets bit `measuredQubits[i]` (Braket prints bitstrings big-endian in
 * measuredQubits order; we normalize here, once). Program-set results
 * (`ProgramSetTaskResult.programResults[].executableResults[]`, shape unconfirmed) are read per
 * executable in `inputsIndex` order.
 */
import type { Distribution } from '../../quantum/ports';
import { BackendError } from '../errors';

interface GateModelResult {
  readonly measurements?: readonly (readonly number[])[];
  readonly measuredQubits?: readonly number[];
  readonly measurementProbabilities?: Readonly<Record<string, number>> | null;
  readonly taskMetadata?: { readonly shots?: number };
  readonly additionalMetadata?: { readonly simulatorMetadata?: { readonly executionDuration?: number } };
}

/** Counts of one gate-model result. @throws BackendError BACKEND_BAD_RESPONSE */
export function decodeMeasurements(result: GateModelResult): Distribution {
  const { measurements, measuredQubits } = result;
  if (!Array.isArray(measurements) || !Array.isArray(measuredQubits)) {
    throw new BackendError('BACKEND_BAD_RESPONSE', 'Braket result: measurements / measuredQubits are missing');
  }
  const counts = new Map<number, number>();
  for (const row of measurements) {
    if (row.length !== measuredQubits.length) throw new BackendError('BACKEND_BAD_RESPONSE', 'Braket result: a measurement row does not match measuredQubits');
    let k = 0;
    for (let i = 0; i < row.length; i++) if (row[i] === 1) k |= 1 << measuredQubits[i]!;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return { kind: 'counts', counts, shots: measurements.length };
}

/** Simulator run time in seconds from `additionalMetadata.simulatorMetadata.executionDuration` (ms), if given. */
export function simulatedSecondsOf(result: GateModelResult): number | undefined {
  const ms = result.additionalMetadata?.simulatorMetadata?.executionDuration;
  return typeof ms === 'number' ? ms / 1000 : undefined;
}

/** Distributions of a program-set result, one per executable in inputsIndex order. */
export function decodeProgramSet(result: unknown, executables: number): Distribution[] {
  const programs = (result as { programResults?: { executableResults?: (GateModelResult & { inputsIndex?: number })[] }[] })?.programResults;
  const execs = programs?.[0]?.executableResults;
  if (!Array.isArray(execs) || execs.length !== executables) {
    throw new BackendError('BACKEND_BAD_RESPONSE', `Braket program-set result: expected ${executables} executable results`);
  }
  return [...execs].sort((a, b) => (a.inputsIndex ?? 0) - (b.inputsIndex ?? 0)).map(decodeMeasurements);
}
