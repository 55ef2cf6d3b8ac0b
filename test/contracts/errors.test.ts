/**
 * The error catalogue (lib/contracts/errors.ts) and what is derived from it: names, HTTP statuses,
 * CLI and Batch exit codes, and the classes of every layer (their names come from their codes).
 */
import {
  BATCH_EXIT,
  batchExitCodeOf,
  cliExitCodeOf,
  codeOfName,
  describeError,
  ERROR_CATALOGUE,
  errorNameOf,
  errorNamesOfKind,
  fallbackReasonOfCode,
  httpStatusOf,
  QpoError,
  type ErrorCode,
} from '../../lib/contracts/errors';
import { BackendError } from '../../lib/backends/errors';
import { JobValidationError, QuantumTimeoutError, ResultExistsError } from '../../lib/jobs/errors';
import { PortfolioError } from '../../lib/portfolio/errors';
import { CircuitError, InvalidArgumentError, StateTooLargeError } from '../../lib/quantum/errors';
import { QasmSyntaxError } from '../../lib/quantum/qasm-errors';
import { NoFeasibleSampleError, ProblemTooLargeError } from '../../lib/solvers/errors';
import { UnknownOptimizerError } from '../../lib/solvers/optimizers/errors';

const CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

describe('the error catalogue', () => {
  it('gives every code one QPO.* name, never a Step Functions States.* name, and maps names back', () => {
    const names = CODES.map(errorNameOf);
    expect(new Set(names).size).toBe(CODES.length);
    for (const [i, name] of names.entries()) {
      expect(name).toMatch(/^QPO\.[A-Z][A-Za-z]+$/);
      expect(codeOfName(name)).toBe(CODES[i]);
    }
    expect(errorNameOf('RESULT_NOT_PERSISTED')).toBe('QPO.ResultNotPersisted');
    expect(codeOfName('States.Timeout')).toBeUndefined();
  });

  it('derives HTTP statuses, CLI and Batch exit codes from the kind', () => {
    for (const code of CODES) {
      const { kind, httpStatus } = ERROR_CATALOGUE[code];
      expect(httpStatusOf(code)).toBe(httpStatus);
      if (kind === 'user') {
        expect(httpStatus).toBeGreaterThanOrEqual(400);
        expect(cliExitCodeOf(code)).toBe(2);
        expect(batchExitCodeOf(code)).toBe(BATCH_EXIT.inputRejected);
      } else {
        expect(httpStatus).toBeGreaterThanOrEqual(500);
        expect(cliExitCodeOf(code)).toBe(1);
        expect(batchExitCodeOf(code)).toBe(kind === 'internal' ? BATCH_EXIT.internal : BATCH_EXIT.quantumPathFailed);
      }
      if (kind === 'provider' || kind === 'timeout') expect(ERROR_CATALOGUE[code]).toHaveProperty('fallbackReason');
    }
    expect(errorNamesOfKind('user')).toContain('QPO.InvalidArgument');
    expect(fallbackReasonOfCode('BACKEND_JOB_TIMEOUT')).toBe('timeout');
    expect(fallbackReasonOfCode('INTERNAL')).toBe('backend-error');
  });

  it('describes any thrown value: INVALID_ARGUMENT is a 400 / exit 2; a catalogued name carries its code; the rest is INTERNAL', () => {
    expect(describeError(new InvalidArgumentError('shots: 0 is out of range'))).toMatchObject({ httpStatus: 400, exitCode: 2, userError: true, body: { code: 'INVALID_ARGUMENT' } });
    expect(describeError(Object.assign(new Error('x'), { name: 'QPO.UnknownTicker' }))).toMatchObject({ httpStatus: 400, body: { code: 'UNKNOWN_TICKER', message: 'x' } });
    expect(describeError(Object.assign(new Error('disk'), { code: 'ENOSPC' }))).toMatchObject({ httpStatus: 500, exitCode: 1, body: { code: 'INTERNAL', message: 'disk' } });
    expect(describeError('text')).toMatchObject({ body: { code: 'INTERNAL', message: 'text' } });
    expect(new QpoError('RESULT_EXISTS').message).toMatch(/never overwritten/);
  });

  it.each([
    [new JobValidationError('quantum.shots: bad', 'quantum.shots'), 'INVALID_INPUT'],
    [new ResultExistsError('j'), 'RESULT_EXISTS'],
    [new QuantumTimeoutError('timeout after 3 s'), 'QUANTUM_TIMEOUT'],
    [new PortfolioError('UNKNOWN_TICKER', 'x', { field: 'portfolio.tickers' }), 'UNKNOWN_TICKER'],
    [new CircuitError('x'), 'INVALID_CIRCUIT'],
    [new QasmSyntaxError('x', 1, 2), 'INVALID_CIRCUIT'],
    [new StateTooLargeError(40, 2 ** 44, 1), 'STATE_TOO_LARGE'],
    [new ProblemTooLargeError('x'), 'PROBLEM_TOO_LARGE'],
    [new NoFeasibleSampleError('x'), 'NO_FEASIBLE_SAMPLE'],
    [new UnknownOptimizerError('bfgs', ['cobyla']), 'UNKNOWN_OPTIMIZER'],
    [new BackendError('BACKEND_UNAVAILABLE', 'x'), 'BACKEND_UNAVAILABLE'],
  ])('%s: one base class, its name derived from its code', (error, code) => {
    expect(error).toBeInstanceOf(QpoError);
    expect(error.code).toBe(code);
    expect(error.name).toBe(errorNameOf(code as ErrorCode));
    expect(Object.keys(error.toJSON()).sort()).toEqual(['code', 'details', 'message', 'path']);
  });
});
