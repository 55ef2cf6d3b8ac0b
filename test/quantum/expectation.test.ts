import { InvalidArgumentError } from '../../lib/quantum/errors';
import {
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
