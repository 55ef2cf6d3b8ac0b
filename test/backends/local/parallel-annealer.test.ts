/**
 * Annealing reads over worker threads: every read equals the same read on one thread, for flip and
 * swap moves, so the portfolio solver gives the same answer on any thread count.
 */
import { ParallelAnnealer } from '../../../lib/backends/local';
import { objectiveQubo } from '../../../lib/portfolio';
import { annealIsing, annealingSolver, isingFromEdges, isingFromQubo } from '../../../lib/solvers';
import { ALL_TICKERS, realProblem } from '../../helpers/problems';

const annealers = [1, 2, 3].map((t) => new ParallelAnnealer(t));
afterAll(async () => {
  for (const a of annealers) await a.close();
});

test('reads split over 2 workers are the reads on one thread, in read order', async () => {
  const n = 40;
  const I: number[] = [];
  const J: number[] = [];
  const W: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if ((i * 7 + j * 3) % 5 === 0) I.push(i), J.push(j), W.push(Math.sin(i * j + 1));
  const model = isingFromEdges(Array.from({ length: n }, (_, i) => Math.cos(i)), I, J, W);
  for (const moves of [{ moves: 'flip' as const }, { moves: 'swap' as const, budget: 13 }]) {
    const options = { numReads: 7, numSweeps: 200, seed: 11, ...moves };
    const parallel = await annealers[1]!.run(model, options);
    const serial = annealIsing(model, options);
    expect(parallel.reads).toBe(7);
    expect(parallel.bestEnergy).toBe(serial.bestEnergy);
    expect(parallel.bestRead).toBe(serial.bestRead);
    expect(Array.from(parallel.spins)).toEqual(Array.from(serial.spins));
    expect(Array.from(parallel.energies)).toEqual(Array.from(serial.energies));
  }
});

test.each(['swap', 'flip'] as const)('the annealing solver (%s moves) gives the same answer in-process and on 1, 2, 3 threads', async (moves) => {
  const problem = realProblem(ALL_TICKERS.slice(0, 10), 4, 0.6, { start: '2015-04-01' });
  const options = { numReads: 11, numSweeps: 100, seed: 5, moves };
  const local = await annealingSolver.solve(problem, options);
  for (const annealer of annealers) {
    const threaded = await annealingSolver.solve(problem, options, { annealer });
    expect(threaded.bitstring).toBe(local.bitstring);
    expect(threaded.samples).toEqual(local.samples);
  }
});

test('aborting the signal rejects the threaded run with SolveAbortedError', async () => {
  const problem = realProblem(ALL_TICKERS.slice(0, 10), 4);
  const controller = new AbortController();
  const run = annealingSolver.solve(problem, { numReads: 1_000_000, numSweeps: 1000, seed: 1 }, { annealer: annealers[1]!, signal: controller.signal });
  setTimeout(() => controller.abort(new Error('timeout')), 200);
  await expect(run).rejects.toMatchObject({ name: 'QPO.SolveAborted', code: 'SOLVE_ABORTED' });
});

test('the wall-clock budget applies in every worker: each runs at least one read, none runs them all', async () => {
  const model = isingFromQubo(objectiveQubo(realProblem(ALL_TICKERS.slice(0, 10), 4)));
  const run = await annealers[1]!.run(model, { moves: 'swap', budget: 4, numReads: 1_000_000, numSweeps: 200, seed: 2, timeLimitSeconds: 0.3 });
  expect(run.reads).toBeGreaterThanOrEqual(2);
  expect(run.reads).toBeLessThan(1_000_000);
  expect(run.energies).toHaveLength(run.reads);
});
