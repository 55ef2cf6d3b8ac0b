/**
 * Boundary validation shared by the optimizers: the initial point and the common options are checked
 * once, before the first evaluation; the algorithms then trust their input.
 */
import { InvalidOptimizerOptionError } from './errors';
import type { MinimizeOptions } from './types';

/** Throw unless every component of `x0` is finite and there is at least one. */
export function validateInitialPoint(x0: Float64Array): void {
  if (!(x0 instanceof Float64Array) || x0.length === 0) {
    throw new InvalidOptimizerOptionError('x0', x0?.length, 'a Float64Array of length >= 1');
  }
  for (let i = 0; i < x0.length; i++) {
    const value = x0[i] as number;
    if (!Number.isFinite(value)) throw new InvalidOptimizerOptionError(`x0[${i}]`, value, 'a finite number');
  }
}

/** Throw unless `value` is an integer >= `min`. */
export function validateInteger(path: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new InvalidOptimizerOptionError(path, value, `an integer >= ${min}`);
  }
}

/** Throw unless `value` is undefined or a finite number > 0. */
export function validateOptionalPositive(path: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
    throw new InvalidOptimizerOptionError(path, value, 'a finite number > 0');
  }
}

/** Throw unless `value` is undefined or a finite number >= 0. */
export function validateOptionalNonNegative(path: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
    throw new InvalidOptimizerOptionError(path, value, 'a finite number >= 0');
  }
}

/** Validate `x0` and the options every optimizer shares (maxIterations, tolerance, initialStep, seed). */
export function validateCommon(x0: Float64Array, options: MinimizeOptions): void {
  validateInitialPoint(x0);
  validateInteger('options.maxIterations', options.maxIterations, 1);
  validateOptionalPositive('options.tolerance', options.tolerance);
  if (options.maxEvaluations !== undefined) validateInteger('options.maxEvaluations', options.maxEvaluations, 1);
  validateOptionalPositive('options.initialStep', options.initialStep);
  if (options.seed !== undefined && !Number.isInteger(options.seed)) {
    throw new InvalidOptimizerOptionError('options.seed', options.seed, 'an integer');
  }
}
