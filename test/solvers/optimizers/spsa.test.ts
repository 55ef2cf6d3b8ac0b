import { SPSA_DEFAULTS, spsa, spsaMaxEvaluations } from '../../../lib/solvers/optimizers/spsa';
import { booth, distance, filled, gaussian, periodic, sphere } from './functions';

describe('spsa on functions with known minima', () => {
  it.each([2, 5, 10])('sphere(%i) reaches the origin in 2000 iterations', async (d) => {
    const fn = sphere(d);

    const result = await spsa(fn.f, filled(d, 1), { maxIterations: 2000, seed: 11 });

    expect(result.fun).toBeLessThan(1e-6);
    expect(distance(result.x, fn.minimizer)).toBeLessThan(1e-3);
    expect(result.fun).toBe(fn.f(result.x));
  });

  it('Booth reaches (1, 3) with a hand-set learning rate', async () => {
    // Calibration from x0 = 0, where the gradient is steep, gives a ≈ 0.015: stable but slow along
    // Booth's flat direction (f ≈ 0.3 after 1000 iterations). a = 0.3 is still stable here.
    const result = await spsa(booth.f, filled(2, 0), { maxIterations: 500, seed: 3, learningRate: 0.3 });

    expect(distance(result.x, booth.minimizer)).toBeLessThan(1e-4);
    expect(result.fun).toBeLessThan(1e-8);
  });

  it('the periodic VQE-like landscape reaches -1', async () => {
    const result = await spsa(periodic.f, Float64Array.of(0.5, -0.4, 0.7), { maxIterations: 300, seed: 5 });

    expect(result.fun).toBeLessThan(-0.9999);
  });

  it.each([1, 2, 3, 4, 5])('a quadratic with Gaussian noise (σ = 0.02) is minimised to within 0.06 (seed %i)', async (seed) => {
    const target = Float64Array.of(0.5, -0.3, 0.2, 0.1);
    const noise = gaussian(1000 + seed);
    const exact = (x: Float64Array): number => x.reduce((s, v, i) => s + (v - (target[i] as number)) ** 2, 0);

    const result = await spsa((x) => exact(x) + 0.02 * noise(), new Float64Array(4), { maxIterations: 400, seed });

    expect(distance(result.x, target)).toBeLessThan(0.06);
    expect(exact(result.x)).toBeLessThan(4e-3);
  });

  it('under noise, a once-lucky early point does not beat the converged iterate', async () => {
    // Noise large next to the remaining error: the best single value seen is a lucky one.
    const noise = gaussian(77);
    const values: number[] = [];

    const result = await spsa((x) => x.reduce((s, v) => s + v * v, 0) + 0.05 * noise(), filled(3, 1), {
      maxIterations: 300,
      seed: 2,
      onEvaluation: (_, __, value) => values.push(value),
    });

    expect(Math.min(...values)).toBeLessThan(-0.05); // a lucky value was seen ...
    expect(distance(result.x, new Float64Array(3))).toBeLessThan(0.05); // ... yet the answer is near the minimum
  });
});

describe('spsa determinism, calibration and budget', () => {
  async function trace(seed: number): Promise<number[]> {
    const values: number[] = [];
    await spsa(periodic.f, Float64Array.of(0.3, 0.2, 0.1), {
      maxIterations: 40,
      seed,
      onEvaluation: (k, x, v) => values.push(k, ...x, v),
    });
    return values;
  }

  it('the same seed gives the identical trace; another seed a different one', async () => {
    const first = await trace(42);
    const again = await trace(42);
    const other = await trace(43);

    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('spends 2 · 25 calibration + 2 · maxIterations + 2 final evaluations, calling onEvaluation for each', async () => {
    const counts: number[] = [];

    const result = await spsa(sphere(3).f, filled(3, 1), { maxIterations: 50, seed: 1, onEvaluation: (k) => counts.push(k) });

    expect(result.iterations).toBe(50);
    expect(result.stopReason).toBe('max-iterations');
    expect(result.evaluations).toBeGreaterThanOrEqual(2 * SPSA_DEFAULTS.calibrationSteps + 2 * 50 + 1);
    expect(result.evaluations).toBeLessThanOrEqual(spsaMaxEvaluations({ maxIterations: 50 }));
    expect(spsaMaxEvaluations({ maxIterations: 50 })).toBe(50 + 100 + 2);
    expect(counts).toEqual(Array.from({ length: result.evaluations }, (_, i) => i + 1));
  });

  it('a given learningRate skips calibration', async () => {
    const result = await spsa(sphere(2).f, filled(2, 1), { maxIterations: 100, seed: 1, learningRate: 0.1 });

    expect(result.learningRate).toBe(0.1);
    expect(result.evaluations).toBeLessThanOrEqual(2 * 100 + 2);
    expect(result.evaluations).toBeGreaterThanOrEqual(2 * 100 + 1);
    expect(result.fun).toBeLessThan(1e-3);
  });

  it('calibrates a as qiskit: target 2π/10 over the mean |Δf| / 2c', async () => {
    // f = 3·sum(x): every perturbation gives |Δf| / (2c) = 3·|sum Δ| ∈ {3, 9}, here with d = 1 exactly 3.
    const result = await spsa((x) => 3 * (x[0] as number), filled(1, 0), { maxIterations: 1, seed: 9 });

    expect(result.learningRate).toBeCloseTo((2 * Math.PI) / 10 / 3, 12);
    expect(result.perturbation).toBe(0.2);
  });

  it('initialStep sets the perturbation c; the first perturbed points are x0 ± c Δ', async () => {
    const points: Float64Array[] = [];

    await spsa(sphere(2).f, filled(2, 1), { maxIterations: 1, initialStep: 0.5, onEvaluation: (_, x) => points.push(x) });

    for (const p of points.slice(0, 2 * SPSA_DEFAULTS.calibrationSteps)) {
      expect(Array.from(p, (v) => Math.abs(v - 1))).toEqual([0.5, 0.5]);
    }
  });
});
