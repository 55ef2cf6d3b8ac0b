/** The contract every registered optimizer keeps, whatever its algorithm. */
import { getOptimizer, OPTIMIZER_NAMES, spsaMaxEvaluations } from '../../../lib/solvers/optimizers';
import { InvalidOptimizerOptionError } from '../../../lib/solvers/optimizers/errors';
import type { OptimizerName } from '../../../lib/solvers/optimizers/types';
import { distance, filled } from './functions';

const shifted = (x: Float64Array): number => x.reduce((s, v) => s + (v - 0.5) ** 2, 0);

/** Evaluations an optimizer may make for `maxIterations` (SPSA: iterations, not evaluations). */
function evaluationBound(name: OptimizerName, maxIterations: number): number {
  return name === 'spsa' ? spsaMaxEvaluations({ maxIterations }) : maxIterations;
}

describe.each(OPTIMIZER_NAMES)('%s keeps the optimizer contract', (name) => {
  const minimize = getOptimizer(name);

  it('calls onEvaluation once per evaluation with the running count, and returns the best evaluated point', async () => {
    const seen: { k: number; x: number[]; v: number }[] = [];
    let calls = 0;
    const f = (x: Float64Array): number => {
      calls += 1;
      return shifted(x);
    };

    const result = await minimize(f, filled(3, 2), { maxIterations: 60, seed: 1, onEvaluation: (k, x, v) => seen.push({ k, x: Array.from(x), v }) });

    expect(seen.map((e) => e.k)).toEqual(Array.from({ length: calls }, (_, i) => i + 1));
    expect(result.evaluations).toBe(calls);
    expect(calls).toBeLessThanOrEqual(evaluationBound(name, 60));
    const best = Math.min(...seen.map((e) => e.v));
    expect(result.fun).toBe(best);
    expect(shifted(result.x)).toBe(result.fun);
    expect(seen.every((e) => e.v === shifted(Float64Array.from(e.x)))).toBe(true);
  });

  it.each([1, 2, 5, 13, 40])('never exceeds the evaluation budget for maxIterations = %i', async (maxIterations) => {
    let calls = 0;

    const result = await minimize(
      (x) => {
        calls += 1;
        return shifted(x);
      },
      filled(4, 2),
      { maxIterations, seed: 3 },
    );

    expect(calls).toBe(result.evaluations);
    expect(calls).toBeLessThanOrEqual(evaluationBound(name, maxIterations));
    if (name !== 'spsa') expect(calls).toBe(maxIterations);
  });

  it('neither mutates x0 nor a point after handing it to the objective', async () => {
    const x0 = filled(3, 2);
    const handed: { ref: Float64Array; copy: number[] }[] = [];

    await minimize(
      (x) => {
        handed.push({ ref: x, copy: Array.from(x) });
        return shifted(x);
      },
      x0,
      { maxIterations: 50, seed: 2 },
    );

    expect(Array.from(x0)).toEqual([2, 2, 2]);
    expect(handed.every(({ ref, copy }) => Array.from(ref).every((v, i) => v === copy[i]))).toBe(true);
  });

  it('treats NaN values as +Infinity and still finds the minimum inside the defined region', async () => {
    const values: number[] = [];
    // Undefined (NaN) where x1 + x2 > 4.8; from x0 = (2.3, 1.9) the first steps of 0.7 cross the edge.
    // (SPSA makes no step from a pair with a non-finite value, so the edge must not block every pair.)
    const f = (x: Float64Array): number => ((x[0] as number) + (x[1] as number) > 4.8 ? NaN : shifted(x));

    const result = await minimize(f, Float64Array.of(2.3, 1.9), {
      maxIterations: 2000,
      seed: 4,
      initialStep: 0.7,
      onEvaluation: (_, __, v) => values.push(v),
    });

    expect(values.some((v) => Number.isNaN(v))).toBe(false);
    expect(values).toContain(Infinity);
    expect(result.fun).toBeLessThan(1e-4);
    expect(distance(result.x, filled(2, 0.5))).toBeLessThan(1e-2);
  });

  it('awaits an asynchronous objective one evaluation at a time', async () => {
    let running = 0;
    let maxRunning = 0;
    const f = async (x: Float64Array): Promise<number> => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      return shifted(x);
    };

    const result = await minimize(f, filled(2, 1), { maxIterations: 30, seed: 5 });

    expect(maxRunning).toBe(1);
    expect(result.fun).toBeLessThan(shifted(filled(2, 1)));
  });

  it('passes an error thrown by the objective on unchanged', async () => {
    const failure = new Error('backend down');

    await expect(
      minimize(
        () => {
          throw failure;
        },
        filled(2, 0),
        { maxIterations: 10 },
      ),
    ).rejects.toBe(failure);
  });

  it('rejects an empty or non-finite x0 before evaluating', async () => {
    const f = jest.fn(() => 0);

    await expect(minimize(f, new Float64Array(0), { maxIterations: 10 })).rejects.toBeInstanceOf(InvalidOptimizerOptionError);
    await expect(minimize(f, Float64Array.of(0, NaN), { maxIterations: 10 })).rejects.toThrow('x0[1]: NaN is out of range; must be a finite number');
    await expect(minimize(f, filled(2, 0), { maxIterations: 1.5 })).rejects.toThrow(
      'options.maxIterations: 1.5 is out of range; must be an integer >= 1',
    );
    expect(f).not.toHaveBeenCalled();
  });
});
