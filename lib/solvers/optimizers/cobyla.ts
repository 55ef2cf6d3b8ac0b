/**
 * COBYLA, Constrained Optimization BY Linear Approximations (M.J.D. Powell, "A direct search
 * optimization method that models the objective and constraint functions by linear interpolation",
 * in Advances in Optimization and Numerical Analysis, Kluwer, 1994, pp. 51–67), as in scipy's
 * `minimize(method='COBYLA')` and qiskit_algorithms' `COBYLA` (rhobeg 1.0, tol = rhoend 1e-4,
 * maxiter = maximum objective evaluations, default 1000 in qiskit).
 *
 * The objective (and the constraints c_i(x) >= 0, if any) are modelled linearly by interpolation on a
 * simplex of d + 1 points. Each iteration steps from the best vertex (the pole) to the minimiser of
 * the models in a trust region of radius rho ({@link solveTrustRegionSubproblem}); the new point
 * replaces the vertex chosen by Powell's rules. When steps stop paying off and the simplex is
 * acceptable (every vertex at least 0.25·rho from its opposite face, every edge from the pole at most
 * 2.1·rho), rho is halved, down to rhoend; an unacceptable simplex is first repaired by a geometry
 * step of length 0.5·rho. Constraints enter through Powell's merit function f + mu·max(0, -c_i) with
 * his update of mu.
 *
 * @example
 *   const r = await cobyla((x) => (x[0]! - 1) ** 2 + (x[1]! - 3) ** 2, new Float64Array(2), { maxIterations: 500 });
 *   // r.x ≈ [1, 3] to about rhoend
 */
import { MAX_COBYLA_CONSTRAINTS, solveTrustRegionSubproblem } from './cobyla-subproblem';
import { InvalidOptimizerOptionError } from './errors';
import { evaluationBudget, Evaluator, isBudgetExhausted, sanitizeValue } from './evaluator';
import { dot } from './linalg';
import type { MinimizeOptions, MinimizeResult, Objective } from './types';
import { validateCommon } from './validate';

/** An inequality constraint c(x) >= 0. `x` is a copy owned by the caller of the constraint. */
export type Constraint = (x: Float64Array) => number | Promise<number>;

export interface CobylaOptions extends MinimizeOptions {
  /** Inequality constraints c_i(x) >= 0, at most {@link MAX_COBYLA_CONSTRAINTS}. @default [] */
  readonly constraints?: readonly Constraint[];
}

export interface CobylaResult extends MinimizeResult {
  /** max(0, max_i -c_i(x)) at the returned point (0 without constraints). */
  readonly maxConstraintViolation: number;
}

/** Defaults: rhobeg 1 and rhoend 1e-4 (scipy / qiskit). */
export const COBYLA_DEFAULTS = { rhobeg: 1.0, rhoend: 1e-4 } as const;

/** Powell's constants: acceptability (ALPHA, BETA), geometry step (GAMMA) and edge (DELTA) factors. */
const ALPHA = 0.25;
const BETA = 2.1;
const GAMMA = 0.5;
const DELTA = 1.1;
/** Objective and constraint values are clipped to ±HUGE in the models ("moderated extreme barrier"). */
const HUGE = 1e30;
/** Largest acceptable error in simi·sim = I before rounding errors end the run (Powell: 0.1). */
const INVERSE_ERROR_LIMIT = 0.1;

interface Sample {
  readonly f: number;
  readonly c: Float64Array;
  readonly violation: number;
}

function moderate(v: number): number {
  return Math.min(HUGE, Math.max(-HUGE, v));
}

/**
 * The interpolation simplex: the pole (best vertex) and, for vertex j < n, its displacement from the
 * pole; `simi` is the inverse of the displacement matrix (row j · disp[k] = δ_jk). Values at vertex j
 * are in column j, the pole's in column n.
 */
class Simplex {
  readonly pole: Float64Array;
  readonly disp: Float64Array[];
  readonly simi: Float64Array[];
  /** Objective at the vertices, clipped to ±HUGE for the models. */
  readonly f: Float64Array;
  /** Objective at the vertices as evaluated (NaN already mapped to +Infinity). */
  readonly fRaw: Float64Array;
  readonly violation: Float64Array;
  /** Vertices stored so far (the pole's column counts once). */
  filled = 0;
  /** c[i][j]: constraint i at vertex j. */
  readonly c: Float64Array[];

  constructor(
    readonly n: number,
    readonly m: number,
    x0: Float64Array,
    rho: number,
  ) {
    this.pole = Float64Array.from(x0);
    this.disp = [];
    this.simi = [];
    for (let j = 0; j < n; j++) {
      const dj = new Float64Array(n);
      dj[j] = rho;
      this.disp.push(dj);
      const sj = new Float64Array(n);
      sj[j] = 1 / rho;
      this.simi.push(sj);
    }
    this.f = new Float64Array(n + 1);
    this.fRaw = new Float64Array(n + 1);
    this.violation = new Float64Array(n + 1);
    this.c = Array.from({ length: m }, () => new Float64Array(n + 1));
  }

  store(j: number, s: Sample): void {
    this.f[j] = moderate(s.f);
    this.fRaw[j] = s.f;
    this.filled = Math.min(this.filled + 1, this.n + 1);
    this.violation[j] = s.violation;
    for (let i = 0; i < this.m; i++) (this.c[i] as Float64Array)[j] = s.c[i] as number;
  }

  swapValues(j: number, k: number): void {
    const swap = (arr: Float64Array): void => {
      const t = arr[j] as number;
      arr[j] = arr[k] as number;
      arr[k] = t;
    };
    swap(this.f);
    swap(this.fRaw);
    swap(this.violation);
    for (const ci of this.c) swap(ci);
  }

  merit(j: number, mu: number): number {
    return (this.f[j] as number) + mu * (this.violation[j] as number);
  }

  /** Point of vertex j (j = n: the pole) into `out`. */
  vertex(j: number, out: Float64Array): Float64Array {
    out.set(this.pole);
    if (j < this.n) {
      const dj = this.disp[j] as Float64Array;
      for (let i = 0; i < this.n; i++) out[i] = (out[i] as number) + (dj[i] as number);
    }
    return out;
  }

  /**
   * Make vertex `best` (< n) the pole: displacements become d_k - d_best, the old pole sits at
   * -d_best, and only row `best` of the inverse changes, to minus the sum of all rows.
   */
  movePoleTo(best: number): void {
    const n = this.n;
    const d = Float64Array.from(this.disp[best] as Float64Array);
    for (let i = 0; i < n; i++) this.pole[i] = (this.pole[i] as number) + (d[i] as number);
    for (let k = 0; k < n; k++) {
      const dk = this.disp[k] as Float64Array;
      if (k === best) for (let i = 0; i < n; i++) dk[i] = -(d[i] as number);
      else for (let i = 0; i < n; i++) dk[i] = (dk[i] as number) - (d[i] as number);
    }
    const row = this.simi[best] as Float64Array;
    const sum = new Float64Array(n);
    for (const sk of this.simi) for (let i = 0; i < n; i++) sum[i] = (sum[i] as number) - (sk[i] as number);
    row.set(sum);
    this.swapValues(best, n);
  }

  /** Replace the displacement of vertex j by `dx` and update the inverse (Sherman–Morrison). */
  replaceDisplacement(j: number, dx: Float64Array): void {
    (this.disp[j] as Float64Array).set(dx);
    const rowJ = this.simi[j] as Float64Array;
    const scale = dot(rowJ, dx);
    for (let i = 0; i < this.n; i++) rowJ[i] = (rowJ[i] as number) / scale;
    for (let k = 0; k < this.n; k++) {
      if (k === j) continue;
      const rowK = this.simi[k] as Float64Array;
      const t = dot(rowK, dx);
      for (let i = 0; i < this.n; i++) rowK[i] = (rowK[i] as number) - t * (rowJ[i] as number);
    }
  }

  /** max |simi · disp - I|, Powell's test for damaging rounding errors. */
  inverseError(): number {
    let error = 0;
    for (let i = 0; i < this.n; i++) {
      for (let j = 0; j < this.n; j++) {
        const v = dot(this.simi[i] as Float64Array, this.disp[j] as Float64Array) - (i === j ? 1 : 0);
        error = Math.max(error, Math.abs(v));
      }
    }
    return error;
  }

  /** Gradient of the linear interpolant of `values` (one per vertex, pole last) into `out`. */
  gradient(values: Float64Array, out: Float64Array): Float64Array {
    out.fill(0);
    const at = values[this.n] as number;
    for (let j = 0; j < this.n; j++) {
      const w = (values[j] as number) - at;
      const sj = this.simi[j] as Float64Array;
      for (let i = 0; i < this.n; i++) out[i] = (out[i] as number) + w * (sj[i] as number);
    }
    return out;
  }
}

function validateCobylaOptions(x0: Float64Array, options: CobylaOptions): void {
  validateCommon(x0, options);
  const m = options.constraints?.length ?? 0;
  if (m > MAX_COBYLA_CONSTRAINTS) {
    throw new InvalidOptimizerOptionError('options.constraints.length', m, `at most ${MAX_COBYLA_CONSTRAINTS}`);
  }
}

/**
 * Minimise `f` from `x0` by COBYLA. `maxIterations` bounds the objective evaluations (never exceeded;
 * constraints are evaluated with the objective and not counted); `iterations` counts the evaluations
 * after the initial simplex. `initialStep` is rhobeg (default 1), `tolerance` rhoend (default 1e-4,
 * clipped to rhobeg). stopReason is 'converged' when rho has reached rhoend (or, rarely, when rounding
 * errors in the simplex inverse end the run, as Powell's code does). Without constraints the result
 * is the best evaluated point; with constraints the final pole, the best vertex by Powell's merit
 * function f + mu·max(0, -c_i), as Powell's code and scipy return.
 *
 * @throws InvalidOptimizerOptionError for a bad `x0` or option (before any evaluation)
 */
export async function cobyla(f: Objective, x0: Float64Array, options: CobylaOptions): Promise<CobylaResult> {
  validateCobylaOptions(x0, options);
  const n = x0.length;
  const constraints = options.constraints ?? [];
  const m = constraints.length;
  const rhobeg = options.initialStep ?? COBYLA_DEFAULTS.rhobeg;
  const rhoend = Math.min(options.tolerance ?? COBYLA_DEFAULTS.rhoend, rhobeg);
  const evaluator = new Evaluator(f, evaluationBudget(options.maxIterations, options), options.onEvaluation);

  const sample = async (x: Float64Array): Promise<Sample> => {
    const fx = await evaluator.evaluate(x);
    const c = new Float64Array(m);
    let violation = 0;
    for (let i = 0; i < m; i++) {
      const raw = sanitizeValue(await (constraints[i] as Constraint)(Float64Array.from(x)));
      const ci = Number.isFinite(raw) ? moderate(raw) : -HUGE; // NaN or ±Infinity: treated as violated
      c[i] = ci;
      violation = Math.max(violation, -ci);
    }
    return { f: fx, c, violation };
  };

  let rho = rhobeg;
  let mu = 0; // Powell's PARMU
  let iterations = 0;
  let converged = false;
  const simplex = new Simplex(n, m, x0, rho);
  const x = new Float64Array(n);
  const dx = new Float64Array(n);
  const g = new Float64Array(n);
  const a = Array.from({ length: m }, () => new Float64Array(n));
  const b = new Float64Array(m);
  const vsig = new Float64Array(n);
  const veta = new Float64Array(n);

  try {
    // The initial simplex: pole x0 and pole + rho e_j; a better vertex becomes the pole at once.
    simplex.store(n, await sample(simplex.pole));
    for (let j = 0; j < n; j++) {
      simplex.vertex(n, x);
      x[j] = (x[j] as number) + rho;
      simplex.store(j, await sample(x));
      if ((simplex.f[j] as number) < (simplex.f[n] as number)) {
        // The vertices k > j are not made yet and will be placed around the new pole.
        simplex.swapValues(j, n);
        simplex.pole[j] = (simplex.pole[j] as number) + rho;
        for (let k = 0; k <= j; k++) {
          (simplex.disp[k] as Float64Array)[j] = -rho;
          let s = 0;
          for (let i = k; i <= j; i++) s -= (simplex.simi[i] as Float64Array)[k] as number;
          (simplex.simi[j] as Float64Array)[k] = s;
        }
      }
    }

    let needGeometry = false; // Powell's IBRNCH = 0: the next evaluation may repair the simplex
    for (;;) {
      // The best vertex by the merit function becomes the pole.
      let nbest = n;
      let phimin = simplex.merit(n, mu);
      for (let j = 0; j < n; j++) {
        const phi = simplex.merit(j, mu);
        const tieBreak = phi === phimin && mu === 0 && (simplex.violation[j] as number) < (simplex.violation[nbest] as number);
        if (phi < phimin || tieBreak) {
          nbest = j;
          phimin = phi;
        }
      }
      if (nbest < n) simplex.movePoleTo(nbest);
      if (!(simplex.inverseError() <= INVERSE_ERROR_LIMIT)) {
        converged = true;
        break;
      }

      // Linear models: objective gradient g; constraint rows a_i·d >= b_i with b_i = -c_i(pole).
      simplex.gradient(simplex.f, g);
      for (let i = 0; i < m; i++) {
        simplex.gradient(simplex.c[i] as Float64Array, a[i] as Float64Array);
        b[i] = -((simplex.c[i] as Float64Array)[n] as number);
      }

      // Acceptability: vsig_j = distance of vertex j from the opposite face, veta_j = edge length.
      const parsig = ALPHA * rho;
      const pareta = BETA * rho;
      let acceptable = true;
      for (let j = 0; j < n; j++) {
        vsig[j] = 1 / Math.sqrt(dot(simplex.simi[j] as Float64Array, simplex.simi[j] as Float64Array));
        veta[j] = Math.sqrt(dot(simplex.disp[j] as Float64Array, simplex.disp[j] as Float64Array));
        if ((vsig[j] as number) < parsig || (veta[j] as number) > pareta) acceptable = false;
      }

      if (needGeometry && !acceptable) {
        // Geometry step: replace the longest edge (or the flattest vertex) by a step of GAMMA·rho
        // normal to the opposite face, its sign chosen by the predicted merit.
        let jdrop = -1;
        let worst = pareta;
        for (let j = 0; j < n; j++) {
          if ((veta[j] as number) > worst) {
            jdrop = j;
            worst = veta[j] as number;
          }
        }
        if (jdrop < 0) {
          for (let j = 0; j < n; j++) {
            if ((vsig[j] as number) < worst) {
              jdrop = j;
              worst = vsig[j] as number;
            }
          }
        }
        const row = simplex.simi[jdrop] as Float64Array;
        const scale = GAMMA * rho * (vsig[jdrop] as number);
        for (let i = 0; i < n; i++) dx[i] = scale * (row[i] as number);
        let violationPlus = 0;
        let violationMinus = 0;
        for (let i = 0; i < m; i++) {
          const adx = dot(a[i] as Float64Array, dx);
          violationPlus = Math.max(violationPlus, (b[i] as number) - adx);
          violationMinus = Math.max(violationMinus, (b[i] as number) + adx);
        }
        if (mu * (violationPlus - violationMinus) > -2 * dot(g, dx)) for (let i = 0; i < n; i++) dx[i] = -(dx[i] as number);
        simplex.replaceDisplacement(jdrop, dx);
        for (let i = 0; i < n; i++) x[i] = (simplex.pole[i] as number) + (dx[i] as number);
        simplex.store(jdrop, await sample(x));
        iterations += 1;
        needGeometry = false;
        continue;
      }
      needGeometry = false;

      // Trust-region step.
      const full = solveTrustRegionSubproblem(a, b, g, rho, dx);
      let keepRho = false;
      if (full || dot(dx, dx) >= 0.25 * rho * rho) {
        // Predicted change of f and of the greatest violation; raise mu if the step trades them badly.
        let predictedViolation = 0;
        for (let i = 0; i < m; i++) predictedViolation = Math.max(predictedViolation, (b[i] as number) - dot(a[i] as Float64Array, dx));
        const predictedChange = dot(g, dx);
        const prerec = (simplex.violation[n] as number) - predictedViolation;
        const barmu = prerec > 0 ? predictedChange / prerec : 0;
        if (mu < 1.5 * barmu) {
          mu = 2 * barmu;
          const phiPole = simplex.merit(n, mu);
          let poleChanges = false;
          for (let j = 0; j < n; j++) {
            const phi = simplex.merit(j, mu);
            if (phi < phiPole || (phi === phiPole && mu === 0 && (simplex.violation[j] as number) < (simplex.violation[n] as number))) {
              poleChanges = true;
            }
          }
          if (poleChanges) continue;
        }
        let prerem = mu * prerec - predictedChange;

        for (let i = 0; i < n; i++) x[i] = (simplex.pole[i] as number) + (dx[i] as number);
        const s = await sample(x);
        iterations += 1;
        const fNew = moderate(s.f);
        let trured = simplex.merit(n, mu) - (fNew + mu * s.violation);
        if (mu === 0 && fNew === (simplex.f[n] as number)) {
          prerem = prerec;
          trured = (simplex.violation[n] as number) - s.violation;
        }

        // Which vertex the new point replaces: any if it improved the merit, else only one whose
        // replacement enlarges the simplex volume (|barycentric coordinate| > 1); far vertices first.
        let ratio = trured <= 0 ? 1 : 0;
        let jdrop = -1;
        const sigbar = new Float64Array(n);
        for (let j = 0; j < n; j++) {
          const coordinate = Math.abs(dot(simplex.simi[j] as Float64Array, dx));
          if (coordinate > ratio) {
            jdrop = j;
            ratio = coordinate;
          }
          sigbar[j] = coordinate * (vsig[j] as number);
        }
        let edgmax = DELTA * rho;
        let far = -1;
        for (let j = 0; j < n; j++) {
          if ((sigbar[j] as number) >= parsig || (sigbar[j] as number) >= (vsig[j] as number)) {
            let distance = veta[j] as number;
            if (trured > 0) {
              const dj = simplex.disp[j] as Float64Array;
              let sq = 0;
              for (let i = 0; i < n; i++) sq += ((dx[i] as number) - (dj[i] as number)) ** 2;
              distance = Math.sqrt(sq);
            }
            if (distance > edgmax) {
              far = j;
              edgmax = distance;
            }
          }
        }
        if (far >= 0) jdrop = far;
        if (jdrop >= 0) {
          simplex.replaceDisplacement(jdrop, dx);
          simplex.store(jdrop, s);
          keepRho = trured > 0 && trured >= 0.1 * prerem;
        }
      }
      if (keepRho) continue;

      // No worthwhile progress at this rho: repair the simplex first, else shrink rho.
      if (!acceptable) {
        needGeometry = true;
        continue;
      }
      if (rho <= rhoend) {
        converged = true;
        break;
      }
      rho *= 0.5;
      if (rho <= 1.5 * rhoend) rho = rhoend;
      if (mu > 0) mu = reducedMu(simplex, mu);
    }
  } catch (error) {
    if (!isBudgetExhausted(error)) throw error;
  }

  // Without constraints: the best evaluated point. With them: the pole, the best vertex by the merit
  // function (what Powell's code returns), whose violation is reported.
  const chosen =
    m === 0 || simplex.filled === 0
      ? { x: Float64Array.from(evaluator.bestX ?? x0), f: evaluator.bestValue, violation: 0 }
      : { x: Float64Array.from(simplex.pole), f: simplex.fRaw[n] as number, violation: simplex.violation[n] as number };
  return {
    x: chosen.x,
    fun: chosen.f,
    evaluations: evaluator.count,
    iterations,
    stopReason: converged ? 'converged' : 'max-iterations',
    maxConstraintViolation: chosen.violation,
  };
}

/**
 * Powell's reduction of mu when rho shrinks: mu is capped at (range of f over the simplex) / (least
 * range of a constraint that is violated somewhere, cmin < cmax/2), or set to 0 if there is none.
 */
function reducedMu(simplex: Simplex, mu: number): number {
  const n = simplex.n;
  let denom = 0;
  for (const ci of simplex.c) {
    let cmin = ci[n] as number;
    let cmax = cmin;
    for (let j = 0; j < n; j++) {
      cmin = Math.min(cmin, ci[j] as number);
      cmax = Math.max(cmax, ci[j] as number);
    }
    if (cmin < 0.5 * cmax) {
      const range = Math.max(cmax, 0) - cmin;
      denom = denom <= 0 ? range : Math.min(denom, range);
    }
  }
  if (denom === 0) return 0;
  let fmin = simplex.f[n] as number;
  let fmax = fmin;
  for (let j = 0; j < n; j++) {
    fmin = Math.min(fmin, simplex.f[j] as number);
    fmax = Math.max(fmax, simplex.f[j] as number);
  }
  return fmax - fmin < mu * denom ? (fmax - fmin) / denom : mu;
}
