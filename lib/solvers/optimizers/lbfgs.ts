/**
 * L-BFGS, the limited-memory quasi-Newton method (D.C. Liu & J. Nocedal, "On the limited memory BFGS
 * method for large scale optimization", Math. Programming 45, 503-528 (1989)), as described in
 * J. Nocedal & S.J. Wright, Numerical Optimization, 2nd ed. (2006): the two-loop recursion
 * (Algorithm 7.4) with the scaling H0 = (s'y / y'y) I (eq. 7.20), and a line search for the strong
 * Wolfe conditions (Algorithms 3.5 and 3.6, c1 = 1e-4, c2 = 0.9) with safeguarded cubic
 * interpolation (eq. 3.59). A pair (s, y) is kept only when s'y > 1e-10 y'y (curvature condition).
 *
 * It needs the gradient with every value: for variational circuits on the simulator, adjoint
 * differentiation gives both for about three simulations (lib/quantum subspace-simulator.ts).
 *
 * Stops when the largest gradient component is at most `gradientTolerance`, when an iteration lowers
 * f by at most `relativeTolerance * max(|f|, 1)` (scipy's `ftol` test), when the line search fails,
 * or when the evaluation budget is used up. Returns the best evaluated point.
 *
 * @example
 *   const r = await lbfgs((x, g) => { g[0] = 2 * (x[0]! - 1); return (x[0]! - 1) ** 2; }, new Float64Array(1), { maxEvaluations: 50 });
 */
import { InvalidOptimizerOptionError } from './errors';
import type { MinimizeResult } from './types';
import { validateInitialPoint, validateInteger, validateOptionalPositive } from './validate';

/** f(x) with its gradient written into `gradient` (length of x). NaN values count as +Infinity. */
export type ValueAndGradient = (x: Float64Array, gradient: Float64Array) => number | Promise<number>;

export interface LbfgsOptions {
  /** Evaluations of f and its gradient, an integer >= 1. */
  readonly maxEvaluations: number;
  /** Correction pairs kept. @default 10 */
  readonly memory?: number;
  /** Stop when max |g_i| <= this. @default 1e-6 */
  readonly gradientTolerance?: number;
  /** Stop when an iteration lowers f by at most this * max(|f|, 1). @default 1e-10 */
  readonly relativeTolerance?: number;
  /** Length of the first step along -g. @default 1 / max(|g|_2, 1e-12), at most 1 */
  readonly initialStep?: number;
  /** Called after every evaluation with the running count, the point and its value. */
  readonly onEvaluation?: (evaluation: number, x: Float64Array, value: number) => void;
}

export interface LbfgsResult extends MinimizeResult {
  /** Largest gradient component at `x`. */
  readonly gradientNorm: number;
  /** 'converged' also covers the relative-decrease test; 'line-search' when no acceptable step was found. */
  readonly stopReason: 'converged' | 'max-iterations';
}

export const LBFGS_DEFAULTS = { memory: 10, gradientTolerance: 1e-6, relativeTolerance: 1e-10, c1: 1e-4, c2: 0.9, maxLineSearch: 20 } as const;

class OutOfBudget {}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};
const maxAbs = (a: Float64Array): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
};

/** Minimizer of the cubic through (a, fa, da) and (b, fb, db), or NaN (N&W eq. 3.59). */
function cubicMin(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const d1 = da + db - 3 * (fa - fb) / (a - b);
  const disc = d1 * d1 - da * db;
  if (!(disc >= 0)) return NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  return b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
}

/**
 * Minimize f from x0.
 * @throws InvalidOptimizerOptionError on a bad x0 or option
 */
export async function lbfgs(f: ValueAndGradient, x0: Float64Array, options: LbfgsOptions): Promise<LbfgsResult> {
  validateInitialPoint(x0);
  validateInteger('options.maxEvaluations', options.maxEvaluations, 1);
  validateOptionalPositive('options.gradientTolerance', options.gradientTolerance);
  validateOptionalPositive('options.relativeTolerance', options.relativeTolerance);
  validateOptionalPositive('options.initialStep', options.initialStep);
  if (options.memory !== undefined) validateInteger('options.memory', options.memory, 1);
  const memory = options.memory ?? LBFGS_DEFAULTS.memory;
  const gtol = options.gradientTolerance ?? LBFGS_DEFAULTS.gradientTolerance;
  const ftol = options.relativeTolerance ?? LBFGS_DEFAULTS.relativeTolerance;
  const { c1, c2, maxLineSearch } = LBFGS_DEFAULTS;
  const n = x0.length;

  let evaluations = 0;
  let best = { f: Infinity, x: Float64Array.from(x0), g: new Float64Array(n) };
  /** Evaluate at x into g; returns f. Throws OutOfBudget when no evaluation is left. */
  const evaluate = async (x: Float64Array, g: Float64Array): Promise<number> => {
    if (evaluations >= options.maxEvaluations) throw new OutOfBudget();
    const given = Float64Array.from(x);
    const raw = await f(given, g);
    const value = typeof raw === 'number' && !Number.isNaN(raw) ? raw : Infinity;
    evaluations++;
    if (value < best.f || evaluations === 1) best = { f: value, x: Float64Array.from(x), g: Float64Array.from(g) };
    options.onEvaluation?.(evaluations, given, value);
    return value;
  };

  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const R: number[] = [];
  const alphaBuf = new Float64Array(memory);
  let iterations = 0;
  let stopReason: LbfgsResult['stopReason'] = 'max-iterations';
  try {
    let x = Float64Array.from(x0);
    let g: Float64Array = new Float64Array(n);
    let fx = await evaluate(x, g);
    const d = new Float64Array(n);
    const xt = new Float64Array(n);
    for (;;) {
      if (maxAbs(g) <= gtol) {
        stopReason = 'converged';
        break;
      }
      // Two-loop recursion: d = -H g.
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      for (let m = S.length - 1; m >= 0; m--) {
        const a = R[m]! * dot(S[m]!, d);
        alphaBuf[m] = a;
        const y = Y[m]!;
        for (let i = 0; i < n; i++) d[i]! -= a * y[i]!;
      }
      if (S.length > 0) {
        const y = Y[S.length - 1]!;
        const gamma = dot(S[S.length - 1]!, y) / dot(y, y);
        for (let i = 0; i < n; i++) d[i]! *= gamma;
      }
      for (let m = 0; m < S.length; m++) {
        const b = R[m]! * dot(Y[m]!, d);
        const s = S[m]!;
        const a = alphaBuf[m]!;
        for (let i = 0; i < n; i++) d[i]! += (a - b) * s[i]!;
      }
      let dphi0 = dot(g, d);
      if (!(dphi0 < 0)) {
        // Not a descent direction (bad curvature information): restart from steepest descent.
        S.length = 0;
        Y.length = 0;
        R.length = 0;
        for (let i = 0; i < n; i++) d[i] = -g[i]!;
        dphi0 = dot(g, d);
      }
      const step0 = S.length === 0 ? Math.min(1, options.initialStep ?? 1 / Math.max(Math.sqrt(-dphi0), 1e-12)) : 1;

      // Strong Wolfe line search (N&W Algorithm 3.5 with zoom, Algorithm 3.6).
      interface Trial { readonly alpha: number; readonly f: number; readonly dphi: number; readonly g: Float64Array }
      const at = async (alpha: number): Promise<Trial> => {
        const gt = new Float64Array(n);
        for (let i = 0; i < n; i++) xt[i] = x[i]! + alpha * d[i]!;
        const ft = await evaluate(xt, gt);
        return { alpha, f: ft, dphi: dot(gt, d), g: gt };
      };
      let accepted: Trial | undefined;
      let lo: Trial = { alpha: 0, f: fx, dphi: dphi0, g };
      let hi: Trial | undefined;
      let alpha = step0;
      for (let k = 0; k < maxLineSearch && !accepted; k++) {
        if (hi === undefined) {
          const p = await at(alpha);
          if (p.f > fx + c1 * alpha * dphi0 || (k > 0 && p.f >= lo.f)) hi = p;
          else if (Math.abs(p.dphi) <= -c2 * dphi0) accepted = p;
          else if (p.dphi >= 0) {
            hi = lo;
            lo = p;
          } else {
            lo = p;
            alpha *= 2;
          }
          continue;
        }
        // Zoom between lo (sufficient decrease, lowest f so far) and hi.
        const left = Math.min(lo.alpha, hi.alpha);
        const right = Math.max(lo.alpha, hi.alpha);
        let trial = cubicMin(lo.alpha, lo.f, lo.dphi, hi.alpha, hi.f, hi.dphi);
        if (!(trial >= left + 0.1 * (right - left) && trial <= right - 0.1 * (right - left))) trial = (lo.alpha + hi.alpha) / 2;
        const p = await at(trial);
        if (p.f > fx + c1 * trial * dphi0 || p.f >= lo.f) hi = p;
        else if (Math.abs(p.dphi) <= -c2 * dphi0) accepted = p;
        else {
          if (p.dphi * (hi.alpha - lo.alpha) >= 0) hi = lo;
          lo = p;
        }
        if (!accepted && (right - left) * maxAbs(d) < 1e-14) break;
      }
      // Without a Wolfe point, take the lowest sufficient-decrease point; with none, stop.
      accepted ??= lo.alpha > 0 ? lo : undefined;
      if (!accepted) {
        stopReason = 'converged';
        break;
      }
      iterations++;
      const s = new Float64Array(n);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        s[i] = accepted.alpha * d[i]!;
        y[i] = accepted.g[i]! - g[i]!;
      }
      const sy = dot(s, y);
      if (sy > 1e-10 * dot(y, y)) {
        if (S.length === memory) {
          S.shift();
          Y.shift();
          R.shift();
        }
        S.push(s);
        Y.push(y);
        R.push(1 / sy);
      }
      const fPrev = fx;
      for (let i = 0; i < n; i++) x[i]! += s[i]!;
      g = accepted.g;
      fx = accepted.f;
      if (fPrev - fx <= ftol * Math.max(Math.abs(fPrev), Math.abs(fx), 1)) {
        stopReason = 'converged';
        break;
      }
    }
  } catch (error) {
    if (!(error instanceof OutOfBudget)) throw error;
  }
  if (evaluations === 0) throw new InvalidOptimizerOptionError('options.maxEvaluations', options.maxEvaluations, 'an integer >= 1');
  return { x: best.x, fun: best.f, evaluations, iterations, stopReason, gradientNorm: maxAbs(best.g) };
}
