import { annealQubo, annealingSolver, betaSchedule, InvalidSolverOptionError, solveExactly } from '../../lib/solvers';
import { bitstringFromSelection } from '../../lib/portfolio';
import { toQubo, quboEnergy } from '../../lib/portfolio';
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

  it('returns samples sorted by energy, with consistent energies', async () => {
    const problem = realProblem(ALL_TICKERS.slice(0, 8), 4);
    const qubo = toQubo(problem);
    const run = await annealQubo(qubo, { numReads: 30, numSweeps: 50, seed: 3 });
    const energies = run.states.map((s) => s.energy);
    expect(energies).toEqual([...energies].sort((a, b) => a - b));
    for (const s of run.states) expect(s.energy).toBeCloseTo(quboEnergy(qubo, Array.from(s.x)), 12);
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
    await expect(annealQubo(qubo, {}, controller.signal)).rejects.toMatchObject({ name: 'SolveAbortedError' });
  });
});
