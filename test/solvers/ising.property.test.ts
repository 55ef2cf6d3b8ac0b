/** Property: the QUBO -> Ising conversion of the annealer (s = 2x - 1) keeps the energy of every bitstring. */
import fc from 'fast-check';
import { quboEnergy, type Qubo } from '../../lib/portfolio';
import { isingEnergy, isingFromQubo } from '../../lib/solvers';

/** Random upper-triangular QUBOs, n <= 10, coefficients at several scales, some entries zero. */
const quboArb: fc.Arbitrary<{ qubo: Qubo; x: number[] }> = fc
  .integer({ min: 1, max: 10 })
  .chain((n) =>
    fc.record({
      n: fc.constant(n),
      q: fc.array(fc.oneof(fc.constant(0), fc.double({ min: -1, max: 1, noNaN: true })), { minLength: n * n, maxLength: n * n }),
      scale: fc.constantFrom(1e-4, 1, 1e3),
      offset: fc.double({ min: -10, max: 10, noNaN: true }),
      x: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
    }),
  )
  .map(({ n, q, scale, offset, x }) => ({
    qubo: { numVariables: n, offset, Q: Array.from({ length: n }, (_, i) => Array.from({ length: n }, (__, j) => (j >= i ? scale * q[i * n + j]! : 0))) },
    x,
  }));

test('E_ising(2x - 1) = E_qubo(x) for every x', () => {
  fc.assert(
    fc.property(quboArb, ({ qubo, x }) => {
      const model = isingFromQubo(qubo);
      const e = isingEnergy(model, x.map((b) => 2 * b - 1));
      expect(Math.abs(e - quboEnergy(qubo, x))).toBeLessThanOrEqual(1e-9);
    }),
    { seed: 20261122, numRuns: 300 },
  );
});
