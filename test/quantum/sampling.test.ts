import { CircuitBuilder } from '../../lib/quantum/builder';
import { InvalidArgumentError } from '../../lib/quantum/errors';
import { createRng } from '../../lib/quantum/random';
import { bitstringToIndex, countsToBitstrings, indexToBitstring, sampleCounts } from '../../lib/quantum/sampling';
import { allocateState, applyCircuit, probabilities } from '../../lib/quantum/statevector';

describe('sampleCounts', () => {
  const probs = Float64Array.from([0.05, 0.2, 0, 0.1, 0.3, 0.15, 0.12, 0.08]);

  test('the same seed gives the same counts; counts sum to shots; zero-probability states never appear', () => {
    const a = sampleCounts(probs, 5000, createRng(1));
    const b = sampleCounts(probs, 5000, createRng(1));
    expect([...a]).toEqual([...b]);
    expect([...a.values()].reduce((x, y) => x + y, 0)).toBe(5000);
    expect(a.has(2)).toBe(false);
    expect([...a.keys()]).toEqual([...a.keys()].sort((x, y) => x - y));
  });

  test('empirical frequencies match the probabilities (chi-square, 1e5 shots)', () => {
    const shots = 100000;
    const counts = sampleCounts(probs, shots, createRng(2024));
    let chi2 = 0;
    let df = -1;
    probs.forEach((p, k) => {
      if (p === 0) return;
      const expected = p * shots;
      chi2 += ((counts.get(k) ?? 0) - expected) ** 2 / expected;
      df++;
    });
    expect(df).toBe(6);
    expect(chi2).toBeLessThan(22.46); // 99.9 % quantile of chi-square with 6 degrees of freedom
  });

  test('normalizes a slightly unnormalized vector and handles a point mass', () => {
    const counts = sampleCounts(Float64Array.from([0, 0, 0, 2]), 10, createRng(3));
    expect([...counts]).toEqual([[3, 10]]);
  });

  test('rejects bad shots and probabilities', () => {
    expect(() => sampleCounts(probs, -1, createRng(1))).toThrow(/shots: -1 is out of range/);
    expect(() => sampleCounts(probs, 1.5, createRng(1))).toThrow(InvalidArgumentError);
    expect(() => sampleCounts(Float64Array.from([0.5, -0.1]), 1, createRng(1))).toThrow(/probabilities\[1\]/);
    expect(() => sampleCounts(new Float64Array(4), 1, createRng(1))).toThrow(/sum to 0/);
  });
});

describe('bitstrings use Qiskit order (qubit 0 rightmost)', () => {
  test('X on qubit 0 of 3 qubits gives "001"', () => {
    const state = allocateState(3);
    applyCircuit(state, new CircuitBuilder(3).x(0).build());
    const counts = sampleCounts(probabilities(state), 100, createRng(5));
    expect(countsToBitstrings(counts, 3)).toEqual({ '001': 100 });
  });

  test('indexToBitstring and bitstringToIndex are inverse', () => {
    expect(indexToBitstring(1, 3)).toBe('001');
    expect(indexToBitstring(4, 3)).toBe('100');
    expect(bitstringToIndex('100')).toBe(4);
    for (let k = 0; k < 32; k++) expect(bitstringToIndex(indexToBitstring(k, 5))).toBe(k);
    expect(() => indexToBitstring(8, 3)).toThrow(InvalidArgumentError);
    expect(() => bitstringToIndex('012')).toThrow(InvalidArgumentError);
  });

  test('countsToBitstrings pads to n bits in ascending index order', () => {
    const out = countsToBitstrings(new Map([[5, 2], [0, 7]]), 4);
    expect(Object.entries(out)).toEqual([['0000', 7], ['0101', 2]]);
  });
});
