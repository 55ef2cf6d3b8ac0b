import { solveExactly, exactSolver, ProblemTooLargeError } from '../../lib/solvers';
import { bitstringFromSelection, createProblem } from '../../lib/portfolio';
import { ALL_TICKERS, bruteForce, realProblem } from '../helpers/problems';

describe('exact solver (Gray-code brute force)', () => {
  it.each([
    [4, 2, 0.5],
    [6, 3, 0.3],
    [8, 4, 0.5],
    [10, 3, 1.0],
    [12, 6, 0.5],
  ])('matches plain enumeration on real data: n=%i, B=%i, q=%f', (n, budget, q) => {
    const problem = realProblem(ALL_TICKERS.slice(0, n), budget, q);
    const oracle = bruteForce(problem);
    const solution = solveExactly(problem);
    expect(solution.optimum).toBeCloseTo(oracle.optimum, 14);
    expect(solution.worstFeasible).toBeCloseTo(oracle.worst, 14);
    expect(bitstringFromSelection(solution.optimalSelection)).toBe(oracle.bitstring);
    const binomial = [...Array(budget).keys()].reduce((acc, k) => (acc * (n - k)) / (k + 1), 1);
    expect(solution.feasibleCount).toBe(Math.round(binomial));
  });

  it('refuses more assets than maxAssets with a clear error', () => {
    const n = 6;
    const problem = createProblem({
      tickers: ['A', 'B', 'C', 'D', 'E', 'F'],
      mu: Array(n).fill(0.001),
      sigma: Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1e-4 : 0))),
      riskFactor: 0.5,
      budget: 3,
    });
    expect(() => solveExactly(problem, 5)).toThrow(ProblemTooLargeError);
    expect(() => solveExactly(problem, 5)).toThrow(/6 assets.*at most 5 assets/);
  });

  it('as a registry solver returns the optimum with probability 1', async () => {
    const problem = realProblem(['AAPL', 'AMZN', 'JPM', 'XOM', 'WMT'], 2);
    const result = await exactSolver.solve(problem);
    expect(result.bitstring).toBe(bruteForce(problem).bitstring);
    expect(result.feasible).toBe(true);
    expect(result.optimumProbability).toBe(1);
  });
});
