import fc from 'fast-check';
import {
  createProblem,
  defaultPenalty,
  isingEnergy,
  objective,
  quboEnergy,
  toIsing,
  toQubo,
  type PortfolioProblem,
} from '../../lib/portfolio';

const SEED = 20240611;
const RUNS = 150;

/** Random problems with n <= 8: mu, a PSD Sigma (A A^T / n or symmetric diagonally dominant), q >= 0, 0 < B < n. */
const problemArb: fc.Arbitrary<PortfolioProblem> = fc
  .integer({ min: 2, max: 8 })
  .chain((n) =>
    fc.record({
      n: fc.constant(n),
      mu: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
      a: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n * n, maxLength: n * n }),
      psd: fc.boolean(),
      scale: fc.constantFrom(1e-4, 1e-2, 1, 100),
      riskFactor: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 10, noNaN: true })),
      budget: fc.integer({ min: 1, max: n - 1 }),
    }),
  )
  .map(({ n, mu, a, psd, scale, riskFactor, budget }) => {
    const at = (i: number, j: number) => a[i * n + j]!;
    const sigma = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (__, j) => {
        if (psd) {
          let s = 0;
          for (let k = 0; k < n; k++) s += at(i, k) * at(j, k);
          return (scale * s) / n;
        }
        // Symmetric and diagonally dominant (PSD by Gershgorin): createProblem refuses an indefinite Sigma.
        if (i !== j) return (scale * (at(i, j) + at(j, i))) / 2;
        let dominance = Math.abs(at(i, i));
        for (let k = 0; k < n; k++) if (k !== i) dominance += Math.abs(at(i, k) + at(k, i)) / 2;
        return scale * dominance;
      }),
    );
    return createProblem({
      tickers: Array.from({ length: n }, (_, i) => `T${i}`),
      mu: mu.map((m) => m * scale),
      sigma,
      riskFactor,
      budget,
    });
  });

/** All 2^n bit vectors (bit i of k is x_i). */
function allSelections(n: number): number[][] {
  return Array.from({ length: 2 ** n }, (_, k) => Array.from({ length: n }, (__, i) => (k >> i) & 1));
}

const count = (x: readonly number[]) => x.reduce((s, v) => s + v, 0);

/** A rounding tolerance for energies of this problem and penalty. */
function tolerance(problem: PortfolioProblem, penalty: number): number {
  const n = problem.mu.length;
  return 1e-12 * (defaultPenalty(problem) + penalty * (n + problem.budget) ** 2);
}

const penaltyArb = fc.oneof(fc.constant(undefined), fc.double({ min: 1e-3, max: 1e3, noNaN: true }));

describe('QUBO / Ising properties (exhaustive over {0,1}^n, n <= 8)', () => {
  it('QUBO energy = objective + P (sum(x) - B)^2 for every x', () => {
    fc.assert(
      fc.property(problemArb, penaltyArb, (problem, penalty) => {
        const qubo = toQubo(problem, { penalty });
        const P = qubo.penalty;
        let worstError = 0;
        for (const x of allSelections(problem.mu.length)) {
          const expected = objective(problem, x) + P * (count(x) - problem.budget) ** 2;
          worstError = Math.max(worstError, Math.abs(quboEnergy(qubo, x) - expected));
        }
        expect(worstError).toBeLessThanOrEqual(tolerance(problem, P));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('Ising energy at z = 1 - 2x equals QUBO energy at x for every x', () => {
    fc.assert(
      fc.property(problemArb, penaltyArb, (problem, penalty) => {
        const qubo = toQubo(problem, { penalty });
        const ising = toIsing(qubo);
        let worstError = 0;
        for (const x of allSelections(problem.mu.length)) {
          const z = x.map((v) => 1 - 2 * v);
          worstError = Math.max(worstError, Math.abs(isingEnergy(ising, z) - quboEnergy(qubo, x)));
        }
        expect(worstError).toBeLessThanOrEqual(tolerance(problem, qubo.penalty));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('the penalty part E(x) - objective(x) is zero exactly when sum(x) = B (and >= P otherwise)', () => {
    fc.assert(
      fc.property(problemArb, penaltyArb, (problem, penalty) => {
        const qubo = toQubo(problem, { penalty });
        let largestFeasible = 0;
        let smallestInfeasible = Infinity;
        for (const x of allSelections(problem.mu.length)) {
          const penaltyPart = quboEnergy(qubo, x) - objective(problem, x);
          if (count(x) === problem.budget) largestFeasible = Math.max(largestFeasible, Math.abs(penaltyPart));
          else smallestInfeasible = Math.min(smallestInfeasible, penaltyPart);
        }
        const tol = tolerance(problem, qubo.penalty);
        expect(largestFeasible).toBeLessThanOrEqual(tol);
        expect(smallestInfeasible).toBeGreaterThanOrEqual(qubo.penalty - tol);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('with the default P, every feasible x has lower QUBO energy than every infeasible x', () => {
    fc.assert(
      fc.property(problemArb, (problem) => {
        const qubo = toQubo(problem);
        let worstFeasible = -Infinity;
        let bestInfeasible = Infinity;
        for (const x of allSelections(problem.mu.length)) {
          const e = quboEnergy(qubo, x);
          if (count(x) === problem.budget) worstFeasible = Math.max(worstFeasible, e);
          else bestInfeasible = Math.min(bestInfeasible, e);
        }
        expect(worstFeasible).toBeLessThan(bestInfeasible);
        // the proof gives a margin of at least 1 (up to rounding)
        expect(bestInfeasible - worstFeasible).toBeGreaterThanOrEqual(1 - tolerance(problem, qubo.penalty));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
