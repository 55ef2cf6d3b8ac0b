/**
 * Lot annealing against the exact optimum by enumeration: random small models and real-data models
 * from the bundled prices (integer lots, weight limits, sector caps, rebalancing with costs).
 */
import fc from 'fast-check';
import { createPortfolioModel, exactModelOptimum, type PortfolioModelInput } from '../../lib/portfolio';
import { annealLots } from '../../lib/solvers/lot-anneal';
import { ALL_TICKERS, realProblem } from '../helpers/problems';

function covariance(n: number, a: number[]): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => a.slice(i * n, i * n + n).reduce((s, v, k) => s + v * a[j * n + k]!, 0) / n));
}

describe('lot annealing (budget-keeping moves)', () => {
  it('reaches the exact optimum of random models, every state feasible', () => {
    const cases = fc.sample(
      fc.record({
        n: fc.integer({ min: 2, max: 6 }),
        lots: fc.integer({ min: 2, max: 8 }),
        a: fc.array(fc.integer({ min: -100, max: 100 }), { minLength: 36, maxLength: 36 }),
        mu: fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 6, maxLength: 6 }),
        q: fc.double({ min: 0.1, max: 5, noNaN: true }),
        maxWeight: fc.double({ min: 0.3, max: 1, noNaN: true }),
        holdings: fc.option(fc.array(fc.double({ min: 0, max: 0.15, noNaN: true }), { minLength: 6, maxLength: 6 }), { nil: undefined }),
        cost: fc.integer({ min: 0, max: 100 }),
        sectorCap: fc.option(fc.double({ min: 0.3, max: 0.8, noNaN: true }), { nil: undefined }),
      }),
      { seed: 21, numRuns: 36 },
    );
    let solved = 0;
    for (const c of cases) {
      const input: PortfolioModelInput = {
        tickers: Array.from({ length: c.n }, (_, i) => `A${i}`),
        mu: c.mu.slice(0, c.n).map((v) => v * 1e-4),
        sigma: covariance(c.n, c.a.slice(0, c.n * c.n).map((v) => v * 1e-3)),
        riskFactor: c.q,
        lots: c.lots,
        maxWeight: c.maxWeight,
        ...(c.holdings ? { holdings: c.holdings.slice(0, c.n), costBps: c.cost } : {}),
        ...(c.sectorCap !== undefined ? { sectors: [{ name: 'S', assets: [0, 1].slice(0, c.n - 1), maxWeight: c.sectorCap }] } : {}),
      };
      let exact;
      let model;
      try {
        model = createPortfolioModel(input);
        exact = exactModelOptimum(model);
      } catch {
        continue;
      }
      const run = annealLots(model, { seed: 3 });
      for (const s of run.states) {
        expect(s.lots.reduce((x, y) => x + y, 0)).toBe(c.lots);
      }
      expect(run.best.feasible).toBe(true);
      expect(run.best.objective).toBeCloseTo(exact.best.objective, 12);
      solved += 1;
    }
    expect(solved).toBeGreaterThan(18);
  });

  it('reaches the exact optimum on real-data models (bundled prices): 8-10 assets, 6-10 lots, limits, sectors and rebalancing', () => {
    const subsets = [ALL_TICKERS.slice(0, 8), ALL_TICKERS.slice(6, 16), ALL_TICKERS.filter((_, i) => i % 2 === 0)];
    for (const [s, tickers] of subsets.entries()) {
      const p = realProblem(tickers, 2, [0.1, 1, 5][s]!, { start: '2015-01-01' });
      const n = tickers.length;
      const model = createPortfolioModel({
        tickers: p.tickers,
        mu: p.mu,
        sigma: p.sigma,
        riskFactor: p.riskFactor,
        lots: [6, 8, 10][s]!,
        maxWeight: 0.4,
        minWeight: Array.from({ length: n }, (_, i) => (s === 1 && i === 4 ? 0.25 : 0)),
        sectors: [{ name: 'first-three', assets: [0, 1, 2], maxWeight: 0.5 }],
        ...(s === 2 ? { holdings: Array.from({ length: n }, () => 1 / n), costBps: 25 } : {}),
      });
      const exact = exactModelOptimum(model);
      const run = annealLots(model, { seed: s });
      expect(run.best.lots).toEqual(exact.best.lots);
    }
  });
});
