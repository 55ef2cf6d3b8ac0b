/**
 * The continuous Markowitz reference (quadprog) against the model: it is a relaxation, so on random
 * small models its objective is at most the exact whole-lot optimum (enumeration), its weights meet
 * every limit, and where the whole-lot grid can hit it exactly the two agree.
 */
import fc from 'fast-check';
import { createPortfolioModel, evaluateLots, exactModelOptimum } from '../../lib/portfolio';
import { continuousReference, distanceToContinuous } from '../../lib/solvers/continuous';
import { fixtureText } from '../portfolio/fixtures';
import { realProblem } from '../helpers/problems';

function covariance(n: number, a: number[]): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => a.slice(i * n, i * n + n).reduce((s, v, k) => s + v * a[j * n + k]!, 0) / n + (i === j ? 1e-6 : 0)));
}

describe('continuous Markowitz reference (quadprog)', () => {
  it('two assets, no limits: the closed-form optimum of the quadratic on the budget line', async () => {
    // f(k1) = q (s11 k1^2 + 2 s12 k1 k2 + s22 k2^2) - mu1 k1 - mu2 k2 with k2 = L - k1: a parabola in k1.
    const mu = [0.001, 0.0005];
    const sigma = [[4e-4, 1e-4], [1e-4, 2e-4]];
    const q = 2;
    const L = 4;
    const model = createPortfolioModel({ tickers: ['A', 'B'], mu, sigma, riskFactor: q, lots: L });
    const a = q * (sigma[0]![0]! - 2 * sigma[0]![1]! + sigma[1]![1]!);
    const b = q * (2 * sigma[0]![1]! * L - 2 * sigma[1]![1]! * L) - mu[0]! + mu[1]!;
    const k1 = Math.min(L, Math.max(0, -b / (2 * a)));
    const ref = continuousReference(model);
    expect(ref.lots[0]).toBeCloseTo(k1, 6);
    expect(ref.lots[1]).toBeCloseTo(L - k1, 6);
  });

  it('is a relaxation: never above the exact whole-lot optimum, within every limit', async () => {
    const cases = fc.sample(
      fc.record({
        n: fc.integer({ min: 2, max: 5 }),
        lots: fc.integer({ min: 2, max: 6 }),
        a: fc.array(fc.double({ min: -0.1, max: 0.1, noNaN: true }), { minLength: 25, maxLength: 25 }),
        mu: fc.array(fc.double({ min: -0.002, max: 0.002, noNaN: true }), { minLength: 5, maxLength: 5 }),
        q: fc.double({ min: 0.1, max: 5, noNaN: true }),
        maxWeight: fc.double({ min: 0.4, max: 1, noNaN: true }),
        holdings: fc.option(fc.array(fc.double({ min: 0, max: 0.2, noNaN: true }), { minLength: 5, maxLength: 5 }), { nil: undefined }),
        cost: fc.integer({ min: 0, max: 100 }),
      }),
      { seed: 7, numRuns: 40 },
    );
    let compared = 0;
    for (const c of cases) {
      const input = {
        tickers: Array.from({ length: c.n }, (_, i) => `A${i}`),
        mu: c.mu.slice(0, c.n),
        sigma: covariance(c.n, c.a.slice(0, c.n * c.n)),
        riskFactor: c.q,
        lots: c.lots,
        maxWeight: c.maxWeight,
        ...(c.holdings ? { holdings: c.holdings.slice(0, c.n), costBps: c.cost } : {}),
      };
      let model;
      try {
        model = createPortfolioModel(input);
      } catch {
        continue; // limits that leave no whole-lot vector
      }
      const exact = exactModelOptimum(model);
      const ref = continuousReference(model);
      expect(ref.lots.reduce((x, y) => x + y, 0)).toBeCloseTo(c.lots, 6);
      ref.weights.forEach((w) => {
        expect(w).toBeGreaterThanOrEqual(-1e-7);
        expect(w).toBeLessThanOrEqual(c.maxWeight + 1e-7);
      });
      expect(ref.evaluation.objective).toBeLessThanOrEqual(exact.best.objective + 1e-9);
      const gap = distanceToContinuous(model, exact.best, ref);
      expect(gap.objectiveGap).toBeGreaterThanOrEqual(-1e-9);
      expect(gap.trackingErrorAnnual).toBeGreaterThanOrEqual(0);
      // The HiGHS objective is the model's own objective at those lots.
      expect(ref.evaluation.objective).toBeCloseTo(evaluateLots(model, ref.lots).objective, 12);
      compared += 1;
    }
    expect(compared).toBeGreaterThan(20);
  });
});

describe('continuous reference against an independent solver (fixture)', () => {
  // test/fixtures/portfolio/continuous-reference.json: HiGHS's QP solver on the bundled prices (its
  // `source` field says how the values were made).
  const fixture = JSON.parse(fixtureText('continuous-reference.json')) as {
    source: string;
    cases: { tickers: string[]; riskFactor: number; lots: number; maxWeight: number; start: string; end: string; weights: number[] }[];
  };

  it.each(fixture.cases.map((c) => [c.tickers.join(','), c] as const))('%s', (_name, c) => {
    const p = realProblem(c.tickers, 2, c.riskFactor, { start: c.start, end: c.end });
    const model = createPortfolioModel({ tickers: p.tickers, mu: p.mu, sigma: p.sigma, riskFactor: c.riskFactor, lots: c.lots, maxWeight: c.maxWeight });
    const ref = continuousReference(model);
    ref.weights.forEach((w, i) => expect(Math.abs(w - c.weights[i]!)).toBeLessThan(1e-6));
  });
});
