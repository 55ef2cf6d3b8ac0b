/**
 * Preflight: every check of a JobSpec that would otherwise fail only once its step runs (the ansatz,
 * the initial point, the backend name, the QAOA circuit), done before any work so that a mistake is
 * a user error (exit code 2, HTTP 400, InputRejected) and never a fallback reason or an INTERNAL.
 * The same code builds what the solvers build: the ansatz of lib/solvers buildAnsatz and the QAOA
 * circuit of buildQaoaCircuit.
 */
import { isErrorCode, QpoError } from '../contracts/errors';
import { describeError, JobValidationError } from './errors';
import { ansatzOptionsOf } from './steps';
import type { JobSpec } from './spec';
import { buildAnsatz, buildQaoaCircuit } from '../solvers';
import { parseBackendRef } from '../backends/providers';
import type { PortfolioProblem } from '../portfolio/types';

/**
 * Check the parts of `spec` that the solvers and backends would reject late. With `problem` (after
 * the data is read) the QAOA circuit is built too; without it (the API, before starting a job) the
 * number of assets is the number of tickers.
 * @throws JobValidationError (or the catalogued user error) with the JobSpec path of the field.
 */
export function preflightJob(spec: JobSpec & { budget: number }, problem?: PortfolioProblem): void {
  const q = spec.quantum;
  const n = problem?.tickers.length ?? spec.portfolio.tickers.length;
  asUserError(() => parseBackendRef(q.backend), 'quantum.backend');
  let parameters: number | undefined;
  if (q.algorithm === 'vqe') parameters = asUserError(() => buildAnsatz(n, ansatzOptionsOf(q)), 'quantum').parameters.length;
  else if (problem) parameters = asUserError(() => buildQaoaCircuit(problem, q), 'quantum').parameters.length;
  if (parameters !== undefined && q.initialPoint && q.initialPoint.length !== parameters) {
    const circuit = q.algorithm === 'qaoa' ? `QAOA circuit (p = ${q.reps})` : `${q.ansatz} ansatz (reps ${q.reps})`;
    throw new JobValidationError(
      `quantum.initialPoint: has ${q.initialPoint.length} values; the ${circuit} on ${n} qubits has ${parameters} parameters`,
      'quantum.initialPoint',
      { length: q.initialPoint.length, parameters },
    );
  }
}

/** Run `build`; a user error keeps its code with its path under `section` (e.g. quantum.rotationBlocks[0]). */
function asUserError<T>(build: () => T, section: string): T {
  try {
    return build();
  } catch (error) {
    const d = describeError(error);
    if (!d.userError) throw error;
    const path = d.body.path && !d.body.path.startsWith(`${section}.`) && d.body.path !== section ? `${section}.${d.body.path}` : (d.body.path ?? section);
    const message = d.body.message.startsWith(`${d.body.path}:`) ? `${path}:${d.body.message.slice(d.body.path!.length + 1)}` : d.body.message;
    throw new QpoError(isErrorCode(d.body.code) ? d.body.code : 'INVALID_INPUT', message, { path, details: d.body.details, cause: error });
  }
}
