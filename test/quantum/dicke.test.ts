import { CircuitBuilder } from '../../lib/quantum/builder';
import { appendDickeState } from '../../lib/quantum/dicke';
import { InvalidArgumentError } from '../../lib/quantum/errors';
import { allocateState, applyCircuit } from '../../lib/quantum/statevector';
import { binomial } from '../../lib/quantum/weight-subspace';
import { applyDenseCircuit, zeroState } from '../reference/dense';

const weight = (x: number): number => x.toString(2).split('').filter((c) => c === '1').length;

/** |D^n_k> as an interleaved complex vector: 1/sqrt(C(n,k)) on every weight-k basis state. */
function dicke(n: number, k: number): Float64Array {
  const v = new Float64Array(2 * 2 ** n);
  for (let x = 0; x < 2 ** n; x++) if (weight(x) === k) v[2 * x] = 1 / Math.sqrt(binomial(n, k));
  return v;
}

describe('Dicke-state preparation (Bärtschi & Eidenbenz 2019)', () => {
  const small: [number, number][] = [];
  for (let n = 2; n <= 6; n++) for (let k = 0; k <= n; k++) small.push([n, k]);
  it.each(small)('prepares |D^%i_%i> exactly (dense Kronecker oracle)', (n, k) => {
    const circuit = appendDickeState(new CircuitBuilder(n), k).build();

    const state = applyDenseCircuit(zeroState(n), circuit);

    const target = dicke(n, k);
    for (let i = 0; i < state.length; i++) expect(state[i]).toBeCloseTo(target[i]!, 12);
  });

  it.each([[10, 5], [12, 3]])('prepares |D^%i_%i> on the simulator with O(nk) gates', (n, k) => {
    const circuit = appendDickeState(new CircuitBuilder(n), k).build();
    const state = allocateState(n);

    applyCircuit(state, circuit);

    const target = dicke(n, k);
    let err = 0;
    for (let i = 0; i < state.length; i++) err = Math.max(err, Math.abs(state[i]! - target[i]!));
    expect(err).toBeLessThan(1e-12);
    expect(circuit.ops.length).toBeLessThan(8 * n * k);
  });

  it('rejects a weight outside 0..n', () => {
    expect(() => appendDickeState(new CircuitBuilder(3), 4)).toThrow(InvalidArgumentError);
    expect(() => appendDickeState(new CircuitBuilder(3), 4)).toThrow(/weight: 4 is out of range; must be an integer between 0 and 3/);
  });
});
