import fc from 'fast-check';
import { solveTrustRegionSubproblem } from '../../../lib/solvers/optimizers/cobyla-subproblem';
import { mulberry32 } from '../../../lib/solvers/optimizers/prng';

/** Greatest predicted violation max(0, max_i b_i - a_i·d). */
function violation(a: Float64Array[], b: Float64Array, d: Float64Array): number {
  let v = 0;
  a.forEach((ai, i) => {
    let s = 0;
    for (let k = 0; k < d.length; k++) s += (ai[k] as number) * (d[k] as number);
    v = Math.max(v, (b[i] as number) - s);
  });
  return v;
}

function dot(x: Float64Array, y: Float64Array): number {
  return x.reduce((s, v, i) => s + v * (y[i] as number), 0);
}

/** Slow oracle: seeded points filling the ball ||d|| <= rho, a fifth of them on its boundary. */
function ballSamples(n: number, rho: number, count: number, seed: number): Float64Array[] {
  const uniform = mulberry32(seed);
  const points: Float64Array[] = [];
  while (points.length < count) {
    const p = Float64Array.from({ length: n }, () => 2 * uniform() - 1);
    const r = Math.sqrt(dot(p, p));
    if (r > 1 || r === 0) continue;
    const scale = points.length % 5 === 0 ? rho / r : rho;
    points.push(p.map((v) => v * scale));
  }
  return points;
}

// Multiples of 1/64 in [-3, 3]: exact zeros and exact ties, not gradients at the rounding level.
const coordinate = fc.integer({ min: -192, max: 192 }).map((k) => k / 64);
const instance = fc
  .record({ n: fc.integer({ min: 2, max: 3 }), m: fc.integer({ min: 0, max: 4 }), rho: fc.double({ min: 0.1, max: 2, noNaN: true }) })
  .chain(({ n, m, rho }) =>
    fc.record({
      rho: fc.constant(rho),
      g: fc.array(coordinate, { minLength: n, maxLength: n }),
      a: fc.array(fc.array(coordinate, { minLength: n, maxLength: n }), { minLength: m, maxLength: m }),
      b: fc.array(coordinate, { minLength: m, maxLength: m }),
    }),
  );

describe('COBYLA trust-region subproblem against a sampled oracle', () => {
  it('without constraints steps rho along -g', () => {
    const out = new Float64Array(2);

    const full = solveTrustRegionSubproblem([], new Float64Array(0), Float64Array.of(3, -4), 0.5, out);

    expect(full).toBe(true);
    expect(out[0]).toBeCloseTo(-0.3, 15);
    expect(out[1]).toBeCloseTo(0.4, 15);
  });

  it('a zero gradient without constraints gives a zero step that is not full', () => {
    const out = Float64Array.of(9, 9);

    expect(solveTrustRegionSubproblem([], new Float64Array(0), new Float64Array(2), 1, out)).toBe(false);
    expect(Array.from(out)).toEqual([0, 0]);
  });

  it('an active constraint: min x s.t. x >= -0.3 in the unit disc stops at x = -0.3 and slides along y', () => {
    const out = new Float64Array(2);
    // g = (1, 0.1): minimise x + 0.1 y; constraint x >= -0.3 (a = (1, 0), b = -0.3).

    const full = solveTrustRegionSubproblem([Float64Array.of(1, 0)], Float64Array.of(-0.3), Float64Array.of(1, 0.1), 1, out);

    expect(full).toBe(true);
    expect(out[0]).toBeCloseTo(-0.3, 12);
    expect(out[1]).toBeCloseTo(-Math.sqrt(1 - 0.09), 12);
  });

  it('stage 1: an unreachable constraint is approached as far as the trust region allows', () => {
    const out = new Float64Array(2);
    // x >= 5 with rho = 1: the least violation is 4, at d = (1, 0); stage 2 cannot move.

    const full = solveTrustRegionSubproblem([Float64Array.of(1, 0)], Float64Array.of(5), Float64Array.of(0, 1), 1, out);

    expect(full).toBe(true);
    expect(out[0]).toBeCloseTo(1, 9);
    expect(Math.abs(out[1] as number)).toBeLessThan(1e-4);
  });

  it('is optimal in both stages against every sampled point of the ball', () => {
    fc.assert(
      fc.property(instance, fc.integer({ min: 0, max: 1 << 30 }), ({ rho, g: gList, a: aList, b: bList }, seed) => {
        const g = Float64Array.from(gList);
        const a = aList.map((row) => Float64Array.from(row));
        const b = Float64Array.from(bList);
        const out = new Float64Array(g.length);

        const full = solveTrustRegionSubproblem(a, b, g, rho, out);

        const length = Math.sqrt(dot(out, out));
        expect(length).toBeLessThanOrEqual(rho * (1 + 1e-9));
        if (full) expect(length).toBeGreaterThan(rho * (1 - 1e-6));
        const v = violation(a, b, out);
        const objective = dot(g, out);
        const samples = ballSamples(g.length, rho, 2000, seed);
        const leastViolation = Math.min(...samples.map((p) => violation(a, b, p)));
        const leastObjective = Math.min(...samples.filter((p) => violation(a, b, p) <= v).map((p) => dot(g, p)));
        expect(v).toBeLessThanOrEqual(leastViolation + 1e-7);
        expect(objective).toBeLessThanOrEqual(leastObjective + 1e-6);
      }),
      { numRuns: 100, seed: 20240601 },
    );
  });
});
