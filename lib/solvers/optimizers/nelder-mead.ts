/**
 * Nelder–Mead downhill simplex (J.A. Nelder and R. Mead, "A simplex method for function
 * minimization", The Computer Journal 7(4), 1965), in the variant of scipy's
 * `minimize(method='Nelder-Mead')`: reflection, expansion, outside/inside contraction and shrink
 * towards the best vertex; optional dimension-dependent coefficients of F. Gao and L. Han,
 * "Implementing the Nelder-Mead simplex algorithm with adaptive parameters", Comput. Optim. Appl.
 * 51(1), 2012 (scipy's `adaptive`).
 *
 * Stops when the simplex is small in both x and f (scipy's test: max_j ||x_j - x_best||_inf <= xatol
 * and max_j |f_j - f_best| <= fatol) or when `maxIterations` objective evaluations have been made.
 *
 * @example
 *   const r = await nelderMead((x) => (x[0]! - 1) ** 2 + (x[1]! - 3) ** 2, new Float64Array(2), { maxIterations: 400 });
 *   // r.x ≈ [1, 3], r.fun ≈ 0, r.stopReason === 'converged'
 */
import { evaluationBudget, Evaluator, isBudgetExhausted } from './evaluator';
import type { MinimizeOptions, MinimizeResult, Objective } from './types';
import { validateCommon, validateOptionalPositive } from './validate';

export interface NelderMeadOptions extends MinimizeOptions {
  /**
   * Use the adaptive coefficients of Gao & Han (2012): expansion 1 + 2/d, contraction 0.75 - 1/(2d),
   * shrink 1 - 1/d; recommended for d > ~10.
   * @default false
   */
  readonly adaptive?: boolean;
  /** Absolute tolerance on the simplex extent in x (inf-norm). @default options.tolerance ?? 1e-4 */
  readonly xatol?: number;
  /** Absolute tolerance on the spread of the simplex values. @default options.tolerance ?? 1e-4 */
  readonly fatol?: number;
}

/** Default of `tolerance` (scipy's xatol = fatol = 1e-4). */
export const NELDER_MEAD_DEFAULT_TOLERANCE = 1e-4;
/** Relative perturbation of non-zero components in the default initial simplex (scipy: 5 %). */
export const NELDER_MEAD_NONZERO_DELTA = 0.05;
/** Absolute step for zero components in the default initial simplex (scipy: 0.00025). */
export const NELDER_MEAD_ZERO_DELTA = 0.00025;

interface Coefficients {
  readonly reflection: number;
  readonly expansion: number;
  readonly contraction: number;
  readonly shrink: number;
}

function coefficients(adaptive: boolean, n: number): Coefficients {
  if (!adaptive) return { reflection: 1, expansion: 2, contraction: 0.5, shrink: 0.5 };
  return { reflection: 1, expansion: 1 + 2 / n, contraction: 0.75 - 1 / (2 * n), shrink: 1 - 1 / n };
}

/**
 * The n + 1 starting vertices: x0 and, for each axis k, x0 + h e_k with h = `initialStep`, or without
 * it scipy's x0 with component k scaled by 1.05 (0.00025 if it is zero).
 */
export function initialSimplex(x0: Float64Array, initialStep?: number): Float64Array[] {
  const n = x0.length;
  const vertices = [Float64Array.from(x0)];
  for (let k = 0; k < n; k++) {
    const v = Float64Array.from(x0);
    const xk = x0[k] as number;
    if (initialStep !== undefined) v[k] = xk + initialStep;
    else v[k] = xk !== 0 ? (1 + NELDER_MEAD_NONZERO_DELTA) * xk : NELDER_MEAD_ZERO_DELTA;
    vertices.push(v);
  }
  return vertices;
}

/** `out = (1 + t) * centroid - t * worst`: the point on the line through the worst vertex and the centroid. */
function along(centroid: Float64Array, worst: Float64Array, t: number): Float64Array {
  const out = new Float64Array(centroid.length);
  for (let i = 0; i < out.length; i++) out[i] = (1 + t) * (centroid[i] as number) - t * (worst[i] as number);
  return out;
}

/** Sort vertices by value, ascending and stable (ties keep their order). */
function sortSimplex(vertices: Float64Array[], values: number[]): void {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
  const v = order.map((i) => vertices[i] as Float64Array);
  const f = order.map((i) => values[i] as number);
  for (let i = 0; i < order.length; i++) {
    vertices[i] = v[i] as Float64Array;
    values[i] = f[i] as number;
  }
}

/** scipy's termination test on a sorted simplex. NaN (from infinite values) never passes. */
function isConverged(vertices: Float64Array[], values: number[], xatol: number, fatol: number): boolean {
  const best = vertices[0] as Float64Array;
  const fBest = values[0] as number;
  for (let j = 1; j < vertices.length; j++) {
    if (!(Math.abs((values[j] as number) - fBest) <= fatol)) return false;
    const v = vertices[j] as Float64Array;
    for (let i = 0; i < v.length; i++) {
      if (!(Math.abs((v[i] as number) - (best[i] as number)) <= xatol)) return false;
    }
  }
  return true;
}

/**
 * Minimise `f` from `x0` by Nelder–Mead. `maxIterations` bounds the objective evaluations (never
 * exceeded); `iterations` in the result counts simplex iterations. Returns the best evaluated point.
 *
 * @throws InvalidOptimizerOptionError for a bad `x0` or option (before any evaluation)
 */
export async function nelderMead(f: Objective, x0: Float64Array, options: NelderMeadOptions): Promise<MinimizeResult> {
  validateCommon(x0, options);
  validateOptionalPositive('options.xatol', options.xatol);
  validateOptionalPositive('options.fatol', options.fatol);
  const n = x0.length;
  const xatol = options.xatol ?? options.tolerance ?? NELDER_MEAD_DEFAULT_TOLERANCE;
  const fatol = options.fatol ?? options.tolerance ?? NELDER_MEAD_DEFAULT_TOLERANCE;
  const { reflection: rho, expansion: chi, contraction: psi, shrink: sigma } = coefficients(options.adaptive ?? false, n);
  const evaluator = new Evaluator(f, evaluationBudget(options.maxIterations, options), options.onEvaluation);

  const vertices = initialSimplex(x0, options.initialStep);
  const values: number[] = vertices.map(() => Infinity);
  const centroid = new Float64Array(n);
  let iterations = 0;
  let converged = false;

  try {
    for (let j = 0; j <= n; j++) values[j] = await evaluator.evaluate(vertices[j] as Float64Array);
    sortSimplex(vertices, values);

    while (!(converged = isConverged(vertices, values, xatol, fatol))) {
      iterations += 1;
      centroid.fill(0);
      for (let j = 0; j < n; j++) {
        const v = vertices[j] as Float64Array;
        for (let i = 0; i < n; i++) centroid[i] = (centroid[i] as number) + (v[i] as number) / n;
      }
      const worst = vertices[n] as Float64Array;
      const fWorst = values[n] as number;

      const xr = along(centroid, worst, rho);
      const fr = await evaluator.evaluate(xr);
      let replacement: Float64Array | undefined;
      let fReplacement = Infinity;

      if (fr < (values[0] as number)) {
        const xe = along(centroid, worst, rho * chi);
        const fe = await evaluator.evaluate(xe);
        [replacement, fReplacement] = fe < fr ? [xe, fe] : [xr, fr];
      } else if (fr < (values[n - 1] as number)) {
        [replacement, fReplacement] = [xr, fr];
      } else if (fr < fWorst) {
        const xc = along(centroid, worst, psi * rho); // outside contraction
        const fc = await evaluator.evaluate(xc);
        if (fc <= fr) [replacement, fReplacement] = [xc, fc];
      } else {
        const xcc = along(centroid, worst, -psi); // inside contraction
        const fcc = await evaluator.evaluate(xcc);
        if (fcc < fWorst) [replacement, fReplacement] = [xcc, fcc];
      }

      if (replacement !== undefined) {
        vertices[n] = replacement;
        values[n] = fReplacement;
      } else {
        const best = vertices[0] as Float64Array;
        for (let j = 1; j <= n; j++) {
          const v = vertices[j] as Float64Array;
          for (let i = 0; i < n; i++) v[i] = (best[i] as number) + sigma * ((v[i] as number) - (best[i] as number));
          values[j] = Infinity; // until re-evaluated: the old value no longer belongs to this vertex
          values[j] = await evaluator.evaluate(v);
        }
      }
      sortSimplex(vertices, values);
    }
  } catch (error) {
    if (!isBudgetExhausted(error)) throw error;
  }

  return {
    x: Float64Array.from(evaluator.bestX ?? x0),
    fun: evaluator.bestValue,
    evaluations: evaluator.count,
    iterations,
    stopReason: converged ? 'converged' : 'max-iterations',
  };
}
