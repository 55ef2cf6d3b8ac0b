import { cobyla } from '../../../lib/solvers/optimizers/cobyla';
import { InvalidOptimizerOptionError, OPTIMIZER_ERROR_CODES } from '../../../lib/solvers/optimizers/errors';
import { booth, distance, filled, illConditioned, periodic, rosenbrock, sphere } from './functions';

describe('cobyla on functions with known minima', () => {
  it.each([
    [2, 60],
    [5, 150],
    [10, 300],
  ])('sphere(%i) converges to the origin within %i evaluations', async (d, budget) => {
    const fn = sphere(d);

    const result = await cobyla(fn.f, filled(d, 1), { maxIterations: 2000 });

    expect(result.stopReason).toBe('converged');
    expect(result.fun).toBeLessThan(1e-7);
    expect(distance(result.x, fn.minimizer)).toBeLessThan(5e-4);
    expect(result.evaluations).toBeLessThanOrEqual(budget);
    expect(result.fun).toBe(fn.f(result.x));
  });

  it('Rosenbrock reaches (1, 1) with rhoend 1e-6 and enough evaluations', async () => {
    const result = await cobyla(rosenbrock.f, Float64Array.of(-1.2, 1), { maxIterations: 30000, tolerance: 1e-6 });

    expect(result.stopReason).toBe('converged');
    expect(result.fun).toBeLessThan(1e-5);
    expect(distance(result.x, rosenbrock.minimizer)).toBeLessThan(5e-3);
  });

  it('Rosenbrock with the default rhoend 1e-4 stops early in the valley, like scipy (f ≈ 6e-3 there)', async () => {
    const result = await cobyla(rosenbrock.f, Float64Array.of(-1.2, 1), { maxIterations: 30000 });

    expect(result.stopReason).toBe('converged');
    expect(result.fun).toBeLessThan(2e-2);
    expect(result.x[0]).toBeGreaterThan(0.8);
  });

  it('Booth converges to (1, 3)', async () => {
    const result = await cobyla(booth.f, filled(2, 0), { maxIterations: 1000 });

    expect(result.stopReason).toBe('converged');
    expect(result.fun).toBeLessThan(1e-6);
    expect(distance(result.x, booth.minimizer)).toBeLessThan(1e-3);
  });

  it('the rotated ill-conditioned quadratic (condition 100) converges to its shifted minimum', async () => {
    const result = await cobyla(illConditioned.f, filled(2, 0), { maxIterations: 5000, tolerance: 1e-7 });

    expect(result.stopReason).toBe('converged');
    expect(result.fun).toBeLessThan(1e-9);
    expect(distance(result.x, illConditioned.minimizer)).toBeLessThan(1e-4);
  });

  it('the periodic VQE-like landscape reaches its minimum -1', async () => {
    const result = await cobyla(periodic.f, Float64Array.of(0.5, -0.4, 0.7), { maxIterations: 500 });

    expect(result.fun).toBeCloseTo(-1, 7);
    expect(distance(result.x, periodic.minimizer)).toBeLessThan(1e-3);
  });

  it('moves the pole while building the initial simplex when x0 + rho e_j is better', async () => {
    // Every first vertex improves on the pole, exercising the initial-simplex pole swap.
    const fn = sphere(4);

    const result = await cobyla(fn.f, filled(4, -3), { maxIterations: 2000 });

    expect(result.stopReason).toBe('converged');
    expect(result.fun).toBeLessThan(1e-7);
  });
});

describe('cobyla with inequality constraints c(x) >= 0', () => {
  it('linear: min (x-2)² + (y-1)² subject to x + y <= 1 is 2 at (1, 0)', async () => {
    const result = await cobyla((x) => ((x[0] as number) - 2) ** 2 + ((x[1] as number) - 1) ** 2, filled(2, 0), {
      maxIterations: 1000,
      constraints: [(x) => 1 - (x[0] as number) - (x[1] as number)],
    });

    expect(result.stopReason).toBe('converged');
    expect(distance(result.x, Float64Array.of(1, 0))).toBeLessThan(1e-3);
    expect(result.fun).toBeCloseTo(2, 3);
    expect(result.maxConstraintViolation).toBeLessThanOrEqual(2e-4);
  });

  it('nonlinear: min x·y on the upper unit half-disc is -1/2 at (-1/√2, 1/√2)', async () => {
    const result = await cobyla((x) => (x[0] as number) * (x[1] as number), filled(2, 0.5), {
      maxIterations: 1000,
      constraints: [(x) => 1 - (x[0] as number) ** 2 - (x[1] as number) ** 2, (x) => x[1] as number],
    });

    expect(distance(result.x, Float64Array.of(-Math.SQRT1_2, Math.SQRT1_2))).toBeLessThan(1e-4);
    expect(result.fun).toBeCloseTo(-0.5, 3);
    expect(result.maxConstraintViolation).toBeLessThanOrEqual(2e-4);
  });

  it('starting infeasible, min (x-3)² + y² subject to x <= 1, y >= 2 is 8 at (1, 2)', async () => {
    // min (x-3)² + y² subject to x <= 1 and y >= 2: minimum 4 + 4 = 8 at (1, 2); x0 = (3, 0) violates y >= 2.
    const result = await cobyla((x) => ((x[0] as number) - 3) ** 2 + (x[1] as number) ** 2, Float64Array.of(3, 0), {
      maxIterations: 1000,
      constraints: [(x) => 1 - (x[0] as number), (x) => (x[1] as number) - 2],
    });

    expect(distance(result.x, Float64Array.of(1, 2))).toBeLessThan(1e-3);
    expect(result.fun).toBeCloseTo(8, 2);
    expect(result.maxConstraintViolation).toBeLessThanOrEqual(2e-4);
  });

  it('rejects more constraints than the exact subproblem handles', async () => {
    const constraints = Array.from({ length: 11 }, () => () => 1);

    await expect(cobyla(() => 0, filled(2, 0), { maxIterations: 10, constraints })).rejects.toMatchObject({
      code: OPTIMIZER_ERROR_CODES.invalidOptimizerOption,
      path: 'options.constraints.length',
    });
  });
});

describe('cobyla options and budget', () => {
  it('uses initialStep as rhobeg: the initial simplex is x0 + rhobeg e_j', async () => {
    const points: number[][] = [];

    await cobyla(sphere(3).f, filled(3, 1), { maxIterations: 4, initialStep: 0.25, onEvaluation: (_, x) => points.push(Array.from(x)) });

    expect(points).toEqual([
      [1, 1, 1],
      [1.25, 1, 1],
      [1, 1.25, 1],
      [1, 1, 1.25],
    ]);
  });

  it('stops after exactly maxIterations evaluations and reports max-iterations', async () => {
    const counts: number[] = [];

    const result = await cobyla(sphere(5).f, filled(5, 1), { maxIterations: 17, onEvaluation: (k) => counts.push(k) });

    expect(result.stopReason).toBe('max-iterations');
    expect(result.evaluations).toBe(17);
    expect(counts).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    expect(result.iterations).toBe(17 - 6);
  });

  it('a smaller tolerance (rhoend) buys accuracy with evaluations', async () => {
    const coarse = await cobyla(booth.f, filled(2, 0), { maxIterations: 2000, tolerance: 1e-2 });
    const fine = await cobyla(booth.f, filled(2, 0), { maxIterations: 2000, tolerance: 1e-8 });

    expect(fine.evaluations).toBeGreaterThan(coarse.evaluations);
    expect(distance(fine.x, booth.minimizer)).toBeLessThan(1e-6);
    expect(distance(coarse.x, booth.minimizer)).toBeLessThan(5e-2);
  });

  it('rejects a bad option before evaluating', async () => {
    const f = jest.fn(() => 0);

    await expect(cobyla(f, filled(2, 0), { maxIterations: 0 })).rejects.toBeInstanceOf(InvalidOptimizerOptionError);
    await expect(cobyla(f, filled(2, 0), { maxIterations: 10, tolerance: -1 })).rejects.toThrow(
      'options.tolerance: -1 is out of range; must be a finite number > 0',
    );
    expect(f).not.toHaveBeenCalled();
  });
});
