import { CircuitBuilder } from '../../lib/quantum/builder';
import { appendDickeState } from '../../lib/quantum/dicke';
import { diagonalEnergies } from '../../lib/quantum/expectation';
import type { IsingHamiltonian } from '../../lib/quantum/observable';
import { qaoaCircuit } from '../../lib/quantum/qaoa';
import { QaoaSubspaceSimulator } from '../../lib/quantum/qaoa-subspace';
import { createRng } from '../../lib/quantum/random';
import { WeightSubspace } from '../../lib/quantum/weight-subspace';
import { InvalidArgumentError } from '../../lib/quantum/errors';
import { applyDenseCircuit, zeroState } from '../reference/dense';
import { richardson } from '../reference/derivative';

function randomHamiltonian(n: number, seed: number): IsingHamiltonian {
  const rng = createRng(seed);
  return {
    numQubits: n,
    h: Array.from({ length: n }, () => rng.next() - 0.5),
    J: Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j > i ? rng.next() - 0.5 : 0))),
    offset: 0.7,
  };
}

describe('QaoaSubspaceSimulator: the XY-mixer QAOA inside the weight subspace', () => {
  it.each([[5, 2, 2, 'dicke'], [6, 3, 3, 'dicke'], [6, 2, 2, 'basis']] as const)('n=%i, k=%i, p=%i from %s: the probabilities of the dense oracle on qaoaCircuit (1e-12)', (n, k, p, start) => {
    const h = randomHamiltonian(n, n + k);
    const energies = diagonalEnergies(h);
    const s = new WeightSubspace(n, k);
    const cost = Float64Array.from(s.states, (x) => energies[x]!);
    const basis = 2 ** k - 1;
    const rng = createRng(3);
    const theta = Array.from({ length: 2 * p }, () => 2 * rng.next() - 1);

    const probs = new Float64Array(s.dimension);
    new QaoaSubspaceSimulator(s, cost, p, start === 'dicke' ? 'dicke' : basis).run(theta, probs);

    const bits = basis.toString(2).padStart(n, '0');
    const circuit = qaoaCircuit(h, p, { kind: 'xy', initialState: start === 'dicke' ? { dicke: k } : bits });
    const dense = applyDenseCircuit(zeroState(n), circuit, theta);
    for (let x = 0; x < 2 ** n; x++) {
      const r = s.states.indexOf(x);
      const pd = dense[2 * x]! ** 2 + dense[2 * x + 1]! ** 2;
      expect(Math.abs(pd - (r >= 0 ? probs[r]! : 0))).toBeLessThan(1e-12);
    }
  });

  it('qaoaCircuit with { dicke: k } starts from the Dicke-state circuit', () => {
    const c = qaoaCircuit(randomHamiltonian(4, 1), 1, { kind: 'xy', initialState: { dicke: 2 } });
    const prep = appendDickeState(new CircuitBuilder(4), 2).build();
    expect(c.ops.slice(0, prep.ops.length)).toEqual(prep.ops);
  });

  it.each([[6, 3, 2], [7, 2, 3]])('adjoint gradients equal Richardson central differences: n=%i, k=%i, p=%i', (n, k, p) => {
    const energies = diagonalEnergies(randomHamiltonian(n, 9));
    const s = new WeightSubspace(n, k);
    const sim = new QaoaSubspaceSimulator(s, Float64Array.from(s.states, (x) => energies[x]!), p, 'dicke');
    const rng = createRng(4);
    const weights = Float64Array.from({ length: s.dimension }, () => rng.next() - 0.5);
    const theta = Array.from({ length: 2 * p }, () => 2 * rng.next() - 1);
    const probs = new Float64Array(s.dimension);
    const energy = (t: number[]): number => {
      sim.run(t, probs);
      return probs.reduce((acc, v, r) => acc + v * weights[r]!, 0);
    };
    const value = energy(theta);

    const gradient = new Float64Array(2 * p);
    expect(sim.gradient(weights, gradient, theta)).toBeCloseTo(value, 14);

    theta.forEach((_, i) => expect(gradient[i]).toBeCloseTo(richardson(energy, theta, i), 9));
  });

  it('rejects a start state of the wrong weight and a wrong parameter count', () => {
    const s = new WeightSubspace(4, 2);
    const cost = new Float64Array(6);
    expect(() => new QaoaSubspaceSimulator(s, cost, 1, 0b0111)).toThrow(/initial: basis index 7 does not have weight 2/);
    expect(() => new QaoaSubspaceSimulator(s, new Float64Array(5), 1, 'dicke')).toThrow(InvalidArgumentError);
    expect(() => new QaoaSubspaceSimulator(s, cost, 2, 'dicke').run([0, 0])).toThrow(/has 2 values; QAOA with p = 2 has 4/);
  });
});
