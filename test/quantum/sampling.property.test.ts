import fc from 'fast-check';
import { createRng } from '../../lib/quantum/random';
import { sampleCounts } from '../../lib/quantum/sampling';

const distribution = fc
  .array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 64 })
  .filter((ps) => ps.some((p) => p > 0))
  .map((ps) => Float64Array.from(ps));

describe('sampling invariants', () => {
  test('same seed -> same counts; counts sum to shots; only positive-probability indices appear', () => {
    fc.assert(
      fc.property(distribution, fc.integer({ min: 0, max: 2000 }), fc.integer(), (probs, shots, seed) => {
        const a = sampleCounts(probs, shots, createRng(seed));
        const b = sampleCounts(probs, shots, createRng(seed));
        expect([...a]).toEqual([...b]);
        expect([...a.values()].reduce((x, y) => x + y, 0)).toBe(shots);
        for (const k of a.keys()) expect(probs[k]!).toBeGreaterThan(0);
      }),
      { seed: 7, numRuns: 100 },
    );
  });
});
