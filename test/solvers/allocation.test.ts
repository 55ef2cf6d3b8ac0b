/**
 * Discrete allocation into whole shares: the integer program (HiGHS) reaches the brute-force optimum
 * of r + sum |w V - x p| over every affordable share vector; the greedy allocation never overspends
 * and stops only when no share is affordable.
 */
import fc from 'fast-check';
import { greedyAllocation } from '../../lib/portfolio/allocation';
import { milpAllocation } from '../../lib/solvers/allocation-milp';

const caseArb = fc.record({
  n: fc.integer({ min: 1, max: 3 }),
  w: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 3, maxLength: 3 }),
  prices: fc.array(fc.double({ min: 20, max: 400, noNaN: true }), { minLength: 3, maxLength: 3 }),
  capital: fc.double({ min: 100, max: 800, noNaN: true }),
});

function normalize(w: number[]): number[] {
  const s = w.reduce((a, b) => a + b, 0);
  return s === 0 ? w.map((_, i) => (i === 0 ? 1 : 0)) : w.map((v) => v / s);
}

function bruteForce(w: number[], p: number[], V: number): number {
  let best = Infinity;
  const visit = (i: number, x: number[], spent: number) => {
    if (i === w.length) {
      best = Math.min(best, V - spent + x.reduce((s, xi, j) => s + Math.abs(w[j]! * V - xi * p[j]!), 0));
      return;
    }
    for (let k = 0; spent + k * p[i]! <= V + 1e-9; k++) visit(i + 1, [...x, k], spent + k * p[i]!);
  };
  visit(0, [], 0);
  return best;
}

describe('discrete allocation', () => {
  it('the integer program reaches the brute-force optimum', async () => {
    for (const c of fc.sample(caseArb, { seed: 11, numRuns: 40 })) {
      const w = normalize(c.w.slice(0, c.n));
      const p = c.prices.slice(0, c.n);
      const a = await milpAllocation(w, p, c.capital);
      expect(a.leftoverUsd).toBeGreaterThanOrEqual(-1e-6);
      expect(a.leftoverUsd + a.deviationUsd).toBeCloseTo(bruteForce(w, p, c.capital), 4);
    }
  });

  it('greedy never overspends, stops only when nothing is affordable, and is never better than the integer program', async () => {
    for (const c of fc.sample(caseArb, { seed: 12, numRuns: 40 })) {
      const w = normalize(c.w.slice(0, c.n));
      const p = c.prices.slice(0, c.n);
      const g = greedyAllocation(w, p, c.capital);
      expect(g.leftoverUsd).toBeGreaterThanOrEqual(-1e-9);
      const affordable = p.filter((v, i) => w[i]! > 0 && v <= g.leftoverUsd);
      expect(affordable).toEqual([]);
      const m = await milpAllocation(w, p, c.capital);
      expect(m.leftoverUsd + m.deviationUsd).toBeLessThanOrEqual(g.leftoverUsd + g.deviationUsd + 1e-6);
    }
  });

  it('refuses a capital or a price that is not positive, naming the field', () => {
    expect(() => greedyAllocation([1], [10], 0)).toThrow(/capital: 0 must be a positive amount of USD/);
    expect(() => greedyAllocation([1], [0], 100)).toThrow(/prices: the latest price of asset 0 is 0/);
  });
});
