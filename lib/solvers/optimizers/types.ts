/**
 * Classical optimizers for variational algorithms: a common, asynchronous minimisation interface.
 *
 * The objective is asynchronous because on hardware each evaluation is a remote job; on the simulator
 * it resolves at once.
 */

/**
 * An objective f: R^d -> R. `x` is the objective's own copy. An objective may also offer `batch`:
 * the values of several points in one call (on hardware, one job with parameter broadcasting); an
 * optimizer with independent evaluations (SPSA's perturbation pair) uses it when present.
 */
export type Objective = ((x: Float64Array) => number | Promise<number>) & {
  readonly batch?: (xs: readonly Float64Array[]) => Promise<readonly number[]>;
};

export interface MinimizeOptions {
  /** Maximum number of objective evaluations (COBYLA, Nelder-Mead) or iterations (SPSA). */
  readonly maxIterations: number;
  /**
   * Hard cap on objective evaluations on top of `maxIterations` (scipy's maxfev); reaching it stops
   * the run with stopReason 'max-iterations' and the best point so far.
   */
  readonly maxEvaluations?: number;
  /** Seed of the optimizer's own randomness (SPSA perturbations). */
  readonly seed?: number;
  /** Convergence tolerance (COBYLA final trust-region radius rhoend; Nelder-Mead fatol/xatol). */
  readonly tolerance?: number;
  /** Initial step: COBYLA rhobeg, Nelder-Mead initial simplex size, SPSA perturbation c. */
  readonly initialStep?: number;
  /** Population methods (CMA-ES): points per generation, evaluated as one batch; others ignore it. */
  readonly populationSize?: number;
  /** Called after every objective evaluation with the running count, the point and its value. */
  readonly onEvaluation?: (evaluation: number, x: Float64Array, value: number) => void;
}

export interface MinimizeResult {
  /** Best point found, shape (d). */
  readonly x: Float64Array;
  /** Objective value at `x`. */
  readonly fun: number;
  /** Objective evaluations used. */
  readonly evaluations: number;
  /** Optimizer iterations. */
  readonly iterations: number;
  /** Why it stopped: 'converged' or 'max-iterations'. */
  readonly stopReason: 'converged' | 'max-iterations';
}

/** `cmaes`: a population method, one batch (one provider job) per generation (cmaes.ts). */
export type OptimizerName = 'cobyla' | 'spsa' | 'nelder-mead' | 'cmaes';

export type Optimizer = (f: Objective, x0: Float64Array, options: MinimizeOptions) => Promise<MinimizeResult>;
