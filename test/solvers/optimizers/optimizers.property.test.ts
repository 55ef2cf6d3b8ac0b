import fc from 'fast-check';
import { getOptimizer, OPTIMIZER_NAMES, spsaMaxEvaluations } from '../../../lib/solvers/optimizers';
import type { OptimizerName } from '../../../lib/solvers/optimizers/types';
import { distance } from './functions';

/** A random separable convex quadratic sum w_i (x_i - s_i)^2 and a start point, in 1 to 4 dimensions. */
const problem = fc.integer({ min: 1, max: 4 }).chain((d) =>
  fc.record({
    weights: fc.array(fc.double({ min: 0.5, max: 5, noNaN: true }), { minLength: d, maxLength: d }),
    centre: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: d, maxLength: d }),
    start: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: d, maxLength: d }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  }),
);

function quadratic(weights: number[], centre: number[]): (x: Float64Array) => number {
  return (x) => weights.reduce((s, w, i) => s + w * ((x[i] as number) - (centre[i] as number)) ** 2, 0);
}

const BUDGET: Record<OptimizerName, number> = { cobyla: 400, 'nelder-mead': 400, spsa: 150, cmaes: 400 };

describe.each(OPTIMIZER_NAMES)('%s properties on random convex quadratics', (name) => {
  const minimize = getOptimizer(name);

  it('stays within budget, returns the best evaluated value, and repeats itself exactly', async () => {
    await fc.assert(
      fc.asyncProperty(problem, async ({ weights, centre, start, seed }) => {
        const f = quadratic(weights, centre);
        const values: number[] = [];
        const options = { maxIterations: BUDGET[name], seed };

        const result = await minimize(f, Float64Array.from(start), { ...options, onEvaluation: (_, __, v) => values.push(v) });
        const again = await minimize(f, Float64Array.from(start), options);

        const bound = name === 'spsa' ? spsaMaxEvaluations(options) : options.maxIterations;
        expect(result.evaluations).toBe(values.length);
        expect(result.evaluations).toBeLessThanOrEqual(bound);
        expect(result.fun).toBe(Math.min(...values));
        expect(Array.from(again.x)).toEqual(Array.from(result.x));
        expect(again.fun).toBe(result.fun);
      }),
      { numRuns: 25, seed: 7 },
    );
  });

  if (name !== 'spsa') {
    it('converges to the centre', async () => {
      await fc.assert(
        fc.asyncProperty(problem, async ({ weights, centre, start }) => {
          const result = await minimize(quadratic(weights, centre), Float64Array.from(start), { maxIterations: 3000, tolerance: 1e-8, initialStep: 0.5 });

          expect(result.stopReason).toBe('converged');
          expect(distance(result.x, Float64Array.from(centre))).toBeLessThan(1e-3);
        }),
        { numRuns: 25, seed: 8 },
      );
    });
  }
});
