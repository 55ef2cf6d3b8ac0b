/**
 * Simultaneous perturbation stochastic approximation (SPSA), following J.C. Spall, "Implementation of
 * the simultaneous perturbation algorithm for stochastic optimization", IEEE Transactions on Aerospace
 * and Electronic Systems 34(3), 1998:
 *
 *   g_k = (f(x_k + c_k Δ_k) - f(x_k - c_k Δ_k)) / (2 c_k) · Δ_k^{-1},   x_{k+1} = x_k - a_k g_k,
 *   a_k = a / (A + k + 1)^alpha,   c_k = c / (k + 1)^gamma,   k = 0, 1, ...
 *
 * with Bernoulli ±1 perturbations Δ_k from a seeded PRNG (same seed, same trace), alpha = 0.602,
 * gamma = 0.101, A = 10 % of the iterations (Spall's recommendations) and c = 0.2 (qiskit's default).
 *
 * Unless `learningRate` is given, `a` is calibrated as qiskit_algorithms' `SPSA.calibrate(loss, x0,
 * c, stability_constant=A)`: from `calibrationSteps` (25) random perturbations at x0,
 * avg = mean |f(x0 + cΔ) - f(x0 - cΔ)| / (2c) and a = `targetMagnitude` (2π/10) / avg, so that a
 * step of a · avg would have the target size; with A > 0 the first actual step is that divided by
 * (A + 1)^alpha, exactly as in qiskit.
 *
 * Cost: 2 · calibrationSteps (if calibrating) + 2 · maxIterations + at most 2 evaluations at the end:
 * the final iterate and a fresh evaluation of the best point seen so far (any evaluated point,
 * perturbed ones included). The best point is returned instead of the final iterate only if its fresh
 * value is lower by more than the difference between its two values (zero for a deterministic
 * objective: then simply the lower; under noise this keeps a once-lucky point from beating the
 * converged iterate). `fun` is always a fresh value of the returned point.
 *
 * @example
 *   const r = await spsa((x) => x[0]! ** 2 + x[1]! ** 2, Float64Array.of(1, -1), { maxIterations: 200, seed: 7 });
 */
import { evaluationBudget, Evaluator, isBudgetExhausted } from './evaluator';
import { InvalidOptimizerOptionError } from './errors';
import { fillRademacher, mulberry32 } from './prng';
import type { MinimizeOptions, MinimizeResult, Objective } from './types';
import { validateCommon, validateInteger, validateOptionalNonNegative, validateOptionalPositive } from './validate';

export interface SpsaOptions extends MinimizeOptions {
  /** Learning-rate numerator `a`; when given, no calibration is made. @default calibrated */
  readonly learningRate?: number;
  /** Stability constant `A`. @default 0.1 * maxIterations */
  readonly stabilityConstant?: number;
  /** Learning-rate decay exponent. @default 0.602 */
  readonly alpha?: number;
  /** Perturbation decay exponent. @default 0.101 */
  readonly gamma?: number;
  /** Perturbation pairs used to calibrate `a`. @default 25 */
  readonly calibrationSteps?: number;
  /** Target size of the first update step in parameter space (radians for VQE). @default 2π/10 */
  readonly targetMagnitude?: number;
}

export interface SpsaResult extends MinimizeResult {
  /** The learning-rate numerator `a` used (given or calibrated). */
  readonly learningRate: number;
  /** The perturbation numerator `c` used. */
  readonly perturbation: number;
}

/** Defaults (Spall 1998; qiskit_algorithms SPSA / SPSA.calibrate). */
export const SPSA_DEFAULTS = {
  alpha: 0.602,
  gamma: 0.101,
  perturbation: 0.2,
  stabilityFraction: 0.1,
  calibrationSteps: 25,
  targetMagnitude: (2 * Math.PI) / 10,
  seed: 0,
} as const;

/** Evaluations spsa() makes at most with these options (the budget it checks itself against). */
export function spsaMaxEvaluations(options: SpsaOptions): number {
  const calibration = options.learningRate === undefined ? 2 * (options.calibrationSteps ?? SPSA_DEFAULTS.calibrationSteps) : 0;
  return calibration + 2 * options.maxIterations + 2;
}

function validateSpsaOptions(x0: Float64Array, options: SpsaOptions): void {
  validateCommon(x0, options);
  validateOptionalPositive('options.learningRate', options.learningRate);
  validateOptionalNonNegative('options.stabilityConstant', options.stabilityConstant);
  validateOptionalPositive('options.alpha', options.alpha);
  validateOptionalNonNegative('options.gamma', options.gamma);
  validateOptionalPositive('options.targetMagnitude', options.targetMagnitude);
  if (options.calibrationSteps !== undefined) validateInteger('options.calibrationSteps', options.calibrationSteps, 1);
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) {
    throw new InvalidOptimizerOptionError('options.seed', options.seed, 'a safe integer');
  }
}

/** `out = x + s * delta`. */
function axpy(out: Float64Array, x: Float64Array, s: number, delta: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = (x[i] as number) + s * (delta[i] as number);
  return out;
}

/**
 * Qiskit's calibration of `a`: mean |Δf| / (2c) over `steps` random ±c perturbations of x0, and
 * a = target / mean. Falls back to a = target if that is not finite or below 1e-10 (flat or infinite
 * objective around x0), as qiskit does for a < 1e-10.
 */
async function calibrateLearningRate(
  evaluator: Evaluator,
  x0: Float64Array,
  random: () => number,
  c: number,
  steps: number,
  target: number,
): Promise<number> {
  const n = x0.length;
  const delta = new Float64Array(n);
  const up = new Float64Array(n);
  const down = new Float64Array(n);
  let sum = 0;
  let counted = 0;
  for (let s = 0; s < steps; s++) {
    fillRademacher(random, delta);
    const [plus, minus] = (await evaluator.evaluateMany([axpy(up, x0, c, delta), axpy(down, x0, -c, delta)])) as [number, number];
    const magnitude = Math.abs(plus - minus) / (2 * c);
    if (Number.isFinite(magnitude)) {
      sum += magnitude;
      counted += 1;
    }
  }
  const mean = counted > 0 ? sum / counted : 0;
  const a = target / mean;
  return Number.isFinite(a) && a >= 1e-10 ? a : target;
}

/**
 * Minimise `f` from `x0` by SPSA. `maxIterations` is the number of SPSA iterations (2 evaluations
 * each); see the module comment for the evaluations on top. stopReason is always 'max-iterations'
 * (`tolerance` is not used). In an iteration a +Infinity (or NaN) value counts as the largest finite
 * value seen so far (a moderated barrier: the step leads away from where the objective is undefined);
 * if the difference is still not finite (no finite value yet, both sides infinite, or -Infinity) the
 * iteration makes no step.
 *
 * @throws InvalidOptimizerOptionError for a bad `x0` or option (before any evaluation)
 */
export async function spsa(f: Objective, x0: Float64Array, options: SpsaOptions): Promise<SpsaResult> {
  validateSpsaOptions(x0, options);
  const n = x0.length;
  const iterationsMax = options.maxIterations;
  const alpha = options.alpha ?? SPSA_DEFAULTS.alpha;
  const gamma = options.gamma ?? SPSA_DEFAULTS.gamma;
  const c = options.initialStep ?? SPSA_DEFAULTS.perturbation;
  const stability = options.stabilityConstant ?? SPSA_DEFAULTS.stabilityFraction * iterationsMax;
  const random = mulberry32(options.seed ?? SPSA_DEFAULTS.seed);
  const evaluator = new Evaluator(f, evaluationBudget(spsaMaxEvaluations(options), options), options.onEvaluation);

  let a = options.learningRate ?? Number.NaN;

  // A non-finite value (NaN is already +Infinity) counts as the largest finite value seen so far, so a
  // pair with one undefined side steps away from it instead of stalling at the edge of the domain.
  let largestFinite = -Infinity;
  const barrier = (value: number): number => (Number.isFinite(value) || value < 0 ? value : largestFinite);

  const x = Float64Array.from(x0);
  const delta = new Float64Array(n);
  const up = new Float64Array(n);
  const down = new Float64Array(n);
  let iterations = 0;
  let result: { x: Float64Array; fun: number } | undefined;

  try {
    a =
      options.learningRate ??
      (await calibrateLearningRate(
        evaluator,
        x0,
        random,
        c,
        options.calibrationSteps ?? SPSA_DEFAULTS.calibrationSteps,
        options.targetMagnitude ?? SPSA_DEFAULTS.targetMagnitude,
      ));
    for (let k = 0; k < iterationsMax; k++) {
      const ck = c / (k + 1) ** gamma;
      const ak = a / (stability + k + 1) ** alpha;
      fillRademacher(random, delta);
      // The pair is independent: one batch (one hardware job) when the objective offers it.
      const [plus, minus] = (await evaluator.evaluateMany([axpy(up, x, ck, delta), axpy(down, x, -ck, delta)])) as [number, number];
      iterations += 1;
      for (const value of [plus, minus]) if (Number.isFinite(value)) largestFinite = Math.max(largestFinite, value);
      const slope = (barrier(plus) - barrier(minus)) / (2 * ck);
      if (!Number.isFinite(slope)) continue;
      // Δ_i = ±1, so 1 / Δ_i = Δ_i.
      for (let i = 0; i < n; i++) x[i] = (x[i] as number) - ak * slope * (delta[i] as number);
    }

    // The final iterate against a fresh look at the best point seen so far. The best point's first
    // value was the least of many, so under noise it was probably lucky: it wins only if its fresh
    // value beats the final one by more than the noise it shows (|fresh - first|, 0 if deterministic).
    const bestSoFar = evaluator.bestX === undefined ? undefined : Float64Array.from(evaluator.bestX);
    const bestFirstValue = evaluator.bestValue;
    const fFinal = await evaluator.evaluate(x);
    result = { x: Float64Array.from(x), fun: fFinal };
    if (bestSoFar !== undefined && !bestSoFar.every((v, i) => v === x[i])) {
      const fBest = await evaluator.evaluate(bestSoFar);
      const noise = Number.isFinite(bestFirstValue) ? Math.abs(fBest - bestFirstValue) : 0;
      if (fBest + noise < fFinal) result = { x: bestSoFar, fun: fBest };
    }
  } catch (error) {
    // Only options.maxEvaluations can cut the run short: the own budget is sized for it.
    if (!isBudgetExhausted(error)) throw error;
  }

  const chosen = result ?? { x: Float64Array.from(evaluator.bestX ?? x), fun: evaluator.bestValue };
  return {
    x: chosen.x,
    fun: chosen.fun,
    evaluations: evaluator.count,
    iterations,
    stopReason: 'max-iterations',
    learningRate: a,
    perturbation: c,
  };
}
