/**
 * COBYLA's trust-region subproblem (the job of Powell's TRSTLP), for the linear models at the pole:
 *
 *   stage 1: t* = min over ||d|| <= rho of max(0, max_i (b_i - a_i·d)), and d1 the shortest d that
 *            attains it (the greatest predicted constraint violation is reduced as far as possible);
 *   stage 2: minimise g·d subject to a_i·d >= b_i - t* (no increase of the greatest violation) and
 *            ||d|| <= rho.
 *
 * Here a_i is the gradient of constraint i, b_i = -c_i(pole) (constraint c_i(x) >= 0) and g the
 * objective gradient. With no constraints the answer is the steepest-descent step to the trust-region
 * boundary, d = -rho g / ||g||, exactly as TRSTLP gives.
 *
 * Deviation from Powell: instead of his active-set iteration with Givens rotations, this solves both
 * stages exactly by enumerating the candidate active sets S (|S| <= min(m, n), linearly independent):
 * for S the minimum-norm point of {a_i·d = r_i, i in S} and, in stage 2, that point plus the move
 * along -g projected onto the null space of S up to the boundary. The optimum of each convex stage is
 * one of these candidates, so taking the feasible candidate of least norm (stage 1, inside a bisection
 * on t) or least g·d (stage 2) is exact. The cost grows as 2^m, hence {@link MAX_COBYLA_CONSTRAINTS}.
 */
import { choleskySolveInPlace, dot, norm2 } from './linalg';

/** Most inequality constraints the exact enumeration is used for (2^m active sets per solve). */
export const MAX_COBYLA_CONSTRAINTS = 10;

const BISECTION_STEPS = 60;
const FEASIBILITY_TOLERANCE = 1e-10;
const FULL_STEP_TOLERANCE = 1e-8;

interface Workspace {
  readonly a: readonly Float64Array[];
  readonly n: number;
  readonly m: number;
  readonly rho: number;
  /** Gram matrix a_i·a_j, row-major m×m. */
  readonly gram: Float64Array;
  readonly aNorm: Float64Array;
}

function indicesOf(mask: number, m: number): number[] {
  const s: number[] = [];
  for (let i = 0; i < m; i++) if (mask & (1 << i)) s.push(i);
  return s;
}

/**
 * y = G_S^{-1} v_S for the Gram matrix of the constraints in `s`, or undefined if they are linearly
 * dependent.
 */
function solveGram(w: Workspace, s: readonly number[], v: (i: number) => number): Float64Array | undefined {
  const k = s.length;
  const gs = new Float64Array(k * k);
  const y = new Float64Array(k);
  for (let p = 0; p < k; p++) {
    y[p] = v(s[p] as number);
    for (let q = 0; q < k; q++) gs[p * k + q] = w.gram[(s[p] as number) * w.m + (s[q] as number)] as number;
  }
  return choleskySolveInPlace(gs, y, k) ? y : undefined;
}

/** out = sum_p y_p a_{s_p}. */
function combine(w: Workspace, s: readonly number[], y: Float64Array, out: Float64Array): Float64Array {
  out.fill(0);
  for (let p = 0; p < s.length; p++) {
    const ap = w.a[s[p] as number] as Float64Array;
    const yp = y[p] as number;
    for (let i = 0; i < w.n; i++) out[i] = (out[i] as number) + yp * (ap[i] as number);
  }
  return out;
}

function isFeasible(w: Workspace, r: Float64Array, d: Float64Array): boolean {
  for (let i = 0; i < w.m; i++) {
    const ri = r[i] as number;
    const tolerance = FEASIBILITY_TOLERANCE * (Math.abs(ri) + (w.aNorm[i] as number) * w.rho);
    if (dot(w.a[i] as Float64Array, d) < ri - tolerance) return false;
  }
  return true;
}

/** The shortest d with a_i·d >= r_i for all i, or undefined if the candidates find none. */
function minimumNormPoint(w: Workspace, r: Float64Array): Float64Array | undefined {
  let best: Float64Array | undefined;
  let bestNorm = Infinity;
  const d = new Float64Array(w.n);
  for (let mask = 0; mask < 1 << w.m; mask++) {
    const s = indicesOf(mask, w.m);
    if (s.length > w.n) continue;
    const y = solveGram(w, s, (i) => r[i] as number);
    if (y === undefined) continue;
    combine(w, s, y, d);
    const length = norm2(d);
    if (length < bestNorm && isFeasible(w, r, d)) {
      best = Float64Array.from(d);
      bestNorm = length;
    }
  }
  return best;
}

/** Stage 1: the least attainable greatest violation t* and the shortest step d1 attaining it. */
function leastViolationStep(w: Workspace, b: Float64Array): { t: number; d: Float64Array } {
  let violation = 0;
  for (let i = 0; i < w.m; i++) violation = Math.max(violation, b[i] as number);
  if (violation === 0) return { t: 0, d: new Float64Array(w.n) };
  const first = minimumNormPoint(w, b);
  if (first !== undefined && norm2(first) <= w.rho) return { t: 0, d: first };
  // The shortest feasible step grows as t falls; d = 0 is feasible at t = violation.
  let lo = 0;
  let hi = violation;
  let dHi: Float64Array = new Float64Array(w.n);
  const shifted = new Float64Array(w.m);
  for (let step = 0; step < BISECTION_STEPS && hi - lo > 1e-14 * violation; step++) {
    const mid = 0.5 * (lo + hi);
    for (let i = 0; i < w.m; i++) shifted[i] = (b[i] as number) - mid;
    const d = minimumNormPoint(w, shifted);
    if (d !== undefined && norm2(d) <= w.rho) {
      hi = mid;
      dHi = d;
    } else {
      lo = mid;
    }
  }
  return { t: hi, d: dHi };
}

/**
 * Solve the subproblem; writes the step into `out` (length n) and returns true if it reaches the
 * trust-region boundary (TRSTLP's IFULL). `a` holds m <= {@link MAX_COBYLA_CONSTRAINTS} gradients.
 */
export function solveTrustRegionSubproblem(
  a: readonly Float64Array[],
  b: Float64Array,
  g: Float64Array,
  rho: number,
  out: Float64Array,
): boolean {
  const n = g.length;
  const m = a.length;
  const gNorm = norm2(g);
  if (m === 0) {
    if (!(gNorm > 0) || !Number.isFinite(gNorm)) {
      out.fill(0);
      return false;
    }
    for (let i = 0; i < n; i++) out[i] = (-rho * (g[i] as number)) / gNorm;
    return true;
  }

  const gram = new Float64Array(m * m);
  const aNorm = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) gram[i * m + j] = dot(a[i] as Float64Array, a[j] as Float64Array);
    aNorm[i] = Math.sqrt(gram[i * m + i] as number);
  }
  const w: Workspace = { a, n, m, rho, gram, aNorm };

  const stage1 = leastViolationStep(w, b);
  const r = new Float64Array(m);
  for (let i = 0; i < m; i++) r[i] = (b[i] as number) - stage1.t;

  // Stage 2 over the candidate active sets; stage 1's step is the fallback (feasible by construction).
  let best: Float64Array = stage1.d;
  let bestValue = dot(g, best);
  const dp = new Float64Array(n);
  const projection = new Float64Array(n);
  const candidate = new Float64Array(n);
  for (let mask = 0; mask < 1 << m; mask++) {
    const s = indicesOf(mask, m);
    if (s.length > n) continue;
    const y = solveGram(w, s, (i) => r[i] as number);
    if (y === undefined) continue;
    combine(w, s, y, dp);
    const dpNormSq = dot(dp, dp);
    if (dpNormSq > rho * rho) continue;
    const mu = solveGram(w, s, (i) => dot(a[i] as Float64Array, g));
    if (mu === undefined) continue;
    combine(w, s, mu, projection);
    let nullNormSq = 0;
    for (let i = 0; i < n; i++) {
      projection[i] = (g[i] as number) - (projection[i] as number); // g projected onto the null space of S
      nullNormSq += (projection[i] as number) ** 2;
    }
    const nullNorm = Math.sqrt(nullNormSq);
    const reach = nullNorm > 1e-12 * gNorm ? Math.sqrt(rho * rho - dpNormSq) / nullNorm : 0;
    for (let i = 0; i < n; i++) candidate[i] = (dp[i] as number) - reach * (projection[i] as number);
    const value = dot(g, candidate);
    if (value < bestValue && isFeasible(w, r, candidate)) {
      best = Float64Array.from(candidate);
      bestValue = value;
    }
  }
  out.set(best);
  return norm2(best) >= rho * (1 - FULL_STEP_TOLERANCE);
}
