/**
 * The short version of bench/quality.ts (small n, seconds): the goals on instances built
 * from the bundled prices, checked against their brute-force optima, with the previous defaults run
 * side by side. The full run is `npm run bench:quality` (docs/benchmarks.md).
 */
import { createStatevectorSampler } from '../../lib/quantum';
import { paperInstance, realInstance } from '../../bench/quality/instances';
import { HARDWARE_METHODS, PAPER_METHODS, runQaoaSuite, runSuite, summarize, VQE_METHODS, type QualityRow } from '../../bench/quality/run';

const ctx = { sampler: (seed: number) => createStatevectorSampler({ seed }) };
const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)]!;
const of = (rows: QualityRow[], method: string) => rows.filter((r) => r.method === method);

describe('quality benchmark, short version', () => {
  it('instances are real-data problems with brute-force optima, several budgets and risk factors', () => {
    const instances = [6, 8, 10].flatMap((n) => [1, 2, 3].map((i) => realInstance(n, i)));
    expect(new Set(instances.map((i) => i.problem.budget)).size).toBeGreaterThan(2);
    expect(new Set(instances.map((i) => i.problem.riskFactor)).size).toBeGreaterThan(2);
    for (const i of instances) expect(i.optimum).toBeLessThanOrEqual(i.worstFeasible);
  });

  it('VQE defaults: the exact optimum on every instance and seed, P(optimum) median >= 0.5 (n <= 12), above the previous defaults', async () => {
    const instances = [6, 8, 10].flatMap((n) => [1, 2].map((i) => realInstance(n, i)));

    const rows = await runSuite('vqe', instances, [1, 2], VQE_METHODS, ctx);

    const now = of(rows, 'default');
    expect(now).toHaveLength(12);
    for (const r of now) expect(r.approximationRatio).toBe(1);
    const p = median(now.map((r) => r.optimumProbability!));
    expect(p).toBeGreaterThanOrEqual(0.5);
    expect(p).toBeGreaterThan(median(of(rows, 'previous').map((r) => r.optimumProbability!)));
    expect(summarize(rows).map((s) => s.method)).toEqual(expect.arrayContaining(['default', 'previous']));
  });

  it('the paper instance: the tutorial configuration finds the optimum on 5 of 5 seeds; the defaults reach P(optimum) >= 0.301 in the median', async () => {
    const rows = await runSuite('paper', [paperInstance()], [1, 2, 3, 4, 123], PAPER_METHODS, ctx);

    expect(of(rows, 'tutorial').filter((r) => r.approximationRatio === 1)).toHaveLength(5);
    expect(median(of(rows, 'default').map((r) => r.optimumProbability!))).toBeGreaterThanOrEqual(0.301);
  });

  it('hardware-style (1024 shots per evaluation, default evaluations): exact with the default optimizer and with SPSA', async () => {
    const rows = [
      ...(await runSuite('hardware', [4, 6].map((n) => realInstance(n, 1)), [1], { default: HARDWARE_METHODS.default! }, ctx)),
      ...(await runSuite('hardware', [realInstance(4, 2)], [1], { spsa: HARDWARE_METHODS.spsa! }, ctx)),
    ];

    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r.approximationRatio).toBe(1);
  });

  it('QAOA with the Dicke start and the XY mixer: the optimum in the samples at p = 1, 2, with more probability on it than the previous default', async () => {
    const instances = [6, 8].map((n) => realInstance(n, 1));

    const rows = await runQaoaSuite(instances, [1], [1, 2], ['default', 'previous'], ctx);

    for (const r of of(rows, 'default')) {
      expect(r.optimumInSamples).toBe(true);
      const before = rows.find((x) => x.method === 'previous' && x.instance === r.instance && x.p === r.p)!;
      expect(r.optimumProbability!).toBeGreaterThan(before.optimumProbability!);
      expect(r.expectedApproximationRatio!).toBeGreaterThan(before.expectedApproximationRatio!);
    }
  });
});
