/**
 * How many Sampler requests (on a provider: jobs or tasks) and objective evaluations a variational
 * run makes, computed the way runVariational (variational.ts) splits its budget over the CVaR stages:
 * stage s of S gets floor((maxIterations - evaluations so far) / (S - s)) evaluations (SPSA:
 * floor(maxIterations / S) iterations), `maxEvaluations` caps all stages together, and the final
 * readout is one more request.
 *
 * Exact for `cmaes` (it uses its whole budget, one request per generation of `populationSize`
 * points, a last partial generation included); an upper bound for COBYLA and Nelder-Mead (one
 * request per evaluation, they may converge earlier) and SPSA (25 calibration pairs, one pair per
 * iteration, at most 2 single evaluations at the end; spsa.ts).
 */
import { cmaesBatches } from './optimizers/cmaes';
import { SPSA_DEFAULTS } from './optimizers/spsa';
import type { OptimizerName } from './optimizers/types';

export interface RequestCountInput {
  readonly optimizer: OptimizerName;
  /** Evaluations (COBYLA, Nelder-Mead, CMA-ES) or iterations (SPSA) of the whole run. */
  readonly maxIterations: number;
  readonly maxEvaluations?: number;
  /** CVaR stages (1 for a fixed alpha). */
  readonly stages: number;
  /** CMA-ES points per generation. */
  readonly populationSize?: number;
}

export interface RequestCount {
  /** Sampler requests of the optimization (the readout not included). */
  readonly optimizationRequests: number;
  /** Objective evaluations (parameter sets) of the optimization. */
  readonly evaluations: number;
  /** Largest number of parameter sets in one request. */
  readonly setsPerRequest: number;
  /** optimizationRequests + 1 (the final readout). */
  readonly requests: number;
  /** Parameter sets of each optimization request, in order (the readout not included). */
  readonly requestSets: readonly number[];
}

/** See the module comment. */
export function countVariationalRequests(input: RequestCountInput): RequestCount {
  const { optimizer, maxIterations, stages } = input;
  const cap = input.maxEvaluations;
  let evaluations = 0;
  let requests = 0;
  let widest = 1;
  const sets: number[] = [];
  for (let s = 0; s < stages; s++) {
    const left = stages - s;
    const budget = Math.max(1, Math.floor((maxIterations - (optimizer === 'spsa' ? 0 : evaluations)) / left));
    const stageCap = cap === undefined ? Infinity : Math.max(1, Math.floor((cap - evaluations) / left));
    if (optimizer === 'spsa') {
      const iterations = Math.max(1, Math.floor(maxIterations / stages));
      const evals = Math.min(2 * SPSA_DEFAULTS.calibrationSteps + 2 * iterations + 2, stageCap);
      const n = Math.min(SPSA_DEFAULTS.calibrationSteps + iterations + 2, evals);
      requests += n;
      for (let i = 0; i < n; i++) sets.push(i < n - 2 ? 2 : 1);
      evaluations += evals;
      widest = Math.max(widest, 2);
    } else if (optimizer === 'cmaes') {
      const lambda = input.populationSize ?? 2;
      const evals = Math.min(budget, stageCap);
      requests += cmaesBatches(evals, lambda);
      for (let left = evals; left > 0; left -= lambda) sets.push(Math.min(lambda, left));
      evaluations += evals;
      widest = Math.max(widest, Math.min(lambda, evals));
    } else {
      const evals = Math.min(budget, stageCap);
      requests += evals;
      for (let i = 0; i < evals; i++) sets.push(1);
      evaluations += evals;
    }
    if (cap !== undefined && evaluations >= cap) break;
  }
  return { optimizationRequests: requests, evaluations, setsPerRequest: widest, requests: requests + 1, requestSets: sets };
}
