/**
 * The exact optimum of a PortfolioModel by enumeration of its feasible lot vectors (depth first over
 * the assets, each within its lot bounds, pruned by the remaining budget and the sector caps).
 * The count of vectors is that of bounded compositions of L into n parts: C(L + n - 1, n - 1) without
 * bounds (92 378 for n = 10, L = 10); `maxVectors` caps the work.
 */
import { invalidProblem } from './errors';
import { evaluateLots, type LotEvaluation } from './model-decode';
import type { PortfolioModel } from './model';

export interface ModelOptimum {
  readonly best: LotEvaluation;
  /** The worst feasible objective (for the approximation ratio). */
  readonly worstObjective: number;
  /** Feasible lot vectors enumerated. */
  readonly feasibleCount: number;
}

/** Number of lot vectors within the bounds that sum to L (an upper bound of the feasible count). */
export function countLotVectors(model: PortfolioModel): number {
  // ways[t] = number of ways the assets so far sum to t
  let ways = new Array<number>(model.lots + 1).fill(0);
  ways[0] = 1;
  for (const a of model.assets) {
    const next = new Array<number>(model.lots + 1).fill(0);
    for (let t = 0; t <= model.lots; t++) {
      if (!ways[t]) continue;
      for (let k = a.minLots; k <= a.maxLots && t + k <= model.lots; k++) next[t + k]! += ways[t]!;
    }
    ways = next;
  }
  return ways[model.lots]!;
}

/**
 * Enumerate every feasible lot vector and return the best and worst objective.
 * @throws PortfolioError INVALID_PROBLEM (path `lots`) when there are more than `maxVectors`.
 */
export function exactModelOptimum(model: PortfolioModel, maxVectors = 5_000_000): ModelOptimum {
  const count = countLotVectors(model);
  if (count > maxVectors)
    throw invalidProblem('lots', `lots: ${count} lot vectors are too many to enumerate (at most ${maxVectors}); use fewer assets or lots for an exact reference`, { count, maxVectors });
  const n = model.assets.length;
  const lots = new Array<number>(n).fill(0);
  // Largest lots the assets after position i can still take, to prune early.
  const maxAfter = new Array<number>(n + 1).fill(0);
  const minAfter = new Array<number>(n + 1).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    maxAfter[i] = maxAfter[i + 1]! + model.assets[i]!.maxLots;
    minAfter[i] = minAfter[i + 1]! + model.assets[i]!.minLots;
  }
  const sectorOf = model.sectors.map((s) => new Set(s.assets));
  let best: LotEvaluation | undefined;
  let worst = -Infinity;
  let feasibleCount = 0;
  const visit = (i: number, remaining: number) => {
    if (i === n) {
      if (remaining !== 0) return;
      for (let s = 0; s < model.sectors.length; s++) {
        let sum = 0;
        for (const a of sectorOf[s]!) sum += lots[a]!;
        if (sum > model.sectors[s]!.maxLots) return;
      }
      const e = evaluateLots(model, lots);
      feasibleCount += 1;
      if (!best || e.objective < best.objective) best = e;
      if (e.objective > worst) worst = e.objective;
      return;
    }
    const a = model.assets[i]!;
    for (let k = a.minLots; k <= a.maxLots && k <= remaining; k++) {
      const rest = remaining - k;
      if (rest > maxAfter[i + 1]! || rest < minAfter[i + 1]!) continue;
      lots[i] = k;
      visit(i + 1, rest);
    }
    lots[i] = 0;
  };
  visit(0, model.lots);
  if (!best) throw invalidProblem('sectors', 'sectors: no lot vector meets every limit and sector cap; loosen the caps or the weight limits', {});
  return { best, worstObjective: worst, feasibleCount };
}
