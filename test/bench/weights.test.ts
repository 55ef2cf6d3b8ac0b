/**
 * The weights benchmark's short version (bench/weights.ts --quick): every method reaches the optimum
 * that enumeration of the lot vectors finds on the two smallest configurations, and the summary adds up.
 */
import { CONFIGS, runConfig, summarize, type WeightsRow } from '../../bench/weights';

it('annealing and VQE (unary and binary) reach the enumerated optimum on the smallest configurations', async () => {
  const rows: WeightsRow[] = [];
  for (const c of CONFIGS.slice(0, 2)) rows.push(...(await runConfig(c, 1, () => undefined)));
  expect(rows.map((r) => r.method).sort()).toEqual(['annealing', 'annealing', 'vqe-binary', 'vqe-binary', 'vqe-unary', 'vqe-unary']);
  for (const r of rows) expect({ method: r.method, instance: r.instance, ratio: r.approximationRatio }).toEqual({ method: r.method, instance: r.instance, ratio: 1 });
  expect(rows.filter((r) => r.method === 'vqe-unary').every((r) => r.optimumProbability! > 0.5)).toBe(true);
  const summary = summarize(rows);
  expect(summary.reduce((s, g) => s + g.runs, 0)).toBe(rows.length);
}, 120_000);
