/**
 * Invariants of the simulator on random circuits: unitaries keep the norm; U then U† returns |0>;
 * the fast path equals the dense oracle.
 */
import fc from 'fast-check';
import { GATE_ARITY, type Circuit, type GateName, type GateOp } from '../../lib/quantum/circuit';
import { allocateState, applyCircuit, compileCircuit, norm } from '../../lib/quantum/statevector';
import { applyDenseCircuit, maxAbsDiff, zeroState } from '../reference/dense';

const GATES = Object.keys(GATE_ARITY) as GateName[];
const SELF_INVERSE = new Set<GateName>(['id', 'h', 'x', 'y', 'z', 'cx', 'cy', 'cz', 'ch', 'swap', 'ccx', 'cswap']);
const DAGGER: Partial<Record<GateName, GateName>> = { s: 'sdg', sdg: 's', t: 'tdg', tdg: 't', sx: 'sxdg', sxdg: 'sx' };

/** The inverse of one gate with numeric angles. */
function inverse(op: GateOp): GateOp {
  const angles = op.params as number[];
  if (SELF_INVERSE.has(op.name)) return op;
  const dagger = DAGGER[op.name];
  if (dagger !== undefined) return { ...op, name: dagger };
  if (op.name === 'u') return { ...op, params: [-angles[0]!, -angles[2]!, -angles[1]!] };
  return { ...op, params: angles.map((a) => -a) }; // rotations and phases
}

function inverseCircuit(c: Circuit): Circuit {
  return { ...c, ops: [...c.ops].reverse().map((op) => (op.kind === 'gate' ? inverse(op) : op)) };
}

const angle = fc.double({ min: -2 * Math.PI, max: 2 * Math.PI, noNaN: true });

function gateOp(n: number): fc.Arbitrary<GateOp> {
  const names = GATES.filter((g) => GATE_ARITY[g].qubits <= n);
  const qubits = Array.from({ length: n }, (_, q) => q);
  return fc.constantFrom(...names).chain((name) =>
    fc.record({
      kind: fc.constant('gate' as const),
      name: fc.constant(name),
      qubits: fc.shuffledSubarray(qubits, { minLength: GATE_ARITY[name].qubits, maxLength: GATE_ARITY[name].qubits }),
      params: fc.array(angle, { minLength: GATE_ARITY[name].params, maxLength: GATE_ARITY[name].params }),
    }),
  );
}

function circuitOf(maxQubits: number, maxGates: number): fc.Arbitrary<Circuit> {
  return fc.integer({ min: 1, max: maxQubits }).chain((n) =>
    fc.array(gateOp(n), { minLength: 1, maxLength: maxGates }).map(
      (ops): Circuit => ({ kind: 'circuit', numQubits: n, numClbits: 0, parameters: [], ops }),
    ),
  );
}

describe('simulator invariants', () => {
  test('random circuits keep the norm', () => {
    fc.assert(
      fc.property(circuitOf(6, 30), (circuit) => {
        const state = allocateState(circuit.numQubits);
        applyCircuit(state, circuit);
        expect(norm(state)).toBeCloseTo(1, 12);
      }),
      { seed: 20240601, numRuns: 150 },
    );
  });

  test('a random circuit followed by its inverse returns |0>', () => {
    fc.assert(
      fc.property(circuitOf(6, 30), (circuit) => {
        const state = allocateState(circuit.numQubits);
        const compiled = compileCircuit(circuit);
        compiled.run(state, []);
        compileCircuit(inverseCircuit(circuit)).run(state, []);
        expect(maxAbsDiff(state, zeroState(circuit.numQubits))).toBeLessThan(1e-12);
      }),
      { seed: 20240602, numRuns: 150 },
    );
  });

  test('random circuits equal the dense oracle', () => {
    fc.assert(
      fc.property(circuitOf(4, 12), (circuit) => {
        const state = allocateState(circuit.numQubits);
        applyCircuit(state, circuit);
        expect(maxAbsDiff(state, applyDenseCircuit(zeroState(circuit.numQubits), circuit))).toBeLessThan(1e-12);
      }),
      { seed: 20240603, numRuns: 100 },
    );
  });
});
