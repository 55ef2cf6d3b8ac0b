/** refine.ts scores sampled counts with cvarFromCounts through an energy function: the same as with the energy table. */
import { cvarFromCounts } from '../../lib/quantum';

describe('cvarFromCounts with an energy function (as refine.ts calls it)', () => {
  it('is the mean energy of the lowest alpha share of the shots, as with the energy table', () => {
    const energies = Float64Array.from([3, -1, 2, 0.5, -4, 7, 1, 1]);
    const counts = new Map([[0, 5], [1, 10], [4, 2], [5, 30], [6, 3]]);
    for (const alpha of [0.05, 0.1, 0.25, 0.5, 1]) expect(cvarFromCounts(counts, (k) => energies[k]!, alpha)).toBeCloseTo(cvarFromCounts(counts, energies, alpha), 12);
    // alpha 0.04 of 50 shots = 2 shots: both at energy -4
    expect(cvarFromCounts(counts, (k) => energies[k]!, 0.04)).toBe(-4);
  });
});
