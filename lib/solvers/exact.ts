/**
 * Exact solver: brute force over every x in {0,1}^n, keeping the feasible ones (sum(x) = B).
 *
 * Enumerates all 2^n selections in Gray-code order, so each step flips one asset and the objective
 * q x^T Sigma x - mu^T x is updated in O(n) from cached local fields g = Sigma x. Cost O(2^n n):
 * about 0.5 s for n = 24 on one core. Returns the optimum and the worst feasible objective, which
 * together define the approximation ratio of any other answer.
 */
import { encodeLots, exactModelOptimum, objective, type PortfolioModel } from '../portfolio';
import type { PortfolioProblem } from '../portfolio/types';
import { ProblemTooLargeError, SolveAbortedError } from './errors';
import type { Solver, SolverResult } from './types';
import { bitstringOf, createLotModel, createModel, isPortfolioModel, sampleOf } from './model';

export const EXACT_DEFAULT_MAX_ASSETS = 24;
/** Hard ceiling: selections are enumerated as 31-bit masks. */
const EXACT_HARD_MAX_ASSETS = 30;

export interface ExactOptions {
  /** Largest n accepted (default 24: 16.7 M selections). */
  readonly maxAssets: number;
}

export interface ExactSolution {
  /** Optimal selection (0/1 per asset) and its objective. */
  readonly optimalSelection: readonly number[];
  readonly optimum: number;
  /** Worst (largest) objective among feasible selections. */
  readonly worstSelection: readonly number[];
  readonly worstFeasible: number;
  /** Number of feasible selections, C(n, B). */
  readonly feasibleCount: number;
}

/**
 * Brute-force the feasible optimum and worst value of a portfolio problem.
 * @throws ProblemTooLargeError when n > maxAssets.
 */
export function solveExactly(problem: PortfolioProblem, maxAssets = EXACT_DEFAULT_MAX_ASSETS): ExactSolution {
  const n = problem.tickers.length;
  if (n > Math.min(maxAssets, EXACT_HARD_MAX_ASSETS)) {
    throw new ProblemTooLargeError(
      `exact: ${n} assets means 2^${n} selections to enumerate; the exact solver accepts at most ${Math.min(maxAssets, EXACT_HARD_MAX_ASSETS)} ` +
        `assets. Use --solver classical (simulated annealing) or fewer tickers.`,
      { field: 'portfolio.tickers', details: { numAssets: n, maxAssets } },
    );
  }
  const q = problem.riskFactor;
  const B = problem.budget;
  const sigma = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sigma[i * n + j] = problem.sigma[i]![j]!;
  const mu = Float64Array.from(problem.mu);
  const field = new Float64Array(n); // g = Sigma x
  const x = new Uint8Array(n);
  let value = 0; // q x^T Sigma x - mu^T x
  let ones = 0;
  let bestMask = -1;
  let best = Infinity;
  let worstMask = -1;
  let worst = -Infinity;
  let feasibleCount = 0;
  let gray = 0;
  const total = 2 ** n;
  if (B === 0) {
    feasibleCount = 1;
    best = worst = 0;
    bestMask = worstMask = 0;
  }
  for (let step = 1; step < total; step++) {
    // The bit to flip in Gray-code order is the number of trailing zeros of step.
    const k = 31 - Math.clz32(step & -step);
    gray ^= 1 << k;
    const row = k * n;
    if (x[k] === 0) {
      value += q * (sigma[row + k]! + 2 * field[k]!) - mu[k]!;
      x[k] = 1;
      ones++;
      for (let j = 0; j < n; j++) field[j]! += sigma[row + j]!;
    } else {
      x[k] = 0;
      ones--;
      for (let j = 0; j < n; j++) field[j]! -= sigma[row + j]!;
      value -= q * (sigma[row + k]! + 2 * field[k]!) - mu[k]!;
    }
    if (ones === B) {
      feasibleCount++;
      if (value < best) {
        best = value;
        bestMask = gray;
      }
      if (value > worst) {
        worst = value;
        worstMask = gray;
      }
    }
  }
  // Report values recomputed from scratch, free of the running sum's rounding drift.
  const optimalSelection = maskToSelection(bestMask, n);
  const worstSelection = maskToSelection(worstMask, n);
  return {
    optimalSelection,
    optimum: objective(problem, optimalSelection),
    worstSelection,
    worstFeasible: objective(problem, worstSelection),
    feasibleCount,
  };
}

function maskToSelection(mask: number, n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = (mask >>> i) & 1;
  return out;
}

/** The exact solver behind the registry's `exact` name. */
export const exactSolver: Solver<ExactOptions> = {
  name: 'exact',
  async solve(problem, options, context) {
    if (context?.signal?.aborted) throw new SolveAbortedError('exact: cancelled before start', context.signal.reason);
    const started = performance.now();
    if (isPortfolioModel(problem)) return exactModelResult(problem, started);
    const solution = solveExactly(problem, options?.maxAssets ?? EXACT_DEFAULT_MAX_ASSETS);
    const best = sampleOf(createModel(problem), solution.optimalSelection, 1, 1);
    const result: SolverResult = {
      solver: 'exact',
      selection: solution.optimalSelection,
      bitstring: bitstringOf(solution.optimalSelection),
      objective: solution.optimum,
      energy: best.energy,
      feasible: true,
      samples: [best],
      optimumProbability: 1,
      shotsUsed: 0,
      wallSeconds: (performance.now() - started) / 1000,
    };
    return result;
  },
};

/** The exact answer of a weighted model: enumeration of its lot vectors (lib/portfolio model-exact.ts). */
function exactModelResult(portfolioModel: PortfolioModel, started: number): SolverResult {
  const { best } = exactModelOptimum(portfolioModel);
  const model = createLotModel(portfolioModel);
  const bits = encodeLots(portfolioModel, best.lots);
  const sample = sampleOf(model, bits, 1, 1);
  return {
    solver: 'exact',
    selection: bits,
    lots: best.lots,
    bitstring: sample.bitstring,
    objective: best.objective,
    energy: sample.energy,
    feasible: true,
    samples: [sample],
    shotsUsed: 0,
    wallSeconds: (performance.now() - started) / 1000,
  };
}
