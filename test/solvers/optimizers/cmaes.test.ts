/** Separable CMA-ES: one batch per generation of exactly `populationSize` points, the last one partial. */
import { cmaes, cmaesBatches, defaultPopulationSize } from '../../../lib/solvers/optimizers/cmaes';
import type { Objective } from '../../../lib/solvers/optimizers/types';

const sphere = (x: Float64Array) => x.reduce((s, v) => s + (v - 0.3) ** 2, 0);

describe('cmaes', () => {
  it('evaluates each generation as one batch of populationSize points (one provider job on hardware)', async () => {
    const batches: number[] = [];
    const f: Objective = Object.assign((x: Float64Array) => sphere(x), {
      batch: async (xs: readonly Float64Array[]) => {
        batches.push(xs.length);
        return xs.map(sphere);
      },
    });
    const r = await cmaes(f, new Float64Array(6), { maxIterations: 75, populationSize: 20, seed: 1 });
    expect(batches).toEqual([20, 20, 20, 15]);
    expect(batches.length).toBe(cmaesBatches(75, 20));
    expect(r.evaluations).toBe(75);
  });

  it('uses Hansen\'s default population 4 + floor(3 ln d) and improves on its start', async () => {
    expect(defaultPopulationSize(24)).toBe(13);
    const r = await cmaes(sphere, new Float64Array(10).fill(2), { maxIterations: 2000, seed: 2 });
    expect(r.fun).toBeLessThan(1e-6);
  });
});
