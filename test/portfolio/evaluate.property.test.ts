import fc from 'fast-check';
import { approximationRatio, bitstringFromSelection, selectionFromBitstring } from '../../lib/portfolio';

const SEED = 20240611;

describe('evaluation properties', () => {
  it('bitstring <-> selection round-trips and keeps asset 0 rightmost', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 24 }), (x) => {
        const bits = bitstringFromSelection(x);

        expect(selectionFromBitstring(bits, x.length)).toEqual(x);
        expect(bits[bits.length - 1]).toBe(String(x[0]));
      }),
      { seed: SEED },
    );
  });

  it('the approximation ratio is 1 at the optimum, 0 at the worst feasible value and in [0, 1] between', () => {
    const finite = fc.double({ min: -1e3, max: 1e3, noNaN: true });
    fc.assert(
      fc.property(finite, finite, fc.double({ min: 0, max: 1, noNaN: true }), (a, b, t) => {
        const optimum = Math.min(a, b);
        const worst = Math.max(a, b);
        const found = optimum + t * (worst - optimum);

        expect(approximationRatio(optimum, optimum, worst)).toBe(1);
        const ratio = approximationRatio(found, optimum, worst);
        expect(ratio).toBeGreaterThanOrEqual(-1e-9);
        expect(ratio).toBeLessThanOrEqual(1 + 1e-9);
      }),
      { seed: SEED },
    );
  });
});
