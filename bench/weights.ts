/**
 * Weights quality benchmark (issue 14): integer weights, limits and rebalancing on real-data instances
 * (bench/quality/instances.ts ticker subsets and date windows), each with its exact optimum by
 * enumerating every lot vector. Per instance: lot annealing (the fallback), VQE on the unary encoding
 * (givens, the default) and, where small, VQE on the binary encoding (RealAmplitudes + COBYLA).
 * One JSON row per run on stdout, then `{"summary": [...]}` (per size and method: runs, optimal,
 * mean approximation ratio, mean P(optimum), mean seconds).
 *
 *   npx tsx bench/weights.ts                 (every configuration, 3 instances each; ~10 min on 2 cores)
 *   npx tsx bench/weights.ts --quick         (the two smallest configurations, 1 instance)
 */
import { parseArgs } from 'node:util';
import { approximationRatio, countLotVectors, createPortfolioModel, exactModelOptimum, type PortfolioModel, type PortfolioModelInput } from '../lib/portfolio';
import { annealingSolver, vqeSolver } from '../lib/solvers';
import { realInstance } from './quality/instances';

/** Assets, lots, max weight, rebalancing: the unary qubit count is n * min(L, floor(maxWeight L)). */
export const CONFIGS = [
  { n: 4, lots: 4, maxWeight: 0.5, rebalance: false },
  { n: 4, lots: 4, maxWeight: 0.5, rebalance: true },
  { n: 5, lots: 5, maxWeight: 0.6, rebalance: false },
  { n: 6, lots: 6, maxWeight: 0.5, rebalance: true },
  { n: 5, lots: 8, maxWeight: 0.5, rebalance: false },
  { n: 10, lots: 20, maxWeight: 0.3, rebalance: false },
  { n: 12, lots: 12, maxWeight: 0.25, rebalance: true },
] as const;

export interface WeightsRow {
  readonly instance: string;
  readonly n: number;
  readonly lots: number;
  readonly rebalance: boolean;
  readonly method: 'annealing' | 'vqe-unary' | 'vqe-binary';
  readonly qubits: number;
  readonly approximationRatio: number;
  readonly optimal: boolean;
  readonly optimumProbability: number | null;
  readonly seconds: number;
}

/** The model of a configuration on instance `index` of size n (holdings: a seeded random portfolio). */
export function instanceModel(c: (typeof CONFIGS)[number], index: number, encoding: 'unary' | 'binary'): { id: string; model: PortfolioModel } {
  const inst = realInstance(c.n, index);
  const p = inst.problem;
  const holdings: number[] | null = c.rebalance ? p.tickers.map((_, i) => ((i * 7 + index) % p.tickers.length < Math.ceil(p.tickers.length / 2) ? 1 : 0)) : null;
  const total = holdings ? holdings.reduce((a, b) => a + b, 0) : 1;
  const input: PortfolioModelInput = {
    tickers: p.tickers, mu: p.mu, sigma: p.sigma, riskFactor: p.riskFactor, lots: c.lots, maxWeight: c.maxWeight, encoding,
    ...(holdings ? { holdings: holdings.map((h) => h / total), costBps: 5 } : {}),
  };
  return { id: `${inst.id}-L${c.lots}${c.rebalance ? '-rebal' : ''}`, model: createPortfolioModel(input) };
}

/** Run every method on one configuration and instance; rows as they finish. */
export async function runConfig(c: (typeof CONFIGS)[number], index: number, onRow: (r: WeightsRow) => void): Promise<WeightsRow[]> {
  const rows: WeightsRow[] = [];
  const unary = instanceModel(c, index, 'unary');
  const binary = instanceModel(c, index, 'binary');
  if (countLotVectors(unary.model) > 2_000_000) return rows;
  const exact = exactModelOptimum(unary.model, 2_000_000);
  const emit = (method: WeightsRow['method'], model: PortfolioModel, objective: number, p: number | null, seconds: number) => {
    const ratio = approximationRatio(objective, exact.best.objective, exact.worstObjective);
    const row: WeightsRow = { instance: unary.id, n: c.n, lots: c.lots, rebalance: c.rebalance, method, qubits: model.bits.length, approximationRatio: ratio, optimal: Math.abs(objective - exact.best.objective) <= 1e-12 * Math.max(1, Math.abs(exact.best.objective)), optimumProbability: p, seconds };
    rows.push(row);
    onRow(row);
  };
  const hints = { optimalLots: exact.best.lots };
  let t = performance.now();
  const a = await annealingSolver.solve(binary.model, { seed: index });
  emit('annealing', binary.model, a.objective, null, (performance.now() - t) / 1000);
  if (unary.model.hammingWeight !== null && unary.model.bits.length <= 24) {
    t = performance.now();
    const v = await vqeSolver.solve(unary.model, { seed: index }, {}, hints);
    emit('vqe-unary', unary.model, v.objective, v.optimumProbability ?? null, (performance.now() - t) / 1000);
  }
  if (binary.model.bits.length <= 14) {
    t = performance.now();
    const v = await vqeSolver.solve(binary.model, { seed: index, ansatz: 'realamplitudes', reps: 2, maxIterations: 400 }, {}, hints);
    emit('vqe-binary', binary.model, v.objective, v.optimumProbability ?? null, (performance.now() - t) / 1000);
  }
  return rows;
}

/** Per (qubits of the method, method): runs, optimal count, mean ratio, mean P(optimum), mean seconds. */
export function summarize(rows: readonly WeightsRow[]) {
  const groups = new Map<string, WeightsRow[]>();
  for (const r of rows) {
    const k = `${r.method}|${r.n}|${r.lots}|${r.rebalance}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups.values()].map((g) => ({
    method: g[0]!.method, n: g[0]!.n, lots: g[0]!.lots, rebalance: g[0]!.rebalance, qubits: g[0]!.qubits,
    runs: g.length, optimal: g.filter((r) => r.optimal).length,
    meanRatio: g.reduce((s, r) => s + r.approximationRatio, 0) / g.length,
    meanOptimumProbability: g.every((r) => r.optimumProbability !== null) ? g.reduce((s, r) => s + r.optimumProbability!, 0) / g.length : null,
    meanSeconds: g.reduce((s, r) => s + r.seconds, 0) / g.length,
  }));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, instances: { type: 'string', default: '3' } } });
  const configs = values.quick ? CONFIGS.slice(0, 2) : CONFIGS;
  const count = values.quick ? 1 : Number(values.instances);
  const rows: WeightsRow[] = [];
  for (const c of configs) for (let i = 1; i <= count; i++) rows.push(...(await runConfig(c, i, (r) => process.stdout.write(`${JSON.stringify(r)}\n`))));
  process.stdout.write(`${JSON.stringify({ summary: summarize(rows) })}\n`);
}

if (require.main === module) void main();
