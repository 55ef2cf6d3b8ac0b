/**
 * The integer-program discrete allocation, PyPortfolioOpt's `DiscreteAllocation.lp_portfolio`
 * (Martin, JOSS 6(61), 3066 (2021)): whole shares x_i >= 0 and leftover cash r >= 0 minimising
 *
 *   r + sum_i |w_i V - x_i p_i|    subject to    sum_i x_i p_i + r = V,
 *
 * with the absolute values as u_i >= +-(w_i V - x_i p_i). Solved as a MILP by HiGHS (highs.ts).
 */
import { allocationOf, checkAllocationInput, type DiscreteAllocation } from '../portfolio/allocation';
import { InvalidSolverOptionError } from './errors';
import { highs, lpNumber, lpTerms } from './highs';

/** HiGHS's time limit for the allocation MILP, seconds. */
export const ALLOCATION_TIME_LIMIT_SECONDS = 20;

/** @throws InvalidSolverOptionError when HiGHS finds no optimal allocation within the time limit. */
export async function milpAllocation(weights: readonly number[], prices: readonly number[], capitalUsd: number): Promise<DiscreteAllocation> {
  checkAllocationInput(weights, prices, capitalUsd);
  const n = weights.length;
  // Work in units of the capital so that every coefficient is O(1).
  const p = prices.map((v) => v / capitalUsd);
  const objective = lpTerms([[1, 'r'], ...Array.from({ length: n }, (_, i) => [1, `u${i}`] as const)]);
  const rows = [` cash: ${lpTerms([...p.map((v, i) => [v, `x${i}`] as const), [1, 'r']])} = 1`];
  for (let i = 0; i < n; i++) {
    rows.push(` over${i}: ${lpTerms([[1, `u${i}`], [p[i]!, `x${i}`]])} >= ${lpNumber(weights[i]!)}`);
    rows.push(` under${i}: ${lpTerms([[1, `u${i}`], [-p[i]!, `x${i}`]])} >= ${lpNumber(-weights[i]!)}`);
  }
  const lp = ['Minimize', ` obj: ${objective}`, 'Subject To', ...rows, 'Bounds', ...Array.from({ length: n }, (_, i) => ` x${i} >= 0`), 'General', ` ${Array.from({ length: n }, (_, i) => `x${i}`).join(' ')}`, 'End'].join('\n');
  const solver = await highs();
  const result = solver.solve(lp, { time_limit: ALLOCATION_TIME_LIMIT_SECONDS });
  if (result.Status !== 'Optimal') throw new InvalidSolverOptionError('capital', `the integer-program allocation found no optimum (HiGHS: ${result.Status}); use the greedy allocation`);
  const columns = result.Columns as Record<string, { Primal: number }>;
  const shares = Array.from({ length: n }, (_, i) => Math.round(columns[`x${i}`]!.Primal));
  return allocationOf(shares, weights, prices, capitalUsd, 'milp');
}
