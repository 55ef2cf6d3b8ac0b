import { efficientSU2, entanglerMap, realAmplitudes, twoLocal } from '../../lib/quantum/ansatz';
import type { Circuit, GateOp } from '../../lib/quantum/circuit';
import { CircuitError, InvalidArgumentError } from '../../lib/quantum/errors';
import { allocateState, applyCircuit } from '../../lib/quantum/statevector';
import { applyDenseCircuit, maxAbsDiff, zeroState } from '../reference/dense';

/** Ops as compact strings, e.g. `ry(θ[0])@0`, `cx@1,2`, `barrier`. */
function describeOps(c: Circuit): string[] {
  return c.ops.map((op) => {
    if (op.kind !== 'gate') return op.kind;
    const ps = op.params.map((a) => (typeof a === 'number' ? String(a) : c.parameters[a.index]));
    return `${op.name}${ps.length > 0 ? `(${ps.join(',')})` : ''}@${op.qubits.join(',')}`;
  });
}

describe('entanglerMap for n = 4 (Qiskit get_entangler_map)', () => {
  test.each<[Parameters<typeof entanglerMap>[1], number, number[][]]>([
    ['full', 0, [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]],
    ['linear', 0, [[0, 1], [1, 2], [2, 3]]],
    ['reverse_linear', 0, [[2, 3], [1, 2], [0, 1]]],
    ['circular', 0, [[3, 0], [0, 1], [1, 2], [2, 3]]],
    ['pairwise', 0, [[0, 1], [2, 3], [1, 2]]],
    ['sca', 0, [[3, 0], [0, 1], [1, 2], [2, 3]]],
    ['sca', 1, [[3, 2], [0, 3], [1, 0], [2, 1]]],
    ['sca', 2, [[1, 2], [2, 3], [3, 0], [0, 1]]],
  ])('%s (layer %i)', (mode, layer, pairs) => {
    expect(entanglerMap(4, mode, layer)).toEqual(pairs);
  });

  test('small registers: circular on 2 qubits is linear, 1 qubit has no pairs', () => {
    expect(entanglerMap(2, 'circular')).toEqual([[0, 1]]);
    expect(entanglerMap(3, 'circular')).toEqual([[2, 0], [0, 1], [1, 2]]);
    expect(entanglerMap(5, 'pairwise')).toEqual([[0, 1], [2, 3], [1, 2], [3, 4]]);
    expect(entanglerMap(1, 'full')).toEqual([]);
  });

  test('rejects an unknown mode', () => {
    expect(() => entanglerMap(3, 'star' as never)).toThrow(InvalidArgumentError);
  });
});

describe('parameter counts as Qiskit', () => {
  test.each<[string, () => Circuit, number]>([
    ['RealAmplitudes(4, reps=3)', () => realAmplitudes({ numQubits: 4, reps: 3 }), 16],
    ['RealAmplitudes(3) default reps=3', () => realAmplitudes({ numQubits: 3 }), 12],
    ['EfficientSU2(4, reps=3)', () => efficientSU2({ numQubits: 4, reps: 3 }), 32],
    ['EfficientSU2(1, reps=2)', () => efficientSU2({ numQubits: 1, reps: 2 }), 6],
    ['TwoLocal(4, ry, rzz, linear, reps=2)', () => twoLocal({ numQubits: 4, rotationBlocks: ['ry'], entanglementBlocks: ['rzz'], entanglement: 'linear', reps: 2 }), 4 * 3 + 3 * 2],
    ['TwoLocal(3, [ry, rz], crx, full, reps=1)', () => twoLocal({ numQubits: 3, rotationBlocks: ['ry', 'rz'], entanglementBlocks: ['crx'], reps: 1 }), 6 * 2 + 3],
    ['TwoLocal(3, [h], cz, skip final)', () => twoLocal({ numQubits: 3, rotationBlocks: ['h'], entanglementBlocks: ['cz'], reps: 2, skipFinalRotationLayer: true }), 0],
  ])('%s has %i parameters', (_label, make, count) => {
    const c = make();
    expect(c.parameters).toHaveLength(count);
    expect(c.parameters).toEqual(Array.from({ length: count }, (_, i) => `θ[${i}]`));
  });
});

describe('gate and parameter order as Qiskit', () => {
  test('EfficientSU2(3, reps=1) matches the Qiskit docstring diagram', () => {
    expect(describeOps(efficientSU2({ numQubits: 3, reps: 1 }))).toEqual([
      'ry(θ[0])@0', 'ry(θ[1])@1', 'ry(θ[2])@2',
      'rz(θ[3])@0', 'rz(θ[4])@1', 'rz(θ[5])@2',
      'cx@1,2', 'cx@0,1',
      'ry(θ[6])@0', 'ry(θ[7])@1', 'ry(θ[8])@2',
      'rz(θ[9])@0', 'rz(θ[10])@1', 'rz(θ[11])@2',
    ]);
  });

  test('TwoLocal with rzz entanglement numbers the entangling parameters after each rotation layer', () => {
    const c = twoLocal({ numQubits: 3, rotationBlocks: ['ry'], entanglementBlocks: ['rzz'], entanglement: 'linear', reps: 1 });
    expect(describeOps(c)).toEqual([
      'ry(θ[0])@0', 'ry(θ[1])@1', 'ry(θ[2])@2',
      'rzz(θ[3])@0,1', 'rzz(θ[4])@1,2',
      'ry(θ[5])@0', 'ry(θ[6])@1', 'ry(θ[7])@2',
    ]);
  });

  test('barriers after every rotation and entanglement layer; sca changes per layer', () => {
    const c = twoLocal({
      numQubits: 3, rotationBlocks: ['rx'], entanglementBlocks: ['cx'], entanglement: 'sca', reps: 2, insertBarriers: true,
    });
    expect(describeOps(c)).toEqual([
      'rx(θ[0])@0', 'rx(θ[1])@1', 'rx(θ[2])@2', 'barrier',
      'cx@2,0', 'cx@0,1', 'cx@1,2', 'barrier',
      'rx(θ[3])@0', 'rx(θ[4])@1', 'rx(θ[5])@2', 'barrier',
      'cx@2,1', 'cx@0,2', 'cx@1,0', 'barrier',
      'rx(θ[6])@0', 'rx(θ[7])@1', 'rx(θ[8])@2',
    ]);
  });

  test('an explicit pair list is used in every layer', () => {
    const c = twoLocal({ numQubits: 3, rotationBlocks: ['ry'], entanglementBlocks: ['cz'], entanglement: [[2, 0]], reps: 2 });
    const pairs = c.ops.filter((op): op is GateOp => op.kind === 'gate' && op.name === 'cz').map((op) => op.qubits);
    expect(pairs).toEqual([[2, 0], [2, 0]]);
    expect(() => twoLocal({ numQubits: 3, rotationBlocks: ['ry'], entanglementBlocks: ['cz'], entanglement: [[0, 3]] })).toThrow(CircuitError);
  });

  test('rejects blocks of the wrong size and bad reps', () => {
    expect(() => twoLocal({ numQubits: 3, rotationBlocks: ['cx'], entanglementBlocks: ['cx'] })).toThrow(/rotationBlocks\[0\]: "cx" is not a 1-qubit gate/);
    expect(() => twoLocal({ numQubits: 3, rotationBlocks: ['ry'], entanglementBlocks: ['ry'] })).toThrow(/entanglementBlocks\[0\]/);
    expect(() => realAmplitudes({ numQubits: 3, reps: -1 })).toThrow(/reps: -1 is out of range/);
    expect(() => realAmplitudes({ numQubits: 0 })).toThrow(InvalidArgumentError);
  });
});

describe('ansatz states', () => {
  test('RealAmplitudes with all-zero parameters leaves |0>', () => {
    const c = realAmplitudes({ numQubits: 4, reps: 3 });
    const state = allocateState(4);
    applyCircuit(state, c, new Array(16).fill(0));
    expect(maxAbsDiff(state, zeroState(4))).toBe(0);
  });

  test('RealAmplitudes(2, reps=1) with θ = [π/2, 0, 0, 0] is the Bell state', () => {
    const c = realAmplitudes({ numQubits: 2, reps: 1 });
    expect(describeOps(c)).toEqual(['ry(θ[0])@0', 'ry(θ[1])@1', 'cx@0,1', 'ry(θ[2])@0', 'ry(θ[3])@1']);
    const state = allocateState(2);
    applyCircuit(state, c, [Math.PI / 2, 0, 0, 0]);
    expect(maxAbsDiff(state, [Math.SQRT1_2, 0, 0, 0, 0, 0, Math.SQRT1_2, 0])).toBeLessThan(1e-15);
  });

  test('RealAmplitudes(2, reps=1) with general parameters matches the dense oracle and stays real', () => {
    const c = realAmplitudes({ numQubits: 2, reps: 1 });
    const params = [0.3, -1.1, 2.4, 0.7];
    const state = allocateState(2);
    applyCircuit(state, c, params);
    expect(maxAbsDiff(state, applyDenseCircuit(zeroState(2), c, params))).toBeLessThan(1e-14);
    for (let k = 0; k < 4; k++) expect(state[2 * k + 1]).toBe(0);
  });

  test('EfficientSU2(3, reps=2, circular) matches the dense oracle', () => {
    const c = efficientSU2({ numQubits: 3, reps: 2, entanglement: 'circular' });
    const params = Array.from({ length: c.parameters.length }, (_, i) => Math.sin(i + 1) * 2);
    const state = allocateState(3);
    applyCircuit(state, c, params);
    expect(maxAbsDiff(state, applyDenseCircuit(zeroState(3), c, params))).toBeLessThan(1e-13);
  });
});
