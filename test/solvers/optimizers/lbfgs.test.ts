import { lbfgs, type ValueAndGradient } from '../../../lib/solvers/optimizers/lbfgs';
import { InvalidOptimizerOptionError } from '../../../lib/solvers/optimizers/errors';

/** Rosenbrock in d dimensions with its gradient; minimum 0 at (1, ..., 1). */
const rosenbrock: ValueAndGradient = (x, g) => {
  let f = 0;
  g.fill(0);
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i + 1]! - x[i]! ** 2;
    const b = 1 - x[i]!;
    f += 100 * a * a + b * b;
    g[i]! += -400 * a * x[i]! - 2 * b;
    g[i + 1]! += 200 * a;
  }
  return f;
};

/** 0.5 x'Hx - b'x with H = diag(1, 10, 100, 1000): minimum at x_i = b_i / H_ii. */
const H = [1, 10, 100, 1000];
const b = [1, -2, 3, -4];
const quadratic: ValueAndGradient = (x, g) => {
  let f = 0;
  for (let i = 0; i < 4; i++) {
    g[i] = H[i]! * x[i]! - b[i]!;
    f += 0.5 * H[i]! * x[i]! ** 2 - b[i]! * x[i]!;
  }
  return f;
};

describe('lbfgs (Nocedal & Wright, two-loop recursion, strong Wolfe line search)', () => {
  it('minimizes the 10-dimensional Rosenbrock function from (-1.2, ..., -1.2)', async () => {
    const r = await lbfgs(rosenbrock, new Float64Array(10).fill(-1.2), { maxEvaluations: 1000 });
    expect(r.fun).toBeLessThan(1e-9);
    for (const v of r.x) expect(v).toBeCloseTo(1, 4);
    expect(r.stopReason).toBe('converged');
    expect(r.evaluations).toBeLessThan(200);
  });

  it('solves an ill-conditioned quadratic (condition 1000) to the gradient tolerance', async () => {
    const r = await lbfgs(quadratic, new Float64Array(4), { maxEvaluations: 200, gradientTolerance: 1e-7, relativeTolerance: 1e-20 });
    r.x.forEach((v, i) => expect(v).toBeCloseTo(b[i]! / H[i]!, 7));
    expect(r.gradientNorm).toBeLessThanOrEqual(1e-7);
  });

  it('stops at the evaluation budget, counts every evaluation, and returns the best evaluated point', async () => {
    const seen: number[] = [];
    let calls = 0;
    const f: ValueAndGradient = (x, g) => {
      calls++;
      return rosenbrock(x, g);
    };
    const r = await lbfgs(f, new Float64Array(6).fill(-1.2), { maxEvaluations: 15, onEvaluation: (_k, _x, v) => seen.push(v) });
    expect(calls).toBe(15);
    expect(r.evaluations).toBe(15);
    expect(seen).toHaveLength(15);
    expect(r.fun).toBe(Math.min(...seen));
    expect(r.stopReason).toBe('max-iterations');
  });

  it('treats NaN values as +Infinity and backs off to finite points', async () => {
    const f: ValueAndGradient = (x, g) => {
      g[0] = 2 * (x[0]! - 2);
      return x[0]! > 5 ? NaN : (x[0]! - 2) ** 2;
    };
    const r = await lbfgs(f, Float64Array.of(0), { maxEvaluations: 100, initialStep: 1 });
    expect(r.x[0]).toBeCloseTo(2, 6);
  });

  it('neither mutates x0 nor a point after handing it to f', async () => {
    const x0 = Float64Array.of(3, -1);
    const handed: { ref: Float64Array; copy: number[] }[] = [];
    await lbfgs((x, g) => {
      handed.push({ ref: x, copy: Array.from(x) });
      g[0] = 2 * x[0]!;
      g[1] = 2 * x[1]!;
      return x[0]! ** 2 + x[1]! ** 2;
    }, x0, { maxEvaluations: 30 });
    expect(Array.from(x0)).toEqual([3, -1]);
    for (const h of handed) expect(Array.from(h.ref)).toEqual(h.copy);
  });

  it.each([
    [{ maxEvaluations: 0 }, 'options.maxEvaluations'],
    [{ maxEvaluations: 10, memory: 0 }, 'options.memory'],
    [{ maxEvaluations: 10, gradientTolerance: -1 }, 'options.gradientTolerance'],
  ])('rejects %j naming %s', async (options, field) => {
    const run = lbfgs(quadratic, new Float64Array(4), options);
    await expect(run).rejects.toBeInstanceOf(InvalidOptimizerOptionError);
    await expect(lbfgs(quadratic, new Float64Array(4), options)).rejects.toThrow(field);
  });
});
