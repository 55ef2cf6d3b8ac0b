/**
 * Separable CMA-ES: the covariance matrix adaptation evolution strategy with a diagonal covariance,
 * a population optimizer whose every generation is one batch of independent points (on hardware:
 * one provider job carrying all of them as broadcast parameter sets, IBM PUBs or a Braket program set).
 *
 * Sources: N. Hansen, "The CMA Evolution Strategy: A Tutorial", arXiv:1604.00772 (2016), the
 * algorithm and default strategy parameters (Table 1: lambda = 4 + floor(3 ln d), mu = lambda / 2,
 * log-linear weights, c_sigma, d_sigma, c_c, c_1, c_mu); R. Ros & N. Hansen, "A Simple Modification
 * in CMA-ES Achieving Linear Time and Space Complexity", PPSN X (2008), the separable variant (C kept
 * diagonal, c_1 and c_mu scaled by (d + 2) / 3), which needs no eigendecomposition.
 *
 * Per generation g: z_k ~ N(0, I), y_k = D z_k (D = sqrt(diag C)), x_k = m + sigma y_k (k < lambda);
 * the mu best give y_w = sum w_i y_(i); m += sigma y_w; the evolution paths p_sigma (from z_w) and
 * p_c (from y_w) are updated, sigma by cumulative step-size adaptation and diag C by the rank-one
 * and rank-mu updates.
 *
 * Cost: exactly `maxIterations` evaluations (capped by `maxEvaluations`), in ceil(budget / lambda)
 * batches; the last batch may be smaller (its points are evaluated, not used for an update). With
 * `tolerance`, the run stops earlier (stopReason 'converged') once sigma * max(D) falls below it.
 *
 * @example
 *   const r = await cmaes((x) => x[0]! ** 2 + x[1]! ** 2, Float64Array.of(1, -1), { maxIterations: 300, seed: 7 });
 */
import { evaluationBudget, Evaluator, isBudgetExhausted } from './evaluator';
import { mulberry32, type Uniform01 } from './prng';
import type { MinimizeOptions, MinimizeResult, Objective } from './types';
import { validateCommon, validateInteger } from './validate';

export interface CmaesOptions extends MinimizeOptions {
  /** Population size lambda (points per generation). @default 4 + floor(3 ln d) */
  readonly populationSize?: number;
}

/** Defaults (Hansen 2016, Table 1). */
export const CMAES_DEFAULTS = {
  /** Initial step size sigma_0 when `initialStep` is not given: a quarter turn of an angle. */
  initialStep: Math.PI / 4,
  seed: 0,
} as const;

/** Hansen's default population size for d parameters: 4 + floor(3 ln d). */
export function defaultPopulationSize(dimension: number): number {
  return 4 + Math.floor(3 * Math.log(Math.max(1, dimension)));
}

/** Batches (objective calls) cmaes() makes for `evaluations` evaluations with population `lambda`. */
export function cmaesBatches(evaluations: number, lambda: number): number {
  return Math.ceil(evaluations / lambda);
}

/** A standard normal deviate (Box-Muller). */
function normal(random: Uniform01): number {
  let u = 0;
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * Minimise `f` from `x0` by separable CMA-ES (see the module comment).
 * @throws InvalidOptimizerOptionError for a bad `x0` or option (before any evaluation)
 */
export async function cmaes(f: Objective, x0: Float64Array, options: CmaesOptions): Promise<MinimizeResult> {
  validateCommon(x0, options);
  const d = x0.length;
  if (options.populationSize !== undefined) validateInteger('options.populationSize', options.populationSize, 2);
  const lambda = options.populationSize ?? defaultPopulationSize(d);
  const mu = Math.floor(lambda / 2);
  const raw = Array.from({ length: mu }, (_, i) => Math.log(mu + 0.5) - Math.log(i + 1));
  const total = raw.reduce((a, b) => a + b, 0);
  const w = raw.map((v) => v / total);
  const muEff = 1 / w.reduce((a, v) => a + v * v, 0);
  const cSigma = (muEff + 2) / (d + muEff + 5);
  const dSigma = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (d + 1)) - 1) + cSigma;
  const cc = (4 + muEff / d) / (d + 4 + (2 * muEff) / d);
  const sepScale = (d + 2) / 3; // Ros & Hansen 2008
  const c1 = Math.min(1, (sepScale * 2) / ((d + 1.3) ** 2 + muEff));
  const cMu = Math.min(1 - c1, (sepScale * 2 * (muEff - 2 + 1 / muEff)) / ((d + 2) ** 2 + muEff));
  const chiN = Math.sqrt(d) * (1 - 1 / (4 * d) + 1 / (21 * d * d));

  const random = mulberry32(options.seed ?? CMAES_DEFAULTS.seed);
  const budget = evaluationBudget(options.maxIterations, options);
  const evaluator = new Evaluator(f, budget, options.onEvaluation);
  const m = Float64Array.from(x0);
  const diagC = new Float64Array(d).fill(1);
  const pSigma = new Float64Array(d);
  const pc = new Float64Array(d);
  let sigma = options.initialStep ?? CMAES_DEFAULTS.initialStep;
  let iterations = 0;
  let stopReason: MinimizeResult['stopReason'] = 'max-iterations';
  try {
    while (evaluator.remaining > 0) {
      const size = Math.min(lambda, evaluator.remaining);
      const z = Array.from({ length: size }, () => Float64Array.from({ length: d }, () => normal(random)));
      const y = z.map((zk) => zk.map((v, i) => Math.sqrt(diagC[i]!) * v));
      const xs = y.map((yk) => yk.map((v, i) => m[i]! + sigma * v));
      const values = await evaluator.evaluateMany(xs);
      iterations += 1;
      if (size < lambda) break; // a last, partial generation: evaluated, not used for an update
      const order = values.map((v, k) => [v, k] as const).sort((a, b) => a[0] - b[0]).map(([, k]) => k);
      const yw = new Float64Array(d);
      const zw = new Float64Array(d);
      for (let i = 0; i < mu; i++) {
        const k = order[i]!;
        for (let j = 0; j < d; j++) {
          yw[j]! += w[i]! * y[k]![j]!;
          zw[j]! += w[i]! * z[k]![j]!;
        }
      }
      for (let j = 0; j < d; j++) m[j]! += sigma * yw[j]!;
      const sNorm = Math.sqrt(cSigma * (2 - cSigma) * muEff);
      let pNorm = 0;
      for (let j = 0; j < d; j++) {
        pSigma[j] = (1 - cSigma) * pSigma[j]! + sNorm * zw[j]!;
        pNorm += pSigma[j]! ** 2;
      }
      pNorm = Math.sqrt(pNorm);
      const hSigma = pNorm / Math.sqrt(1 - (1 - cSigma) ** (2 * iterations)) < (1.4 + 2 / (d + 1)) * chiN ? 1 : 0;
      const cNorm = Math.sqrt(cc * (2 - cc) * muEff);
      for (let j = 0; j < d; j++) {
        pc[j] = (1 - cc) * pc[j]! + hSigma * cNorm * yw[j]!;
        let rankMu = 0;
        for (let i = 0; i < mu; i++) rankMu += w[i]! * y[order[i]!]![j]! ** 2;
        diagC[j] = (1 - c1 - cMu) * diagC[j]! + c1 * (pc[j]! ** 2 + (1 - hSigma) * cc * (2 - cc) * diagC[j]!) + cMu * rankMu;
      }
      sigma *= Math.exp((cSigma / dSigma) * (pNorm / chiN - 1));
      if (!Number.isFinite(sigma) || sigma <= 0) sigma = options.initialStep ?? CMAES_DEFAULTS.initialStep;
      const spread = sigma * Math.sqrt(Math.max(...diagC));
      if (options.tolerance !== undefined && spread < options.tolerance) {
        stopReason = 'converged';
        break;
      }
    }
  } catch (error) {
    if (!isBudgetExhausted(error)) throw error;
  }
  return { x: Float64Array.from(evaluator.bestX ?? x0), fun: evaluator.bestValue, evaluations: evaluator.count, iterations, stopReason };
}
