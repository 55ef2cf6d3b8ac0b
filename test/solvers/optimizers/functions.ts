/** Standard test functions with known minima, and seeded noise, for the optimizer tests. */
import { mulberry32 } from '../../../lib/solvers/optimizers/prng';

export interface TestFunction {
  readonly name: string;
  readonly f: (x: Float64Array) => number;
  readonly minimizer: Float64Array;
  readonly minimum: number;
}

/** sum x_i^2; minimum 0 at the origin. */
export function sphere(d: number): TestFunction {
  return { name: `sphere(${d})`, f: (x) => x.reduce((s, v) => s + v * v, 0), minimizer: new Float64Array(d), minimum: 0 };
}

/** Rosenbrock in 2-D; minimum 0 at (1, 1). */
export const rosenbrock: TestFunction = {
  name: 'rosenbrock',
  f: (x) => 100 * ((x[1] as number) - (x[0] as number) ** 2) ** 2 + (1 - (x[0] as number)) ** 2,
  minimizer: Float64Array.of(1, 1),
  minimum: 0,
};

/** Booth; minimum 0 at (1, 3). */
export const booth: TestFunction = {
  name: 'booth',
  f: (x) => ((x[0] as number) + 2 * (x[1] as number) - 7) ** 2 + (2 * (x[0] as number) + (x[1] as number) - 5) ** 2,
  minimizer: Float64Array.of(1, 3),
  minimum: 0,
};

/**
 * A shifted quadratic 0.5 (x - s)^T H (x - s) with H = R diag(1, 100) R^T, R a rotation by 30°
 * (condition number 100, axes not aligned with the coordinates); minimum 0 at s = (1.5, -0.5).
 */
export const illConditioned: TestFunction = {
  name: 'ill-conditioned quadratic',
  f: (x) => {
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    const u = (x[0] as number) - 1.5;
    const v = (x[1] as number) + 0.5;
    const p = c * u + s * v;
    const q = -s * u + c * v;
    return 0.5 * (p * p + 100 * q * q);
  },
  minimizer: Float64Array.of(1.5, -0.5),
  minimum: 0,
};

/** A VQE-like periodic landscape -cos θ1 cos θ2 + 0.5 sin² θ3; minimum -1 at 0 (among others). */
export const periodic: TestFunction = {
  name: 'periodic',
  f: (x) => -Math.cos(x[0] as number) * Math.cos(x[1] as number) + 0.5 * Math.sin(x[2] as number) ** 2,
  minimizer: new Float64Array(3),
  minimum: -1,
};

/** Seeded standard normal deviates (Box–Muller over mulberry32). */
export function gaussian(seed: number): () => number {
  const uniform = mulberry32(seed);
  return () => {
    const u1 = 1 - uniform(); // (0, 1]
    const u2 = uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };
}

/** Euclidean distance. */
export function distance(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += ((x[i] as number) - (y[i] as number)) ** 2;
  return Math.sqrt(s);
}

/** The point with every component `value`. */
export function filled(d: number, value: number): Float64Array {
  return new Float64Array(d).fill(value);
}
