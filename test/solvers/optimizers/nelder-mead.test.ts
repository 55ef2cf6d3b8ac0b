import { initialSimplex, nelderMead } from '../../../lib/solvers/optimizers/nelder-mead';
import { booth, distance, filled, illConditioned, periodic, rosenbrock, sphere, type TestFunction } from './functions';

/**
 * Reference runs of scipy 1.17.1 `minimize(f, x0, method='Nelder-Mead', options={maxfev: 1e5,
 * maxiter: 1e5, adaptive})` with the default xatol = fatol = 1e-4: the value reached and the
 * evaluations used. scipy's `nit` is one more than our `iterations` (it starts counting at 1).
 */
const SCIPY_REFERENCE: ReadonlyArray<{ fn: TestFunction; x0: Float64Array; adaptive: boolean; fun: number; nfev: number; x?: [number, number] }> = [
  { fn: sphere(2), x0: filled(2, 1), adaptive: false, fun: 1.0914518324593772e-9, nfev: 69 },
  { fn: sphere(5), x0: filled(5, 1), adaptive: false, fun: 3.300225026590478e-9, nfev: 298 },
  { fn: sphere(10), x0: filled(10, 1), adaptive: false, fun: 1.496768978011164e-8, nfev: 1228 },
  { fn: sphere(10), x0: filled(10, 1), adaptive: true, fun: 5.914268264676282e-9, nfev: 898 },
  { fn: rosenbrock, x0: Float64Array.of(-1.2, 1), adaptive: false, fun: 8.177661197416674e-10, nfev: 159, x: [1.0000220217835696, 1.0000422197517715] },
  { fn: booth, x0: filled(2, 0), adaptive: false, fun: 2.5039618826825238e-9, nfev: 132, x: [1.000018462214465, 2.9999657858162263] },
  { fn: periodic, x0: Float64Array.of(0.5, -0.4, 0.7), adaptive: false, fun: -0.9999999993437247, nfev: 121 },
  { fn: illConditioned, x0: filled(2, 0), adaptive: false, fun: 8.317261030106987e-10, nfev: 142, x: [1.4999732248286912, -0.5000121799241561] },
];

describe('nelderMead on functions with known minima', () => {
  it.each(SCIPY_REFERENCE.map((r) => [`${r.fn.name}${r.adaptive ? ' adaptive' : ''}`, r] as const))(
    '%s reaches the minimum with the evaluations scipy needs',
    async (_, reference) => {
      const result = await nelderMead(reference.fn.f, reference.x0, { maxIterations: 100000, adaptive: reference.adaptive });

      expect(result.stopReason).toBe('converged');
      expect(result.evaluations).toBe(reference.nfev);
      expect(Math.abs(result.fun - reference.fun)).toBeLessThanOrEqual(1e-6 * Math.max(1e-9, Math.abs(reference.fun)));
      expect(result.fun - reference.fn.minimum).toBeLessThan(2e-8);
      expect(distance(result.x, reference.fn.minimizer)).toBeLessThan(5e-4);
      if (reference.x !== undefined) {
        expect(result.x[0]).toBeCloseTo(reference.x[0], 12);
        expect(result.x[1]).toBeCloseTo(reference.x[1], 12);
      }
    },
  );

  it('adaptive coefficients solve a 4-D quadratic with condition 1000 on which the standard ones stall (as in scipy)', async () => {
    const weights = [1, 10, 100, 1000];
    const f = (x: Float64Array): number => weights.reduce((s, w, i) => s + w * ((x[i] as number) - 0.5 * (i + 1)) ** 2, 0);

    const standard = await nelderMead(f, filled(4, 0), { maxIterations: 20000 });
    const adaptive = await nelderMead(f, filled(4, 0), { maxIterations: 20000, adaptive: true });

    expect(standard.fun).toBeGreaterThan(1); // scipy: 14.27 after 478 evaluations
    expect(adaptive.fun).toBeLessThan(1e-7);
    expect(distance(adaptive.x, Float64Array.of(0.5, 1, 1.5, 2))).toBeLessThan(1e-3);
  });

  it('a tighter tolerance gives a more accurate Rosenbrock minimum', async () => {
    const result = await nelderMead(rosenbrock.f, Float64Array.of(-1.2, 1), { maxIterations: 5000, tolerance: 1e-10 });

    expect(result.fun).toBeLessThan(1e-16);
    expect(distance(result.x, rosenbrock.minimizer)).toBeLessThan(1e-8);
  });
});

describe('nelderMead initial simplex and budget', () => {
  it('builds scipy’s simplex: 5 % on non-zero components, 0.00025 on zeros', () => {
    const vertices = initialSimplex(Float64Array.of(2, 0));

    expect(vertices.map((v) => Array.from(v))).toEqual([
      [2, 0],
      [2.1, 0],
      [2, 0.00025],
    ]);
  });

  it('uses initialStep as an absolute step along each axis', () => {
    const vertices = initialSimplex(Float64Array.of(2, 0), 0.5);

    expect(vertices.map((v) => Array.from(v))).toEqual([
      [2, 0],
      [2.5, 0],
      [2, 0.5],
    ]);
  });

  it('stops after exactly maxIterations evaluations', async () => {
    const counts: number[] = [];

    const result = await nelderMead(sphere(6).f, filled(6, 1), { maxIterations: 23, onEvaluation: (k) => counts.push(k) });

    expect(result.stopReason).toBe('max-iterations');
    expect(result.evaluations).toBe(23);
    expect(counts).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(result.fun).toBeLessThan(sphere(6).f(filled(6, 1)));
  });

  it('a budget smaller than the simplex returns the best vertex evaluated', async () => {
    const result = await nelderMead(booth.f, filled(2, 0), { maxIterations: 2 });

    expect(result.evaluations).toBe(2);
    expect(result.iterations).toBe(0);
    expect(result.fun).toBe(Math.min(booth.f(Float64Array.of(0, 0)), booth.f(Float64Array.of(0.00025, 0))));
  });
});
