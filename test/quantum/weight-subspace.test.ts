import { binomial, WeightSubspace } from '../../lib/quantum/weight-subspace';
import { InvalidArgumentError } from '../../lib/quantum/errors';

const weight = (x: number): number => x.toString(2).split('').filter((c) => c === '1').length;

describe('WeightSubspace', () => {
  it.each([[1, 0], [1, 1], [4, 2], [7, 3], [10, 5], [12, 1], [12, 11], [16, 8]])('lists the C(n, k) states of weight k in ascending order and ranks each to its position: n=%i, k=%i', (n, k) => {
    const s = new WeightSubspace(n, k);

    const expected: number[] = [];
    for (let x = 0; x < 2 ** n; x++) if (weight(x) === k) expected.push(x);

    expect(s.dimension).toBe(binomial(n, k));
    expect(Array.from(s.states)).toEqual(expected);
    expected.forEach((x, r) => expect(s.rank(x)).toBe(r));
  });

  it.each([[5, 2, 0, 3], [6, 3, 5, 0], [8, 4, 3, 4], [9, 1, 8, 2]])('pairs (i, j) map every state with qubit i = 1, j = 0 to the state with the two swapped: n=%i, k=%i, (%i, %i)', (n, k, i, j) => {
    const s = new WeightSubspace(n, k);

    const { pairs } = s.pairs(i, j);

    expect(pairs.length / 2).toBe(binomial(n - 2, k - 1));
    for (let m = 0; m < pairs.length; m += 2) {
      const a = s.states[pairs[m]!]!;
      const b = s.states[pairs[m + 1]!]!;
      expect((a >> i) & 1).toBe(1);
      expect((a >> j) & 1).toBe(0);
      expect(b).toBe(a - 2 ** i + 2 ** j);
    }
    expect(s.pairs(i, j)).toBe(s.pairs(i, j)); // built once
  });

  it('embeds a subspace vector into the full 2^n vector', () => {
    const s = new WeightSubspace(4, 2);
    const full = s.embed([1, 2, 3, 4, 5, 6]);
    expect(Array.from(full)).toEqual([0, 0, 0, 1, 0, 2, 3, 0, 0, 4, 5, 0, 6, 0, 0, 0]);
  });

  it.each([[0, 0], [31, 1], [4, 5], [4, -1], [2.5, 1]])('rejects n=%s, k=%s with InvalidArgumentError naming the field', (n, k) => {
    expect(() => new WeightSubspace(n, k)).toThrow(InvalidArgumentError);
    expect(() => new WeightSubspace(n, k)).toThrow(/numQubits|weight/);
  });

  it('rejects a pair that is not two different qubits', () => {
    const s = new WeightSubspace(4, 2);
    expect(() => s.pairs(1, 1)).toThrow(/pair \(1, 1\): must be two different qubits between 0 and 3/);
    expect(() => s.pairs(0, 4)).toThrow(InvalidArgumentError);
  });
});
