/**
 * Preflight: every check of a JobSpec that would otherwise fail only once its step runs (the ansatz,
 * the initial point, the backend name, the QAOA circuit), done before any work so that a mistake is
 * a user error (exit code 2, HTTP 400, InputRejected) and never a fallback reason or an INTERNAL.
 * The circuit is the one the solvers run (lib/jobs/method.ts plannedCircuitOf).
 */
import { isErrorCode, QpoError } from '../contracts/errors';
import { describeError, JobValidationError } from './errors';
import { plannedCircuitOf, plannedMethodOf } from './method';
import type { JobSpec } from './spec';
import { parseBackendRef } from '../backends/providers';
import type { PortfolioProblem } from '../portfolio/types';
import { createProblem } from '../portfolio/problem';

/** A problem with the spec's tickers and budget (mu 0, Sigma the identity), or null when they do not make one. */
function standIn(spec: JobSpec & { budget: number }): PortfolioProblem | null {
  const n = spec.portfolio.tickers.length;
  try {
    return createProblem({
      tickers: spec.portfolio.tickers,
      mu: new Array<number>(n).fill(0),
      sigma: Array.from({ length: n }, (_, i) => Array.from({ length: n }, (__, j) => (i === j ? 1 : 0))),
      riskFactor: spec.riskFactor,
      budget: spec.budget,
    });
  } catch {
    return null;
  }
}

/**
 * Check the parts of `spec` that the solvers and backends would reject late: the backend name, the
 * method, and the circuit with the initial point measured against it. Without `problem` (the API
 * before a job starts) the circuit is built for a stand-in problem of the same size.
 * @throws JobValidationError (or the catalogued user error) with the JobSpec path of the field.
 */
export function preflightJob(spec: JobSpec & { budget: number }, problem?: PortfolioProblem): void {
  const q = spec.quantum;
  asUserError(() => parseBackendRef(q.backend), 'quantum.backend');
  const method = asUserError(() => plannedMethodOf(spec), 'quantum');
  // Before the data is read, a stand-in of the same size: the circuit's shape (its parameters)
  // depends on the number of assets and the budget, not on mu and Sigma.
  const shape = problem ?? standIn(spec);
  if (!shape) return;
  const parameters = asUserError(() => plannedCircuitOf(spec, shape), 'quantum').parameters.length;
  if (q.initialPoint && q.initialPoint.length !== parameters) {
    const n = shape.tickers.length;
    const circuit = method.algorithm === 'qaoa' ? `QAOA circuit (p = ${method.reps})` : `${method.ansatz} ansatz (reps ${method.reps})`;
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
