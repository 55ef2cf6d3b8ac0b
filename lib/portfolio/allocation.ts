/**
 * Discrete allocation: target weights and capital in USD into whole shares at the latest prices, as
 * PyPortfolioOpt's `DiscreteAllocation.greedy_portfolio` does it (Martin, "PyPortfolioOpt: portfolio
 * optimization in Python", JOSS 6(61), 3066 (2021)): first as many shares of each asset, largest
 * weight first, as fit under its target; then one share at a time of the affordable asset furthest
 * below its target weight, until no share is affordable. The integer-program variant
 * (`lp_portfolio`) is lib/solvers/allocation-milp.ts.
 */
import { invalidProblem } from './errors';

export interface DiscreteAllocation {
  /** Whole shares per asset, shape (n). */
  readonly shares: readonly number[];
  /** Capital left in cash, USD. */
  readonly leftoverUsd: number;
  /** Weights the shares achieve (share value / capital), shape (n). */
  readonly weights: readonly number[];
  /** sum_i |target_i * capital - shares_i * price_i|, USD: the distance to the targets. */
  readonly deviationUsd: number;
  readonly method: 'greedy' | 'milp';
}

/** Check the inputs of an allocation. @throws PortfolioError INVALID_PROBLEM naming the field. */
export function checkAllocationInput(weights: readonly number[], prices: readonly number[], capitalUsd: number): void {
  if (!(Number.isFinite(capitalUsd) && capitalUsd > 0)) throw invalidProblem('capital', `capital: ${capitalUsd} must be a positive amount of USD`, { value: capitalUsd });
  if (prices.length !== weights.length) throw invalidProblem('prices', `prices: ${prices.length} latest prices for ${weights.length} weights`, {});
  prices.forEach((p, i) => {
    if (!(Number.isFinite(p) && p > 0)) throw invalidProblem('prices', `prices: the latest price of asset ${i} is ${p}; must be positive`, { asset: i });
  });
  weights.forEach((w, i) => {
    if (!(Number.isFinite(w) && w >= 0 && w <= 1 + 1e-9)) throw invalidProblem('weights', `weights: ${w} for asset ${i} must be between 0 and 1`, { asset: i });
  });
}

/** The weights, leftover and deviation of whole shares. */
export function allocationOf(shares: readonly number[], weights: readonly number[], prices: readonly number[], capitalUsd: number, method: DiscreteAllocation['method']): DiscreteAllocation {
  const spent = shares.reduce((s, x, i) => s + x * prices[i]!, 0);
  return {
    shares: [...shares],
    leftoverUsd: capitalUsd - spent,
    weights: shares.map((x, i) => (x * prices[i]!) / capitalUsd),
    deviationUsd: shares.reduce((s, x, i) => s + Math.abs(weights[i]! * capitalUsd - x * prices[i]!), 0),
    method,
  };
}

/** PyPortfolioOpt's greedy allocation (module docstring). */
export function greedyAllocation(weights: readonly number[], prices: readonly number[], capitalUsd: number): DiscreteAllocation {
  checkAllocationInput(weights, prices, capitalUsd);
  const n = weights.length;
  const shares = new Array<number>(n).fill(0);
  let funds = capitalUsd;
  const order = weights.map((w, i) => [w, i] as const).filter(([w]) => w > 0).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [w, i] of order) {
    const x = Math.floor((w * capitalUsd) / prices[i]!);
    const cost = x * prices[i]!;
    if (cost <= funds + 1e-9) {
      shares[i] = x;
      funds -= cost;
    }
  }
  for (;;) {
    let best = -1;
    let bestDeficit = -Infinity;
    for (const [w, i] of order) {
      if (prices[i]! > funds + 1e-9) continue;
      const deficit = w - (shares[i]! * prices[i]!) / capitalUsd;
      if (deficit > bestDeficit) {
        bestDeficit = deficit;
        best = i;
      }
    }
    if (best < 0) break;
    shares[best]! += 1;
    funds -= prices[best]!;
  }
  return allocationOf(shares, weights, prices, capitalUsd, 'greedy');
}
