/** Annealing reads over worker threads: the same best state as the same reads on one thread. */
import { ParallelAnnealer } from '../../../lib/backends/local';
import { annealIsing, isingFromEdges } from '../../../lib/solvers';

test('reads split over 2 workers find the state of the same reads on one thread', async () => {
  const n = 40;
  const I: number[] = [];
  const J: number[] = [];
  const W: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if ((i * 7 + j * 3) % 5 === 0) I.push(i), J.push(j), W.push(Math.sin(i * j + 1));
  const model = isingFromEdges(Array.from({ length: n }, (_, i) => Math.cos(i)), I, J, W);
  const options = { numReads: 6, numSweeps: 200, seed: 11 };
  const annealer = new ParallelAnnealer(2);
  try {
    const parallel = await annealer.run(model, options);
    const serial = annealIsing(model, options);
    expect(parallel.reads).toBe(6);
    expect(parallel.bestEnergy).toBe(serial.bestEnergy);
    expect(Array.from(parallel.spins)).toEqual(Array.from(serial.spins));
    expect(Array.from(parallel.energies)).toEqual(Array.from(serial.energies));
  } finally {
    await annealer.close();
  }
});
