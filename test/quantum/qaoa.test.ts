import type { Circuit } from '../../lib/quantum/circuit';
import { InvalidArgumentError } from '../../lib/quantum/errors';
import type { IsingHamiltonian } from '../../lib/quantum/observable';
import { qaoaCircuit } from '../../lib/quantum/qaoa';
import { allocateState, applyCircuit } from '../../lib/quantum/statevector';
import { kron, matvec, maxAbsDiff } from '../reference/dense';
import { directEnergy } from '../reference/ising';

/**
 * Dense reference Π_l [exp(-iβ_l Σ X) exp(-iγ_l (H_C - offset))] H^{⊗n}|0>, built without gates.ts:
 * the cost layer multiplies amplitude k by e^{-iγ (E_k - offset)}; the mixer is ⊗_q [[cos β, -i sin β], [-i sin β, cos β]].
 */
function qaoaDense(H: IsingHamiltonian, betas: number[], gammas: number[]): Float64Array {
  const n = H.numQubits;
  const d = 2 ** n;
  let v: Float64Array = new Float64Array(2 * d);
  for (let k = 0; k < d; k++) v[2 * k] = 1 / Math.sqrt(d);
  betas.forEach((beta, l) => {
    for (let k = 0; k < d; k++) {
      const phi = -gammas[l]! * (directEnergy(H, k) - H.offset);
      const [re, im] = [v[2 * k]!, v[2 * k + 1]!];
      v[2 * k] = re * Math.cos(phi) - im * Math.sin(phi);
      v[2 * k + 1] = re * Math.sin(phi) + im * Math.cos(phi);
    }
    const rx = Float64Array.from([Math.cos(beta), 0, 0, -Math.sin(beta), 0, -Math.sin(beta), Math.cos(beta), 0]);
    let mixer: Float64Array = rx;
    let dim = 2;
    for (let q = 1; q < n; q++) {
      mixer = kron(mixer, dim, rx, 2);
      dim *= 2;
    }
    v = matvec(mixer, v, d);
  });
  return v;
}

function names(c: Circuit): string[] {
  return c.ops.map((op) => (op.kind === 'gate' ? `${op.name}@${op.qubits.join(',')}` : op.kind));
}

describe('qaoaCircuit', () => {
  const H2: IsingHamiltonian = { numQubits: 2, h: [0.7, -0.3], J: [[0, 1.2], [0, 0]], offset: 0.5 };

  test('p = 1 on a 2-qubit Ising Hamiltonian equals exp(-iβX)exp(-iγH)H|00>', () => {
    const c = qaoaCircuit(H2, 1);
    expect(c.parameters).toEqual(['β[0]', 'γ[0]']);
    expect(names(c)).toEqual(['h@0', 'h@1', 'rz@0', 'rz@1', 'rzz@0,1', 'rx@0', 'rx@1']);
    const [beta, gamma] = [0.37, -0.81];
    const state = allocateState(2);
    applyCircuit(state, c, [beta, gamma]);
    expect(maxAbsDiff(state, qaoaDense(H2, [beta], [gamma]))).toBeLessThan(1e-14);
  });

  test('p = 2 on 3 qubits: parameters are [β[0], β[1], γ[0], γ[1]] and the state matches the reference', () => {
    const H3: IsingHamiltonian = { numQubits: 3, h: [0.2, -0.5, 0.9], J: [[0, 0.4, -1.1], [0, 0, 0.6], [0, 0, 0]], offset: -2 };
    const c = qaoaCircuit(H3, 2);
    expect(c.parameters).toEqual(['β[0]', 'β[1]', 'γ[0]', 'γ[1]']);
    const params = [0.3, 1.2, -0.7, 0.45];
    const state = allocateState(3);
    applyCircuit(state, c, params);
    expect(maxAbsDiff(state, qaoaDense(H3, [0.3, 1.2], [-0.7, 0.45]))).toBeLessThan(1e-13);
  });

  test('angles are 2γh_i, 2γJ_ij and 2β bound to the right parameters', () => {
    const c = qaoaCircuit(H2, 1);
    const refs = c.ops.flatMap((op) => (op.kind === 'gate' ? op.params : []));
    expect(refs).toEqual([
      { kind: 'param', index: 1, scale: 1.4, offset: 0 },
      { kind: 'param', index: 1, scale: -0.6, offset: 0 },
      { kind: 'param', index: 1, scale: 2.4, offset: 0 },
      { kind: 'param', index: 0, scale: 2, offset: 0 },
      { kind: 'param', index: 0, scale: 2, offset: 0 },
    ]);
  });

  test('skips gates for zero coefficients and ignores the lower triangle of J', () => {
    const H: IsingHamiltonian = { numQubits: 3, h: [1, 0, 0], J: [[0, 0, 0.5], [9, 0, 0], [9, 9, 0]], offset: 3 };
    expect(names(qaoaCircuit(H, 1))).toEqual(['h@0', 'h@1', 'h@2', 'rz@0', 'rzz@0,2', 'rx@0', 'rx@1', 'rx@2']);
  });

  test('rejects bad reps and shapes', () => {
    expect(() => qaoaCircuit(H2, 0)).toThrow(/reps: 0 is out of range/);
    expect(() => qaoaCircuit({ ...H2, h: [1] }, 1)).toThrow(InvalidArgumentError);
  });
});
