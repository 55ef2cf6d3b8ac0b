import { givensAnsatz, givensCircuit, givensLayerPairs, type GivensAnsatzOptions } from '../../lib/quantum/givens-ansatz';
import { SubspaceSimulator } from '../../lib/quantum/subspace-simulator';
import { InvalidArgumentError } from '../../lib/quantum/errors';
import { createRng } from '../../lib/quantum/random';
import { allocateState, applyCircuit } from '../../lib/quantum/statevector';
import { applyDenseCircuit, zeroState } from '../reference/dense';
import { richardson } from '../reference/derivative';

const angles = (count: number, seed: number): number[] => {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => (2 * rng.next() - 1) * Math.PI);
};

describe('givensLayerPairs', () => {
  it('brick: even pairs, odd pairs, then the ring closure; ladder: neighbours in order', () => {
    expect(givensLayerPairs(5, 'brick')).toEqual([[0, 1], [2, 3], [1, 2], [3, 4], [4, 0]]);
    expect(givensLayerPairs(2, 'brick')).toEqual([[0, 1]]);
    expect(givensLayerPairs(4, 'ladder')).toEqual([[0, 1], [1, 2], [2, 3]]);
  });
});

describe('givensCircuit', () => {
  it('is X on the start state, then CX(j,i) CRY(θ; i -> j) CX(j,i) per rotation; θ = 0 leaves the start state', () => {
    const a = givensAnsatz({ numQubits: 3, weight: 1, layers: 1, initialState: { kind: 'basis', bitstring: '001' } });
    const c = givensCircuit(a);
    expect(c.parameters).toEqual(['θ[0]', 'θ[1]', 'θ[2]']);
    expect(c.ops.slice(0, 4).map((op) => (op.kind === 'gate' ? `${op.name}@${op.qubits.join(',')}` : op.kind))).toEqual(['x@0', 'cx@1,0', 'cry@0,1', 'cx@1,0']);
    const state = applyDenseCircuit(zeroState(3), c, [0, 0, 0]);
    expect(state[2]).toBeCloseTo(1, 14); // |001>
  });

  it('G(θ) rotates the pair (i=1, j=0) -> cos(θ/2) (i=1, j=0) + sin(θ/2) (i=0, j=1)', () => {
    const a = givensAnsatz({ numQubits: 2, weight: 1, layers: 1, initialState: { kind: 'basis', bitstring: '01' } });
    const state = applyDenseCircuit(zeroState(2), givensCircuit(a), [0.8]);
    expect(state[2]).toBeCloseTo(Math.cos(0.4), 14); // |01>: qubit 0 = 1
    expect(state[4]).toBeCloseTo(Math.sin(0.4), 14); // |10>
  });
});

describe('SubspaceSimulator: the Givens ansatz inside its weight subspace', () => {
  const cases: [string, GivensAnsatzOptions][] = [
    ['brick from a basis state', { numQubits: 5, weight: 2, layers: 2, initialState: { kind: 'basis', bitstring: '01001' } }],
    ['ladder with CZ', { numQubits: 5, weight: 3, layers: 2, layout: 'ladder', cz: true, initialState: { kind: 'basis', bitstring: '10101' } }],
    ['from the Dicke state', { numQubits: 6, weight: 3, layers: 2 }],
  ];

  it.each(cases)('%s: the same state as the dense oracle on givensCircuit (1e-12), nothing outside the subspace', (_, options) => {
    const a = givensAnsatz(options);
    const theta = angles(a.numParameters, 7);
    const sim = new SubspaceSimulator(a);

    const full = sim.subspace.embed(sim.run(theta));
    const dense = applyDenseCircuit(zeroState(a.numQubits), givensCircuit(a), theta);

    for (let x = 0; x < full.length; x++) {
      expect(Math.abs(dense[2 * x]! - full[x]!)).toBeLessThan(1e-12);
      expect(Math.abs(dense[2 * x + 1]!)).toBeLessThan(1e-12);
    }
  });

  it('at 14 qubits matches the state-vector simulator (1e-12)', () => {
    const a = givensAnsatz({ numQubits: 14, weight: 6, layers: 3 });
    const theta = angles(a.numParameters, 3);
    const state = allocateState(14);
    applyCircuit(state, givensCircuit(a), theta);
    const full = new SubspaceSimulator(a).subspace.embed(new SubspaceSimulator(a).run(theta));
    let err = 0;
    for (let x = 0; x < full.length; x++) err = Math.max(err, Math.abs(state[2 * x]! - full[x]!), Math.abs(state[2 * x + 1]!));
    expect(err).toBeLessThan(1e-12);
  });

  it.each(cases)('%s: adjoint gradients equal Richardson-extrapolated central differences (error O(h^4))', (_, options) => {
    const a = givensAnsatz(options);
    const theta = angles(a.numParameters, 11);
    const sim = new SubspaceSimulator(a);
    const rng = createRng(5);
    const weights = Float64Array.from({ length: sim.subspace.dimension }, () => rng.next() - 0.5);
    const energy = (t: number[]): number => {
      const psi = sim.run(t);
      let e = 0;
      for (let r = 0; r < psi.length; r++) e += weights[r]! * psi[r]! * psi[r]!;
      return e;
    };
    const value = energy(theta);

    const gradient = new Float64Array(a.numParameters);
    const reported = sim.gradient(weights, gradient, theta);

    expect(reported).toBeCloseTo(value, 14);
    theta.forEach((_, i) => expect(gradient[i]).toBeCloseTo(richardson(energy, theta, i), 9));
    // The gradient call leaves the state of the last run in place.
    expect(energy(theta)).toBeCloseTo(value, 14);
  });

  it('rejects a wrong number of parameters or weights', () => {
    const sim = new SubspaceSimulator(givensAnsatz({ numQubits: 4, weight: 2, layers: 1 }));
    expect(() => sim.run([1, 2])).toThrow(/parameters: has 2 values; the ansatz has 4/);
    sim.run([0, 0, 0, 0]);
    expect(() => sim.gradient(new Float64Array(5), new Float64Array(4), [0, 0, 0, 0])).toThrow(InvalidArgumentError);
  });
});

describe('givensAnsatz validation', () => {
  it.each<[Partial<GivensAnsatzOptions>, RegExp]>([
    [{ numQubits: 1 }, /numQubits: 1 is out of range/],
    [{ weight: 5 }, /weight: 5 is out of range; must be an integer between 0 and 4/],
    [{ layers: 0 }, /layers: 0 is out of range/],
    [{ layout: 'zigzag' as never }, /layout: 'zigzag' is unknown; use brick or ladder/],
    [{ initialState: { kind: 'basis', bitstring: '0111' } }, /initialState: '0111' must be a bitstring of 4 characters with 2 ones/],
  ])('rejects %j', (bad, message) => {
    expect(() => givensAnsatz({ numQubits: 4, weight: 2, layers: 1, ...bad })).toThrow(message);
  });
});
