/**
 * Simulation (simulation.ts): the representation read from the circuit and the precision; every
 * representation's amplitudes and probabilities against the complex float64 program (which
 * compiled.test.ts checks against the dense oracle) on cache-blocked states; clear errors.
 */
import {
  chooseRepresentation,
  CircuitBuilder,
  compileCircuit,
  efficientSU2,
  InvalidArgumentError,
  probabilities,
  qaoaCircuit,
  realAmplitudes,
  Simulation,
  StateTooLargeError,
  twoLocal,
  type Circuit,
  type Representation,
} from '../../lib/quantum';
import { maxAbsDiff, zeroState } from '../reference/dense';

function reference(circuit: Circuit, params: readonly number[]): Float64Array {
  const state = zeroState(circuit.numQubits);
  compileCircuit(circuit).run(state, params);
  return state;
}

const J = Array.from({ length: 12 }, (_, i) => Array.from({ length: 12 }, (_, j) => (j > i ? Math.cos(i + 2 * j) / 4 : 0)));
const CIRCUITS: [string, Circuit, boolean][] = [
  ['RealAmplitudes(reps=3), 12 qubits', realAmplitudes({ numQubits: 12, reps: 3, entanglement: 'reverse_linear' }), true],
  ['TwoLocal(ry, cz), 11 qubits', twoLocal({ numQubits: 11, reps: 2, entanglement: 'linear', rotationBlocks: ['ry'], entanglementBlocks: ['cz'] }), true],
  ['EfficientSU2, 11 qubits', efficientSU2({ numQubits: 11, reps: 2, entanglement: 'linear' }), false],
  ['QAOA p=2, 12 qubits', qaoaCircuit({ numQubits: 12, h: J.map((_, i) => Math.sin(i)), J, offset: 0 }, 2), false],
];

describe('chooseRepresentation', () => {
  test.each(CIRCUITS)('%s', (_, circuit, real) => {
    expect(chooseRepresentation(circuit, 'double')).toBe(real ? 'r64' : 'c64');
    expect(chooseRepresentation(circuit, 'single')).toBe(real ? 'r32' : 'c32');
  });

  test('states under 10 qubits stay complex float64 in ordinary memory, whatever the precision', () => {
    const small = realAmplitudes({ numQubits: 6, reps: 1 });
    expect(chooseRepresentation(small, 'single')).toBe('c64');
  });
});

describe('Simulation', () => {
  test.each(CIRCUITS)('%s: every representation it can hold matches the complex float64 program, in blocks of 7-10 qubits', (_, circuit, real) => {
    const params = circuit.parameters.map((_, i) => Math.sin(1.7 * i + 0.3) * 2);
    const want = reference(circuit, params);
    const reprs: Representation[] = real ? ['c64', 'c32', 'r64', 'r32'] : ['c64', 'c32'];
    for (const representation of reprs) {
      for (const maxFusedQubits of [1, 3]) {
        const sim = new Simulation(circuit, { representation, maxFusedQubits, blockBytes: 2 ** 10 * (representation === 'r32' ? 4 : representation === 'c64' ? 16 : 8) });
        expect(sim.program.stages.some((s) => s.kind === 'blocked')).toBe(true);
        sim.run(params);
        const tolerance = representation.endsWith('32') ? 2e-6 : 1e-12;
        expect(maxAbsDiff(sim.amplitudes(), want)).toBeLessThan(tolerance);
        expect(maxAbsDiff(sim.probabilities(), probabilities(want))).toBeLessThan(tolerance);
        // a second run resets the state first
        sim.run(params);
        expect(maxAbsDiff(sim.amplitudes(), want)).toBeLessThan(tolerance);
      }
    }
  });

  test('the real float64 path gives the complex path\'s probabilities bit for bit (no multi-qubit fusion, CX not absorbed), to 1e-15 absorbed', () => {
    const circuit = realAmplitudes({ numQubits: 14, reps: 2, entanglement: 'linear' });
    const params = circuit.parameters.map((_, i) => 0.3 * i - 1);
    const real = new Simulation(circuit, { representation: 'r64', absorbControlled: false });
    const absorbed = new Simulation(circuit, { representation: 'r64' });
    const complex = new Simulation(circuit, { representation: 'c64' });
    real.run(params);
    absorbed.run(params);
    complex.run(params);
    expect(Array.from(real.probabilities())).toEqual(Array.from(complex.probabilities()));
    const p = absorbed.probabilities();
    const q = complex.probabilities();
    let worst = 0;
    for (let k = 0; k < p.length; k++) worst = Math.max(worst, Math.abs(p[k]! - q[k]!));
    expect(worst).toBeGreaterThan(0); // the absorbed program really reorders
    expect(worst).toBeLessThan(1e-15);
  });

  test.each(['c64', 'c32', 'r64'] as const)('gateByGate, %s: one pass per gate in circuit order, from |0...0> each run', (representation) => {
    const circuit = realAmplitudes({ numQubits: 12, reps: 2, entanglement: 'linear' });
    const params = circuit.parameters.map((_, i) => Math.cos(i) - 0.2);
    const sim = new Simulation(circuit, { representation, gateByGate: true });
    // one direct stage, one instruction per gate: nothing fused, absorbed, blocked or folded into the start state
    expect(sim.program.stages.map((stage) => stage.kind)).toEqual(['direct']);
    expect(sim.program.stages[0]!.program.numInstructions).toBe(circuit.ops.length);
    const want = reference(circuit, params);
    const tolerance = representation === 'c32' ? 2e-6 : 1e-13;
    for (let run = 0; run < 2; run++) {
      sim.run(params);
      expect(maxAbsDiff(sim.amplitudes(), want)).toBeLessThan(tolerance);
    }
  });

  test('errors name the field: precision, a real representation for a complex circuit, the memory budget', () => {
    const complex = new CircuitBuilder(10).h(0).rz(0.3, 1).build();
    expect(() => new Simulation(complex, { precision: 'half' as never })).toThrow(/precision: "half" is not a precision; use 'double' or 'single'/);
    expect(() => new Simulation(complex, { representation: 'r64' })).toThrow(InvalidArgumentError);
    expect(() => new Simulation(complex, { maxBytes: 1000 })).toThrow(StateTooLargeError);
  });
});
