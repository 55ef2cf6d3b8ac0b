import fc from 'fast-check';
import { cvar, diagonalEnergies, energyOrder, expectationValue } from '../../lib/quantum/expectation';
import type { IsingHamiltonian } from '../../lib/quantum/observable';
import { directEnergy } from '../reference/ising';

const coefficient = fc.double({ min: -5, max: 5, noNaN: true });

const hamiltonian: fc.Arbitrary<IsingHamiltonian> = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.record({
    numQubits: fc.constant(n),
    h: fc.array(coefficient, { minLength: n, maxLength: n }),
    J: fc.array(fc.array(coefficient, { minLength: n, maxLength: n }), { minLength: n, maxLength: n }),
    offset: coefficient,
  }),
);

const distribution = (size: number): fc.Arbitrary<Float64Array> =>
  fc
    .array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: size, maxLength: size })
    .filter((ps) => ps.reduce((a, b) => a + b, 0) > 1e-3)
    .map((ps) => {
      const total = ps.reduce((a, b) => a + b, 0);
      return Float64Array.from(ps, (p) => p / total);
    });

describe('expectation invariants', () => {
  test('diagonalEnergies equals the direct evaluation', () => {
    fc.assert(
      fc.property(hamiltonian, (H) => {
        const energies = diagonalEnergies(H);
        let worst = 0;
        for (let k = 0; k < energies.length; k++) worst = Math.max(worst, Math.abs(energies[k]! - directEnergy(H, k)));
        expect(worst).toBeLessThan(1e-9);
      }),
      { seed: 11, numRuns: 100 },
    );
  });

  test('CVaR lies between the minimum and the expectation, grows with alpha, and is order-independent', () => {
    fc.assert(
      fc.property(
        hamiltonian.chain((H) => fc.tuple(fc.constant(diagonalEnergies(H)), distribution(2 ** H.numQubits))),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        ([energies, probs], a1, a2) => {
          const order = energyOrder(energies);
          const [lo, hi] = a1 < a2 ? [a1, a2] : [a2, a1];
          const minSupported = Math.min(...Array.from(energies).filter((_, k) => probs[k]! > 0));
          const c = cvar(probs, energies, lo, order);
          expect(c).toBe(cvar(probs, energies, lo));
          expect(c).toBeGreaterThanOrEqual(minSupported - 1e-9);
          expect(c).toBeLessThanOrEqual(cvar(probs, energies, hi, order) + 1e-9);
          expect(cvar(probs, energies, 1, order)).toBeCloseTo(expectationValue(probs, energies), 9);
        },
      ),
      { seed: 12, numRuns: 100 },
    );
  });

  test('energyOrder (radix) is the comparison sort by energy, ties by index, on any finite energies', () => {
    const energy = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(0, -0, 1, -1, 1e-300, -1e-300, Number.MAX_VALUE, -Number.MAX_VALUE, 2.5),
      fc.integer({ min: -3, max: 3 }).map((v) => v / 2),
    );
    fc.assert(
      fc.property(fc.array(energy, { minLength: 1, maxLength: 300 }), (values) => {
        const energies = Float64Array.from(values);
        const expected = Array.from(values.keys()).sort((a, b) => values[a]! - values[b]! || a - b);
        expect(Array.from(energyOrder(energies))).toEqual(expected);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});

