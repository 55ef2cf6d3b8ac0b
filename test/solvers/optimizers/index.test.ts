import {
  cobyla,
  getOptimizer,
  isOptimizerName,
  nelderMead,
  OPTIMIZER_ERROR_CODES,
  OPTIMIZER_ERROR_NAMES,
  OPTIMIZER_NAMES,
  spsa,
  UnknownOptimizerError,
} from '../../../lib/solvers/optimizers';
import type { OptimizerName } from '../../../lib/solvers/optimizers/types';

describe('optimizer registry', () => {
  it('lists the three optimizers', () => {
    expect(OPTIMIZER_NAMES).toEqual(['cobyla', 'spsa', 'nelder-mead', 'cmaes']);
  });

  it('returns each implementation by name', () => {
    expect(getOptimizer('cobyla')).toBe(cobyla);
    expect(getOptimizer('spsa')).toBe(spsa);
    expect(getOptimizer('nelder-mead')).toBe(nelderMead);
  });

  it('recognises exactly the registered names', () => {
    expect(OPTIMIZER_NAMES.every(isOptimizerName)).toBe(true);
    expect(isOptimizerName('COBYLA')).toBe(false);
    expect(isOptimizerName(undefined)).toBe(false);
  });

  it('throws UnknownOptimizerError with a stable name and code, listing the valid names', () => {
    let caught: unknown;
    try {
      getOptimizer('bfgs' as OptimizerName);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(UnknownOptimizerError);
    const error = caught as UnknownOptimizerError;
    expect(error.name).toBe(OPTIMIZER_ERROR_NAMES.unknownOptimizer);
    expect(error.name).toBe('QPO.UnknownOptimizer');
    expect(error.code).toBe(OPTIMIZER_ERROR_CODES.unknownOptimizer);
    expect(error.code).toBe('UNKNOWN_OPTIMIZER');
    expect(error.path).toBe('optimizer');
    expect(error.message).toBe('optimizer: "bfgs" is not a known optimizer; must be one of cobyla, spsa, nelder-mead, cmaes');
    expect(error.details).toEqual({ value: 'bfgs', validNames: ['cobyla', 'spsa', 'nelder-mead', 'cmaes'] });
  });
});
