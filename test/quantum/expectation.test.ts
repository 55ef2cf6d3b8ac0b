import { InvalidArgumentError } from '../../lib/quantum/errors';
import {
  CVAR_BUCKET_MIN_STATES,
  cvar,
  cvarFromCounts,
  diagonalEnergies,
  energyOrder,
  expectationValue,
} from '../../lib/quantum/expectation';
import { directEnergy, randomHamiltonian } from '../reference/ising';

describe('diagonalEnergies', () => {
  test.each([1, 2, 3, 5, 8, 10])('equals the direct per-state evaluation for a random Hamiltonian, n = %i', (n) => {
    const H = randomHamiltonian(n, 100 + n);
    const energies = diagonalEnergies(H);
    expect(energies).toHaveLength(2 ** n);
    for (let k = 0; k < 2 ** n; k++) expect(Math.abs(energies[k]! - directEnergy(H, k))).toBeLessThan(1e-12);
  });

  test('a 2-spin example by hand: H = 0.5 + z0 - 2 z1 + 3 z0 z1', () => {
    const H = { numQubits: 2, h: [1, -2], J: [[0, 3], [0, 0]], offset: 0.5 };
    // k = 0: z = (+,+); 1: (-,+); 2: (+,-); 3: (-,-)
    expect(Array.from(diagonalEnergies(H))).toEqual([2.5, -5.5, 0.5, 4.5]);
  });

  test('rejects a shape mismatch and non-finite coefficients', () => {
    expect(() => diagonalEnergies({ numQubits: 2, h: [1], J: [[0, 0], [0, 0]], offset: 0 })).toThrow(/h.length: 1/);
    expect(() => diagonalEnergies({ numQubits: 2, h: [1, 1], J: [[0, NaN], [0, 0]], offset: 0 })).toThrow(/J\[0\]\[1\]/);
    expect(() => diagonalEnergies({ numQubits: 2, h: [1, 1], J: [[0, 0]], offset: 0 })).toThrow(InvalidArgumentError);
  });
});

describe('expectation and CVaR', () => {
  const energies = Float64Array.from([3, 0, 2, 1]);
  const probs = Float64Array.from([0.4, 0.1, 0.3, 0.2]);

  test('expectationValue is Σ p E', () => {
    expect(expectationValue(probs, energies)).toBeCloseTo(0.4 * 3 + 0.3 * 2 + 0.2 * 1, 15);
  });

  test('alpha = 1 gives the expectation value', () => {
    expect(cvar(probs, energies, 1)).toBeCloseTo(expectationValue(probs, energies), 14);
  });

  test('the boundary state counts fractionally', () => {
    // lowest: E=0 (0.1), E=1 (0.2), E=2 (0.3): alpha 0.25 takes 0.1 of E=0 and 0.15 of E=1
    expect(cvar(probs, energies, 0.25)).toBeCloseTo((0.1 * 0 + 0.15 * 1) / 0.25, 15);
    expect(cvar(probs, energies, 0.5)).toBeCloseTo((0.1 * 0 + 0.2 * 1 + 0.2 * 2) / 0.5, 15);
  });

  test('small alpha gives the minimum energy when the ground state holds enough mass', () => {
    expect(cvar(probs, energies, 0.05)).toBe(0);
    expect(cvar(probs, energies, 0.1)).toBe(0);
  });

  test('the precomputed order gives the same value as the internal sort', () => {
    const order = energyOrder(energies);
    expect(Array.from(order)).toEqual([1, 3, 2, 0]);
    for (const alpha of [0.05, 0.3, 0.77, 1]) expect(cvar(probs, energies, alpha, order)).toBe(cvar(probs, energies, alpha));
  });

  test('energyOrder breaks ties by index', () => {
    expect(Array.from(energyOrder(Float64Array.from([1, 0, 1, 0])))).toEqual([1, 3, 0, 2]);
  });

  test('cvarFromCounts uses the empirical distribution', () => {
    const counts = new Map([[0, 40], [1, 10], [2, 30], [3, 20]]);
    expect(cvarFromCounts(counts, energies, 0.25)).toBeCloseTo(cvar(probs, energies, 0.25), 14);
    expect(cvarFromCounts(counts, energies, 1)).toBeCloseTo(expectationValue(probs, energies), 14);
    expect(cvarFromCounts(new Map([[2, 5]]), energies, 0.01)).toBe(2);
  });

  test('rejects alpha outside (0, 1], mismatched lengths and empty counts', () => {
    expect(() => cvar(probs, energies, 0)).toThrow(/alpha: 0 is out of range; must be in \(0, 1\]/);
    expect(() => cvar(probs, energies, 1.5)).toThrow(InvalidArgumentError);
    expect(() => cvar(probs, energies, 0.5, new Uint32Array(2))).toThrow(/order.length/);
    expect(() => expectationValue(probs, new Float64Array(2))).toThrow(/probabilities.length/);
    expect(() => cvarFromCounts(new Map(), energies, 0.5)).toThrow(/no shots/);
    expect(() => cvarFromCounts(new Map([[9, 1]]), energies, 0.5)).toThrow(/index 9 is out of range/);
  });
});

describe('energyOrder and cvar at scale (radix sort, walk tables)', () => {
  /** The reference: a comparison sort (ties by index) and the plain gather walk of the definition. */
  const comparisonOrder = (e: Float64Array): number[] => Array.from(e.keys()).sort((a, b) => e[a]! - e[b]! || a - b);
  function walk(p: Float64Array, e: Float64Array, alpha: number, order: readonly number[]): number {
    let mass = 0;
    let sum = 0;
    for (const k of order) {
      const x = p[k]!;
      if (x <= 0) continue;
      if (mass + x >= alpha) return (sum + (alpha - mass) * e[k]!) / alpha;
      mass += x;
      sum += x * e[k]!;
    }
    return sum / mass;
  }

  test('energyOrder equals a comparison sort: negative, zero, -0, ties and wide exponents', () => {
    let s = 7;
    const next = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    for (const n of [1, 4, 9, 14]) {
      const e = Float64Array.from({ length: 2 ** n }, () => {
        const u = next();
        return u < 0.1 ? 0 : u < 0.15 ? -0 : u < 0.35 ? Math.round(10 * u) - 2 : (u - 0.5) * Math.exp(20 * next() - 10);
      });
      expect(Array.from(energyOrder(e))).toEqual(comparisonOrder(e));
    }
  });

  test('cvar equals the plain walk bit for bit, past the gathered prefix (2^14 states, spread and concentrated)', () => {
    let s = 3;
    const next = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const size = 2 ** 14;
    const energies = Float64Array.from({ length: size }, () => Math.round(200 * next()) / 10 - 10);
    const order = energyOrder(energies);
    const reference = comparisonOrder(energies);
    for (const power of [1, 8]) {
      const raw = Float64Array.from({ length: size }, () => next() ** power * (next() < 0.1 ? 0 : 1));
      const total = raw.reduce((a, b) => a + b, 0);
      const probs = raw.map((x) => x / total);
      for (const alpha of [0.001, 0.05, 0.25, 0.5, 0.9, 1]) expect(cvar(probs, energies, alpha, order)).toBe(walk(probs, energies, alpha, reference));
    }
  });

  test('from 2^16 states the bucketed walk equals the plain walk up to rounding: ties, zeros, tiny alpha, alpha = 1, short mass', () => {
    let s = 11;
    const next = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    for (const size of [CVAR_BUCKET_MIN_STATES, 2 * CVAR_BUCKET_MIN_STATES]) {
      // Many ties (energies on a 0.01 grid), as the portfolio Hamiltonians have in the budget penalty.
      const energies = Float64Array.from({ length: size }, () => Math.round(400 * next()) / 20 - 10);
      const order = energyOrder(energies);
      const reference = comparisonOrder(energies);
      const bound = 1e-12 * 10;
      for (const shape of ['spread', 'peaked', 'concentrated', 'short'] as const) {
        const raw = Float64Array.from({ length: size }, (_, k) => {
          if (next() < 0.1) return 0;
          if (shape === 'concentrated') return k % 997 === 0 ? 1 : 1e-9 * next();
          return shape === 'peaked' ? next() ** 12 : next();
        });
        const total = raw.reduce((a, b) => a + b, 0) / (shape === 'short' ? 0.5 : 1);
        const probs = raw.map((x) => x / total);
        for (const alpha of [1e-9, 0.001, 0.05, 0.25, 0.5, 0.9, 1]) {
          const expected = walk(probs, energies, alpha, reference);
          expect(Math.abs(cvar(probs, energies, alpha, order) - expected)).toBeLessThanOrEqual(bound);
        }
      }
    }
  });
});
