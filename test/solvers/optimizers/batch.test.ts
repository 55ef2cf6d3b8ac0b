import { spsa } from '../../../lib/solvers/optimizers/spsa';
import type { Objective } from '../../../lib/solvers/optimizers/types';

const quadratic = (x: Float64Array) => (x[0]! - 1) ** 2 + 3 * (x[1]! + 0.5) ** 2 + 0.5 * x[0]! * x[1]!;

describe('batched evaluation (parameter broadcasting)', () => {
  it("SPSA sends each perturbation pair as one batch and gets the same result as one by one", async () => {
    const calls: number[] = [];
    const batched: Objective = Object.assign((x: Float64Array) => quadratic(x), {
      batch: async (xs: readonly Float64Array[]) => {
        calls.push(xs.length);
        return xs.map(quadratic);
      },
    });
    const seen: number[][] = [];
    const a = await spsa(batched, Float64Array.of(0, 0), { maxIterations: 40, seed: 3, onEvaluation: (_, x) => seen.push(Array.from(x)) });
    const plainSeen: number[][] = [];
    const b = await spsa((x) => quadratic(x), Float64Array.of(0, 0), { maxIterations: 40, seed: 3, onEvaluation: (_, x) => plainSeen.push(Array.from(x)) });
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(a.evaluations).toBe(b.evaluations);
    expect(seen).toEqual(plainSeen);
    // 25 calibration pairs + 40 iteration pairs, each one batch of 2.
    expect(calls).toEqual(Array(65).fill(2));
  });
});
