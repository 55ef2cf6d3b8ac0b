/**
 * The product-state prefix (engine/product.ts): each qubit's leading 1-qubit gates become the
 * initial state; runs with and without it agree, for every representation, including qubits no
 * gate touches and circuits of 1-qubit gates only.
 */
import { BlockedProgram, CircuitBuilder, compileCircuit, efficientSU2, type Circuit, type GateOp, type Representation } from '../../../lib/quantum';
import { allocateEngineMemory, splitProductPrefix, toComplex64 } from '../../../lib/quantum/engine';
import { maxAbsDiff, zeroState } from '../../reference/dense';

function run(circuit: Circuit, representation: Representation, params: number[]): Float64Array {
  const program = new BlockedProgram(circuit, { representation, productPrefix: true, blockQubits: 8, minContiguousQubits: 3 });
  const memory = allocateEngineMemory({ representation, numQubits: circuit.numQubits, scratchAmplitudes: program.scratchAmplitudes, coefficientVectors: program.coefficientVectors })!;
  program.attach(memory.coefficients[0]!);
  memory.state.fill(7); // initialize must write every amplitude
  program.bind(params);
  program.initialize(memory.state, params);
  program.runShare(memory.state, 0, 1, memory.scratch[0], () => undefined);
  return toComplex64(memory.info, memory.state);
}

function reference(circuit: Circuit, params: number[]): Float64Array {
  const state = zeroState(circuit.numQubits);
  compileCircuit(circuit).run(state, params);
  return state;
}

describe('product prefix', () => {
  test('splits each qubit\'s leading 1-qubit gates off, keeping the rest in order', () => {
    const c = new CircuitBuilder(4).h(0).ry(0.1, 1).cx(0, 1).rz(0.2, 0).x(2).ry(0.3, 2).cz(2, 3).h(3).build();
    const gates = c.ops.filter((op): op is GateOp => op.kind === 'gate');
    const { prefix, rest } = splitProductPrefix(gates, 4);
    expect(prefix.map((p) => p.map((g) => g.name))).toEqual([['h'], ['ry'], ['x', 'ry'], []]);
    expect(rest.map((g) => g.name)).toEqual(['cx', 'rz', 'cz', 'h']);
  });

  test.each(['c64', 'c32', 'r64', 'r32'] as Representation[])('%s: with the prefix folded in, runs equal the plain program', (representation) => {
    const real = representation.startsWith('r');
    const b = new CircuitBuilder(11, { parameters: ['a'] });
    for (let q = 0; q < 10; q++) b.ry(0.2 * q + 0.1, q).h(q);
    if (!real) for (let q = 0; q < 10; q += 2) b.rz(0.3 * q, q).sx(q);
    for (let q = 0; q + 1 < 10; q += 3) b.cx(q, q + 1);
    b.ry(1.3, 4); // after the CX on 4? no CX touches 4 before: stays in the prefix
    const circuits: Circuit[] = [b.build(), new CircuitBuilder(10).h(0).ry(0.7, 5).x(9).build(), ...(real ? [] : [efficientSU2({ numQubits: 10, reps: 1 })])];
    for (const circuit of circuits) {
      const params = circuit.parameters.map((_, i) => 0.4 - 0.3 * i);
      expect(maxAbsDiff(run(circuit, representation, params), reference(circuit, params))).toBeLessThan(representation.endsWith('32') ? 1e-6 : 1e-12);
    }
  });
});
