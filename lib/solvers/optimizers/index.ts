/**
 * The optimizer registry: one name, one {@link Optimizer}.
 *
 * @example
 *   const minimize = getOptimizer('cobyla');
 *   const result = await minimize(objective, x0, { maxIterations: 1000 });
 */
import { cmaes } from './cmaes';
import { cobyla } from './cobyla';
import { UnknownOptimizerError } from './errors';
import { nelderMead } from './nelder-mead';
import { spsa } from './spsa';
import type { Optimizer, OptimizerName } from './types';

export type { CobylaOptions, CobylaResult, Constraint } from './cobyla';
export type { NelderMeadOptions } from './nelder-mead';
export type { CmaesOptions } from './cmaes';
export type { SpsaOptions, SpsaResult } from './spsa';
export type { MinimizeOptions, MinimizeResult, Objective, Optimizer, OptimizerName } from './types';
export { cobyla, COBYLA_DEFAULTS } from './cobyla';
export { cmaes, cmaesBatches, CMAES_DEFAULTS, defaultPopulationSize } from './cmaes';
export { MAX_COBYLA_CONSTRAINTS } from './cobyla-subproblem';
export { nelderMead, NELDER_MEAD_DEFAULT_TOLERANCE } from './nelder-mead';
export { spsa, spsaMaxEvaluations, SPSA_DEFAULTS } from './spsa';
export {
  InvalidOptimizerOptionError,
  OPTIMIZER_ERROR_CODES,
  OPTIMIZER_ERROR_NAMES,
  OptimizerError,
  UnknownOptimizerError,
} from './errors';

const OPTIMIZERS: Readonly<Record<OptimizerName, Optimizer>> = {
  cobyla,
  spsa,
  'nelder-mead': nelderMead,
  cmaes,
};

/** Every registered optimizer name. */
export const OPTIMIZER_NAMES: readonly OptimizerName[] = Object.freeze(['cobyla', 'spsa', 'nelder-mead', 'cmaes'] as const);

/** True if `value` names a registered optimizer. */
export function isOptimizerName(value: unknown): value is OptimizerName {
  return typeof value === 'string' && (OPTIMIZER_NAMES as readonly string[]).includes(value);
}

/**
 * The optimizer called `name`. Also checks at run time (names often come from JSON).
 *
 * @throws UnknownOptimizerError (code UNKNOWN_OPTIMIZER) for any other value; its message lists the valid names
 */
export function getOptimizer(name: OptimizerName): Optimizer {
  if (!isOptimizerName(name)) throw new UnknownOptimizerError(name, OPTIMIZER_NAMES);
  return OPTIMIZERS[name];
}
