/**
 * The annealing driver of lib/solvers (ising-anneal.ts) on portfolio QUBOs converted once to Ising
 * form: every read's energy is the QUBO energy of its bitstring (flip kernels, dense and CSR, and
 * the swap kernel), swaps keep the budget, polished reads are local minima, and reads split into
 * blocks are the reads of one block.
 */
import { objectiveQubo, quboEnergy, toQubo, type Qubo } from '../../lib/portfolio';
import {
  annealIsing,
  bitsOfSpins,
  concatReads,
  isingFromQubo,
  readSpins,
  type IsingAnnealOptions,
  type IsingAnnealResult,
} from '../../lib/solvers';
import { ALL_TICKERS, realProblem } from '../helpers/problems';

const problem = realProblem(ALL_TICKERS.slice(0, 14), 5, 0.7, { start: '2015-04-01' });
const penalized = toQubo(problem);
const objectiveOnly = objectiveQubo(problem);

/** Bits of read k as a number[] (lib/portfolio's quboEnergy wants 0/1 values). */
const bitsOf = (r: IsingAnnealResult, k: number): number[] => Array.from(bitsOfSpins(readSpins(r, k)));

/** The energies of `x` with each single bit flipped (or each swap of a 1 and a 0, `swaps`). */
function neighbourEnergies(qubo: Qubo, x: number[], swaps: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (!swaps) out.push(quboEnergy(qubo, x.map((v, k) => (k === i ? 1 - v : v))));
    else if (x[i] === 1)
      for (let j = 0; j < x.length; j++) if (x[j] === 0) out.push(quboEnergy(qubo, x.map((v, k) => (k === i ? 0 : k === j ? 1 : v))));
  }
  return out;
}

describe('annealIsing on portfolio QUBOs', () => {
  const cases: [string, Qubo, IsingAnnealOptions][] = [
    ['flip, dense', penalized, { moves: 'flip', layout: 'dense' }],
    ['flip, CSR', penalized, { moves: 'flip', layout: 'csr' }],
    ['swap', objectiveOnly, { moves: 'swap', budget: problem.budget }],
  ];

  test.each(cases)('%s: every read energy equals the QUBO energy of its bitstring', (_, qubo, moves) => {
    for (const polish of [false, true]) {
      // Few sweeps so the unpolished reads end in many different (mostly non-optimal) states.
      const r = annealIsing(isingFromQubo(qubo), { ...moves, numReads: 24, numSweeps: 5, seed: 3, polish });
      expect(r.reads).toBe(24);
      expect(r.energies).toHaveLength(24);
      expect(r.spins).toHaveLength(24 * qubo.numVariables);
      if (!polish) expect(new Set(r.energies).size).toBeGreaterThan(1);
      for (let k = 0; k < r.reads; k++) expect(Math.abs(r.energies[k]! - quboEnergy(qubo, bitsOf(r, k)))).toBeLessThan(1e-9);
      expect(r.bestEnergy).toBe(Math.min(...r.energies));
      expect(r.energies[r.bestRead]).toBe(r.bestEnergy);
    }
  });

  test('swap moves keep exactly `budget` ones in every read', () => {
    const r = annealIsing(isingFromQubo(objectiveOnly), { moves: 'swap', budget: problem.budget, numReads: 20, numSweeps: 50, seed: 8 });
    for (let k = 0; k < r.reads; k++) expect(bitsOf(r, k).reduce((a, b) => a + b, 0)).toBe(problem.budget);
  });

  test.each(cases)('%s with polish: every read is a local minimum of its move set', (name, qubo, moves) => {
    const r = annealIsing(isingFromQubo(qubo), { ...moves, numReads: 10, numSweeps: 3, seed: 5, polish: true });
    for (let k = 0; k < r.reads; k++) {
      const x = bitsOf(r, k);
      const lowest = Math.min(...neighbourEnergies(qubo, x, name === 'swap'));
      expect(lowest).toBeGreaterThanOrEqual(quboEnergy(qubo, x) - 1e-12);
    }
  });

  test.each(cases)('%s: reads split into blocks are the reads of one run', (_, qubo, moves) => {
    const model = isingFromQubo(qubo);
    const options = { ...moves, numSweeps: 30, seed: 21, polish: true };
    const whole = annealIsing(model, { ...options, numReads: 9 });
    const parts = [0, 4, 7].map((first, i, starts) => annealIsing(model, { ...options, firstRead: first, numReads: (starts[i + 1] ?? 9) - first }));
    const joined = concatReads(parts, 0);
    expect(Array.from(joined.spins)).toEqual(Array.from(whole.spins));
    expect(Array.from(joined.energies)).toEqual(Array.from(whole.energies));
    expect(joined.bestRead).toBe(whole.bestRead);
  });

  test('swap moves reject a budget out of range and sparse-only layouts, naming the field', () => {
    const model = isingFromQubo(objectiveOnly);
    expect(() => annealIsing(model, { moves: 'swap', budget: 0 })).toThrow(/budget: 0 must be an integer between 1 and 13/);
    expect(() => annealIsing(model, { moves: 'swap', budget: 3, layout: 'csr' })).toThrow(/moves: 'swap' needs dense couplings/);
  });
});
