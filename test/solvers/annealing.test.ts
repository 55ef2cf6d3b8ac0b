import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { bitstringFromSelection, objectiveQubo, quboEnergy, toQubo, type Qubo } from '../../lib/portfolio';
import {
  annealQubo,
  annealingSolver,
  betaSchedule,
  InvalidSolverOptionError,
  parseSparseQubo,
  solveExactly,
  sparseQuboEnergy,
  type SparseQubo,
} from '../../lib/solvers';
import { BEST_KNOWN } from '../../bench/best-known';
import { ALL_TICKERS, bruteForce, realProblem } from '../helpers/problems';

describe('simulated annealing', () => {
  it('betaSchedule: geometric and linear end points and shape', () => {
    const g = betaSchedule('geometric', 0.1, 10, 5);
    expect(g[0]).toBeCloseTo(0.1, 15);
    expect(g[4]).toBeCloseTo(10, 12);
    expect(g[2]).toBeCloseTo(1, 12); // geometric midpoint
    const l = betaSchedule('linear', 0, 8, 5);
    expect(Array.from(l)).toEqual([0, 2, 4, 6, 8]);
  });

  // Every real-data instance up to n = 20 (the bundled file has 20 tickers), several budgets and risk factors.
  const cases: [number, number, number][] = [];
  for (const n of [4, 6, 8, 10, 12, 14, 16, 18, 20]) cases.push([n, Math.floor(n / 2), 0.5], [n, Math.max(1, Math.floor(n / 4)), 0.9]);
  it.each(cases)('reaches the brute-force optimum on real data: n=%i, B=%i, q=%f', async (n, budget, q) => {
    // The 20-ticker set starts in 2014 (BABA); take the most recent 3 years for every n.
    const problem = realProblem(ALL_TICKERS.slice(0, n), budget, q, { start: '2015-04-01' });
    // Plain enumeration up to n = 12; above, the Gray-code exact solver (itself checked against plain
    // enumeration in exact.test.ts) keeps the test fast.
    const exact = n <= 12 ? null : solveExactly(problem);
    const oracle = exact ? { optimum: exact.optimum, bitstring: bitstringFromSelection(exact.optimalSelection) } : bruteForce(problem);
    const result = await annealingSolver.solve(problem, { numReads: 40, numSweeps: 400, seed: 11 });
    expect(result.feasible).toBe(true);
    expect(result.objective).toBeCloseTo(oracle.optimum, 12);
    expect(result.bitstring).toBe(oracle.bitstring);
  });

  it.each(['flip', 'swap'] as const)('%s moves: distinct states sorted by energy, each equal to the QUBO energy of its bitstring', async (moves) => {
    const problem = realProblem(ALL_TICKERS.slice(0, 8), 4);
    const qubo = moves === 'flip' ? toQubo(problem) : objectiveQubo(problem);
    const run = await annealQubo(qubo, { numReads: 30, numSweeps: 50, seed: 3, moves, budget: 4 });
    const energies = run.states.map((s) => s.energy);
    expect(energies).toEqual([...energies].sort((a, b) => a - b));
    for (const s of run.states) expect(Math.abs(s.energy - quboEnergy(qubo, Array.from(s.x)))).toBeLessThan(1e-9);
    expect(run.states.reduce((a, s) => a + s.count, 0)).toBe(30);
  });

  it('is deterministic for a seed and varies with it', async () => {
    const qubo = toQubo(realProblem(ALL_TICKERS.slice(0, 12), 6));
    const a = await annealQubo(qubo, { numReads: 10, numSweeps: 5, seed: 1 });
    const b = await annealQubo(qubo, { numReads: 10, numSweeps: 5, seed: 1 });
    const c = await annealQubo(qubo, { numReads: 10, numSweeps: 5, seed: 2 });
    const key = (r: typeof a) => r.states.map((s) => `${s.x.join('')}:${s.count}`).join(',');
    expect(key(a)).toBe(key(b));
    expect(key(a)).not.toBe(key(c));
  });

  it('honours a wall-clock budget through the injected clock', async () => {
    let t = 0;
    const qubo = toQubo(realProblem(ALL_TICKERS.slice(0, 6), 3));
    const run = await annealQubo(qubo, { numReads: 100, numSweeps: 10, timeLimitSeconds: 1, now: () => (t += 250) });
    expect(run.reads).toBeGreaterThanOrEqual(1);
    expect(run.reads).toBeLessThan(100);
  });

  it('flip moves on the penalized QUBO also work on a small instance', async () => {
    const problem = realProblem(ALL_TICKERS.slice(0, 6), 3);
    const result = await annealingSolver.solve(problem, { moves: 'flip', numReads: 50, numSweeps: 500, seed: 5 });
    expect(result.bitstring).toBe(bruteForce(problem).bitstring);
  });

  it('rejects out-of-range options naming the field', async () => {
    const qubo = toQubo(realProblem(ALL_TICKERS.slice(0, 4), 2));
    await expect(annealQubo(qubo, { numReads: 0 })).rejects.toThrow(InvalidSolverOptionError);
    await expect(annealQubo(qubo, { numSweeps: 1.5 })).rejects.toThrow(/numSweeps: 1.5/);
  });

  it('stops when its signal aborts', async () => {
    const qubo = toQubo(realProblem(ALL_TICKERS.slice(0, 4), 2));
    const controller = new AbortController();
    controller.abort(new Error('timeout'));
    await expect(annealQubo(qubo, {}, controller.signal)).rejects.toMatchObject({ name: 'QPO.SolveAborted', code: 'SOLVE_ABORTED' });
  });
});

/**
 * The solver's flip path (annealQubo: lib/portfolio QUBO -> Ising once -> the kernels the benchmark
 * measures) on the public BiqMac instances of ../shared/qubo: it reaches each best-known value.
 */
describe('annealQubo on the shared BiqMac instances', () => {
  const QUBO_DIR = path.join(__dirname, '..', '..', '..', 'shared', 'qubo');
  /** The sparse instance as an upper-triangular QUBO (its off-diagonal entries count twice). */
  function quboOf(q: SparseQubo): Qubo {
    const Q = Array.from({ length: q.numVariables }, () => new Array<number>(q.numVariables).fill(0));
    for (let k = 0; k < q.w.length; k++) Q[q.i[k]!]![q.j[k]!]! += q.i[k] === q.j[k] ? q.w[k]! : 2 * q.w[k]!;
    return { numVariables: q.numVariables, Q, offset: 0 };
  }
  (existsSync(QUBO_DIR) ? it.each : it.skip.each)(Object.keys(BEST_KNOWN))('%s: flip moves reach the best-known value', async (name) => {
    const sparse = parseSparseQubo(readFileSync(path.join(QUBO_DIR, `${name}.sparse`), 'utf8'));
    const qubo = quboOf(sparse);
    const run = await annealQubo(qubo, { moves: 'flip', numReads: 60, numSweeps: 1000, seed: 1 });
    const best = run.states[0]!;
    expect(best.energy).toBeCloseTo(BEST_KNOWN[name]!, 9);
    expect(sparseQuboEnergy(sparse, best.x)).toBeCloseTo(BEST_KNOWN[name]!, 9);
    expect(quboEnergy(qubo, Array.from(best.x))).toBeCloseTo(BEST_KNOWN[name]!, 9);
  });
});
