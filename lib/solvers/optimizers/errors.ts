/**
 * Errors of the classical optimizers. Each class has a stable public `name` (Lambda reports it as
 * `errorType`; Step Functions `Retry`/`Catch` match it) and a stable machine-readable `code`, both
 * exported as constants so the code that throws and the code that catches share them.
 *
 * Names and codes come from the error catalogue (lib/contracts/errors.ts), the only import.
 */
import { errorNameOf, QpoError } from '../../contracts/errors';

/** Public error names, shared with whatever matches on them. */
export const OPTIMIZER_ERROR_NAMES = {
  optimizer: errorNameOf('OPTIMIZER_ERROR'),
  unknownOptimizer: errorNameOf('UNKNOWN_OPTIMIZER'),
  invalidOptimizerOption: errorNameOf('INVALID_OPTIMIZER_OPTION'),
} as const;

/** Stable error codes. */
export const OPTIMIZER_ERROR_CODES = {
  optimizer: 'OPTIMIZER_ERROR',
  unknownOptimizer: 'UNKNOWN_OPTIMIZER',
  invalidOptimizerOption: 'INVALID_OPTIMIZER_OPTION',
} as const;

export type OptimizerErrorCode = (typeof OPTIMIZER_ERROR_CODES)[keyof typeof OPTIMIZER_ERROR_CODES];

export interface OptimizerErrorOptions {
  /** The underlying error, passed on unchanged. */
  readonly cause?: unknown;
  /** Where in the input the problem is, e.g. `options.maxIterations` or `x0[3]`. */
  readonly path?: string;
  /** Extra machine-readable facts (bad value, valid range, ...). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Base class of every error thrown by `lib/solvers/optimizers`. */
export class OptimizerError extends QpoError {
  declare readonly code: OptimizerErrorCode;

  constructor(
    message: string,
    code: OptimizerErrorCode = OPTIMIZER_ERROR_CODES.optimizer,
    options: OptimizerErrorOptions = {},
  ) {
    super(code, message, options);
  }
}

/**
 * An optimizer name that is not in the registry.
 *
 * Example message: `optimizer: "bfgs" is not a known optimizer; must be one of cobyla, spsa, nelder-mead`.
 */
export class UnknownOptimizerError extends OptimizerError {
  constructor(value: unknown, validNames: readonly string[], options: OptimizerErrorOptions = {}) {
    super(
      `optimizer: ${JSON.stringify(value) ?? String(value)} is not a known optimizer; must be one of ${validNames.join(', ')}`,
      OPTIMIZER_ERROR_CODES.unknownOptimizer,
      { path: 'optimizer', ...options, details: { value, validNames: [...validNames], ...options.details } },
    );
  }
}

/**
 * An optimizer option or the initial point is out of range, e.g.
 * `options.maxIterations: 0 is out of range; must be an integer >= 1`.
 */
export class InvalidOptimizerOptionError extends OptimizerError {
  constructor(path: string, value: unknown, requirement: string, options: OptimizerErrorOptions = {}) {
    super(
      `${path}: ${String(value)} is out of range; must be ${requirement}`,
      OPTIMIZER_ERROR_CODES.invalidOptimizerOption,
      { path, ...options, details: { value, requirement, ...options.details } },
    );
  }
}
