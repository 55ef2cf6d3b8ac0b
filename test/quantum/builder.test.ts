import { CircuitBuilder, isGateName, validateCircuit } from '../../lib/quantum/builder';
import { GATE_ARITY, param, type Circuit, type GateName } from '../../lib/quantum/circuit';
import { CircuitError } from '../../lib/quantum/errors';

describe('CircuitBuilder', () => {
  test('builds plain data that survives JSON unchanged', () => {
    const b = new CircuitBuilder(2);
    const [theta] = b.parameterVector('θ', 1);
    const circuit = b.h(0).cx(0, 1).rz(theta!, 1).u(0.1, 0.2, param(0, 2, 0.5), 0).measureAll().build();
    expect(circuit).toEqual(JSON.parse(JSON.stringify(circuit)));
    expect(validateCircuit(JSON.parse(JSON.stringify(circuit)))).toEqual(circuit);
    expect(circuit.parameters).toEqual(['θ[0]']);
    expect(circuit.numClbits).toBe(2);
    expect(circuit.ops.map((op) => (op.kind === 'gate' ? op.name : op.kind))).toEqual([
      'h', 'cx', 'rz', 'u', 'barrier', 'measure', 'measure',
    ]);
    expect(circuit.ops[2]).toEqual({ kind: 'gate', name: 'rz', qubits: [1], params: [{ kind: 'param', index: 0, scale: 1, offset: 0 }] });
    expect(circuit.ops[6]).toEqual({ kind: 'measure', qubit: 1, clbit: 1 });
  });

  test('has a method for every gate of GATE_ARITY, with Qiskit argument order', () => {
    const b = new CircuitBuilder(3) as unknown as Record<string, (...args: number[]) => unknown>;
    for (const name of Object.keys(GATE_ARITY) as GateName[]) {
      const { qubits, params } = GATE_ARITY[name];
      const args = [...new Array(params).fill(0.5), ...[2, 0, 1].slice(0, qubits)];
      expect(typeof b[name]).toBe('function');
      b[name]!(...args);
    }
    const built = (b as unknown as CircuitBuilder).build();
    expect(built.ops).toHaveLength(Object.keys(GATE_ARITY).length);
    expect(built.ops.find((op) => op.kind === 'gate' && op.name === 'cp')).toEqual({
      kind: 'gate', name: 'cp', qubits: [2, 0], params: [0.5],
    });
  });

  test('build returns a copy; the builder can continue', () => {
    const b = new CircuitBuilder(1).x(0);
    const first = b.build();
    b.h(0);
    expect(first.ops).toHaveLength(1);
    expect(b.build().ops).toHaveLength(2);
  });

  test.each<[string, (b: CircuitBuilder) => unknown, RegExp]>([
    ['qubit out of range', (b) => b.x(3), /ops\[0\]\.qubits\[0\]: 3 is out of range; must be an integer between 0 and 2/],
    ['negative qubit', (b) => b.cx(-1, 0), /qubits\[0\]: -1 is out of range/],
    ['non-integer qubit', (b) => b.h(0.5), /0.5 is out of range/],
    ['repeated qubits', (b) => b.ccx(0, 1, 0), /qubit 0 is used twice/],
    ['wrong parameter count', (b) => b.gate('rx', [0], []), /rx takes 1 parameter\(s\); got 0/],
    ['wrong qubit count', (b) => b.gate('cx', [0]), /cx acts on 2 qubit\(s\); got 1/],
    ['unknown gate', (b) => b.gate('toffoli' as GateName, [0, 1, 2]), /unknown gate "toffoli"/],
    ['non-finite angle', (b) => b.rx(NaN, 0), /NaN is not a finite angle/],
    ['undeclared parameter', (b) => b.ry(param(0), 0), /params\[0\]\.index: 0 is out of range; the circuit has no parameters/],
    ['clbit out of range', (b) => b.measure(0, 0), /clbit: 0 is out of range; the circuit has no classical bits/],
    ['duplicate parameter', (b) => b.parameterVector('θ', 2) && b.parameter('θ[1]'), /duplicate parameter name "θ\[1\]"/],
  ])('rejects %s with a CircuitError naming the field', (_label, act, message) => {
    expect(() => act(new CircuitBuilder(3))).toThrow(CircuitError);
    expect(() => act(new CircuitBuilder(3))).toThrow(message);
  });

  test('errors carry a stable name, code and path', () => {
    try {
      new CircuitBuilder(2).cx(0, 5);
      throw new Error('expected a CircuitError');
    } catch (e) {
      expect(e).toMatchObject({ name: 'QPO.InvalidCircuit', code: 'INVALID_CIRCUIT', path: 'ops[0].qubits[1]' });
    }
  });
});

describe('validateCircuit', () => {
  const good: Circuit = new CircuitBuilder(2, { numClbits: 1 }).h(0).measure(0, 0).build();

  test.each<[string, unknown, RegExp]>([
    ['not a circuit', { kind: 'nope' }, /kind: must be "circuit"/],
    ['bad numQubits', { ...good, numQubits: 0 }, /numQubits: 0 is out of range/],
    ['bad parameters', { ...good, parameters: ['a', 'a'] }, /parameters\[1\]: duplicate parameter name "a"/],
    ['bad op kind', { ...good, ops: [{ kind: 'reset', qubits: [0] }] }, /ops\[0\]\.kind: unknown operation kind "reset"/],
    ['bad ParamRef', { ...good, parameters: ['a'], ops: [{ kind: 'gate', name: 'rx', qubits: [0], params: [{ kind: 'param', index: 0, scale: 'x', offset: 0 }] }] }, /ops\[0\]\.params\[0\]\.scale: must be a finite number/],
    ['bad barrier', { ...good, ops: [{ kind: 'barrier', qubits: [0, 2] }] }, /ops\[0\]\.qubits\[1\]: 2 is out of range/],
  ])('rejects %s', (_label, circuit, message) => {
    expect(() => validateCircuit(circuit)).toThrow(CircuitError);
    expect(() => validateCircuit(circuit)).toThrow(message);
  });

  test('isGateName knows exactly the gates of GATE_ARITY', () => {
    expect(isGateName('cswap')).toBe(true);
    expect(isGateName('toString')).toBe(false);
    expect(isGateName(3)).toBe(false);
  });
});
