/**
 * Weighted jobs through the local runner (the workflow's tasks, as on AWS), on the bundled prices,
 * against an independent brute force over lot vectors: the quantum path (VQE) and the classical
 * paths reach the exact optimum; the record carries lots, weights, shares, trades, the continuous
 * reference and performance; the spec's weights section is validated and v1 specs still load.
 */
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileResultStore, parseJobSpec } from '../../lib/jobs';
import { runJobLocally, type LocalRunDeps } from '../../lib/workflow/run-local';
import { bruteForceLots } from '../helpers/lots-oracle';
import { PRICES_CSV, realProblem } from '../helpers/problems';

const TICKERS = ['AAPL', 'AMZN', 'GOOG', 'JPM', 'XOM', 'BAC'];

function deps(): LocalRunDeps {
  let id = 0;
  return {
    readDataset: async () => readFile(PRICES_CSV, 'utf8'),
    store: new FileResultStore(mkdtempSync(path.join(tmpdir(), 'qpo-w-'))),
    now: () => Date.now(),
    newJobId: () => `w-${process.hrtime.bigint()}-${++id}`,
    randomSeed: () => 7,
    software: { qpo: 'test', node: process.version },
  };
}

describe('weighted jobs (spec.weights) against brute force over lot vectors', () => {
  const p = realProblem(TICKERS, 2, 0.5);

  it('VQE answers the issue example (4 lots, max weight 0.4, $100k) with the exact optimum, weights and shares', async () => {
    const record = await runJobLocally({ portfolio: { tickers: TICKERS }, weights: { lots: 4, maxWeight: 0.4, capitalUsd: 100_000 }, quantum: { seed: 7 } }, deps());
    const oracle = bruteForceLots({ mu: p.mu, sigma: p.sigma, q: 0.5, lots: 4, maxWeight: 0.4 });
    expect(record.solver).toBe('vqe');
    expect(record.fallback.activated).toBe(false);
    const w = record.weights!;
    expect(w.lotsPerAsset).toEqual(oracle.lots);
    expect(w.objective).toBeCloseTo(oracle.objective, 14);
    expect(record.quality.approximationRatio).toBe(1);
    expect(record.quality.optimum).toBeCloseTo(oracle.objective, 14);
    expect(record.quality.worstFeasible).toBeCloseTo(oracle.worst, 14);
    expect(w.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // whole shares at the last closes of the window, never more than the capital
    const a = w.allocation!;
    const spent = a.shares.reduce((s, x, i) => s + x * a.prices[i]!, 0);
    expect(spent + a.leftoverUsd).toBeCloseTo(100_000, 6);
    expect(a.leftoverUsd).toBeGreaterThanOrEqual(0);
    expect(a.leftoverUsd).toBeLessThan(Math.max(...a.prices));
    expect(a.pricesDate).toBe(record.problem.data.end);
    expect(w.performance.arithmetic.sharpeRatio).toBeCloseTo((w.performance.arithmetic.expectedReturn - 0.02) / w.performance.arithmetic.volatility, 12);
    expect(w.performance.compounded).not.toBeNull();
    // the continuous optimum is never worse than the whole-lot one
    expect(w.continuous!.objectiveGap).toBeGreaterThanOrEqual(-1e-12);
    expect(w.continuous!.weights.every((x) => x <= 0.4 + 1e-9)).toBe(true);
  }, 120_000);

  it('rebalancing: holdings and a cost give the trade list of the exact optimum, with its cost', async () => {
    const holdings = { AAPL: 0.25, JPM: 0.5, BAC: 0.25 };
    const record = await runJobLocally(
      { portfolio: { tickers: TICKERS }, weights: { lots: 4, maxWeight: 0.5, holdings, costBps: 10, capitalUsd: 50_000 }, quantum: { seed: 3 } },
      deps(),
    );
    const h = TICKERS.map((t) => holdings[t as keyof typeof holdings] ?? 0);
    const oracle = bruteForceLots({ mu: p.mu, sigma: p.sigma, q: 0.5, lots: 4, maxWeight: 0.5, holdings: h, costBps: 10 / 252 }); // the cost spread over holdingDays (252)
    const w = record.weights!;
    expect(w.lotsPerAsset).toEqual(oracle.lots);
    expect(w.objective).toBeCloseTo(oracle.objective, 14);
    const expected = TICKERS.flatMap((t, i) => (oracle.lots[i]! / 4 === h[i] ? [] : [{ ticker: t, toWeight: oracle.lots[i]! / 4, fromWeight: h[i] }]));
    expect(expected.length).toBeGreaterThan(0);
    expect(w.trades!.map((t) => ({ ticker: t.ticker, toWeight: t.toWeight, fromWeight: t.fromWeight }))).toEqual(expected);
    const cost = w.trades!.reduce((s, t) => s + t.costFraction, 0);
    expect(cost).toBeCloseTo(expected.reduce((s, t) => s + (10 / 1e4) * Math.abs(t.toWeight - t.fromWeight!), 0), 14);
    expect(w.trades!.every((t) => t.costUsd === t.costFraction * 50_000)).toBe(true);
  }, 120_000);

  it('annealing (forced fallback) and exact (solver: exact) reach the same optimum with a min weight and a sector cap', async () => {
    const weights = { lots: 10, minWeight: 0.05, sectors: [{ name: 'tech', tickers: ['AAPL', 'AMZN', 'GOOG'], maxWeight: 0.4 }] };
    const oracle = bruteForceLots({ mu: p.mu, sigma: p.sigma, q: 0.5, lots: 10, minWeight: 0.05, sectors: [{ assets: [0, 1, 2], maxWeight: 0.4 }] });
    const annealed = await runJobLocally({ portfolio: { tickers: TICKERS }, weights, fallback: { force: true } }, deps());
    const exact = await runJobLocally({ portfolio: { tickers: TICKERS }, weights, solver: 'exact' }, deps());
    for (const r of [annealed, exact]) {
      expect(r.weights!.lotsPerAsset).toEqual(oracle.lots);
      expect(r.weights!.sectors[0]!.weight).toBeLessThanOrEqual(0.4 + 1e-12);
    }
    expect(annealed.solver).toBe('annealing');
    expect(exact.solver).toBe('exact');
    expect(annealed.weights!.encoding).toBe('binary'); // a binding sector cap needs slack bits
  }, 120_000);

  it('max-Sharpe: the sweep keeps the risk factor whose weights have the largest Sharpe ratio', async () => {
    const record = await runJobLocally({ portfolio: { tickers: TICKERS }, weights: { lots: 4, objective: 'max-sharpe' }, solver: 'exact' }, deps());
    const sweep = record.weights!.sweep!;
    const best = Math.max(...sweep.map((s) => s.sharpeRatio ?? -Infinity));
    expect(sweep.find((s) => s.riskFactor === record.weights!.riskFactor)!.sharpeRatio).toBe(best);
    // each point is that risk factor's exact optimum
    for (const s of sweep.slice(0, 3)) {
      const oracle = bruteForceLots({ mu: p.mu, sigma: p.sigma, q: s.riskFactor, lots: 4 });
      expect(s.weights).toEqual(oracle.lots.map((k) => k / 4));
    }
  }, 120_000);
});

describe('the weights section of the JobSpec', () => {
  it('a version 1 spec (binary selection) still loads; schemaVersion 2 is the default', () => {
    expect(parseJobSpec({ schemaVersion: 1, portfolio: { tickers: TICKERS }, budget: 3 }).schemaVersion).toBe(1);
    expect(parseJobSpec({ portfolio: { tickers: TICKERS } }).schemaVersion).toBe(2);
  });

  it.each([
    [{ schemaVersion: 1, weights: { lots: 4 } }, /schemaVersion: 1 has no weights section; use schemaVersion 2/],
    [{ weights: { lots: 4, holdings: { TSLA: 0.5 } } }, /weights\.holdings\.TSLA: 'TSLA' is not one of the job's tickers/],
    [{ weights: { lots: 0 } }, /weights\.lots: 0 is out of range; lots is an integer between 1 and 1000/],
    [{ weights: { lots: 4, maxWeight: 1.5 } }, /weights\.maxWeight: .*fraction between 0 and 1/],
    [{ weights: { lots: 4 }, budget: 3 }, /budget: is for binary selection; with weights the lot budget is weights\.lots/],
    [{ weights: { lots: 4 }, quantum: { algorithm: 'qaoa' } }, /quantum\.algorithm: 'qaoa' runs binary selection; for weights use vqe/],
    [{ weights: { lots: 4, encoding: 'gray' } }, /weights\.encoding: 'gray' is not valid; use one of auto, unary, binary/],
  ])('%j is refused naming the field', (extra, message) => {
    expect(() => parseJobSpec({ portfolio: { tickers: TICKERS }, ...extra })).toThrow(message);
  });

  it('limits that leave no portfolio are refused before any work, naming the fix', async () => {
    await expect(runJobLocally({ portfolio: { tickers: TICKERS }, weights: { lots: 4, maxWeight: 0.1 } }, deps())).rejects.toThrow(/weights\.maxWeight: the maximum weights allow 0 lots in all but the budget is 4; raise them or add assets/);
  });
});
